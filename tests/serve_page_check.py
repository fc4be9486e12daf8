#!/usr/bin/env python3
"""Opens the pages of `innomap serve` in headless Chromium and checks them, through the DevTools
protocol over a pipe (standard library only): on `/`, the canned-query library lists its queries,
clicking one loads it, Run shows the result table with labels; a CONSTRUCT query draws the graph
view; on `/consortium?direction=D`, the consortium's members and leader appear; no page makes a
request to anything but the server, and no script error is thrown.

    python3 tests/serve_page_check.py BASE_URL QUERY ROWS LABEL DIRECTION LEADER [SCREENSHOT.png]

Prints one line per check and ends with "N passed, M failed"; exits 1 on any failure.
"""

import base64
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class DevTools:
    """A DevTools-protocol session with Chromium over --remote-debugging-pipe (fds 3 and 4)."""

    def __init__(self, chromium, profile):
        to_chrome_r, self.to_chrome_w = os.pipe()
        self.from_chrome_r, from_chrome_w = os.pipe()

        def wire_pipes():
            # Chromium reads commands on fd 3 and writes answers on fd 4. Move both ends above
            # fd 10 first, so that the two dup2 calls cannot clobber each other.
            a = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.process = subprocess.Popen(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1400,900",
                f"--user-data-dir={profile}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,
            preexec_fn=wire_pipes,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.next_id = 0
        self.answers = {}
        self.events = []
        self.lock = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        buffer = b""
        while True:
            chunk = os.read(self.from_chrome_r, 65536)
            if not chunk:
                return
            buffer += chunk
            while b"\0" in buffer:
                message, buffer = buffer.split(b"\0", 1)
                data = json.loads(message)
                with self.lock:
                    if "id" in data:
                        self.answers[data["id"]] = data
                    else:
                        self.events.append(data)
                    self.lock.notify_all()

    def send(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_chrome_w, json.dumps(message).encode() + b"\0")
        deadline = time.time() + timeout
        with self.lock:
            while self.next_id not in self.answers:
                left = deadline - time.time()
                if left <= 0:
                    raise TimeoutError(f"no answer to {method}")
                self.lock.wait(left)
            answer = self.answers.pop(self.next_id)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    def wait_event(self, method, timeout=30):
        deadline = time.time() + timeout
        with self.lock:
            while True:
                for event in self.events:
                    if event.get("method") == method:
                        return event
                left = deadline - time.time()
                if left <= 0:
                    raise TimeoutError(f"no {method} event")
                self.lock.wait(left)

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def main():
    if len(sys.argv) < 7:
        print(__doc__)
        return 2
    base = sys.argv[1].rstrip("/")
    query, rows, label, direction, leader = sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
    screenshot = sys.argv[7] if len(sys.argv) > 7 else None
    chromium = find_chromium()
    if not chromium:
        print("chromium is not installed")
        return 2
    passed, failed = 0, 0

    def check(name, ok, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
            print(f"ok   {name}")
        else:
            failed += 1
            print(f"FAIL {name}: {detail}")

    profile = tempfile.mkdtemp(prefix="innomap-chromium-")
    tools = DevTools(chromium, profile)
    try:
        target = tools.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = tools.send(
            "Target.attachToTarget", {"targetId": target, "flatten": True}
        )["sessionId"]
        for domain in ("Network.enable", "Page.enable", "Runtime.enable", "Log.enable"):
            tools.send(domain, session=session)

        def evaluate(expression):
            result = tools.send(
                "Runtime.evaluate",
                {"expression": expression, "returnByValue": True, "awaitPromise": True},
                session=session,
            )
            if "exceptionDetails" in result:
                raise RuntimeError(json.dumps(result["exceptionDetails"])[:500])
            return result["result"].get("value")

        def wait_for(expression, what, timeout=30):
            deadline = time.time() + timeout
            while True:
                value = evaluate(expression)
                if value:
                    return value
                if time.time() > deadline:
                    raise TimeoutError(what)
                time.sleep(0.1)

        def open_page(url):
            with tools.lock:
                tools.events = [e for e in tools.events if e.get("method") != "Page.loadEventFired"]
            tools.send("Page.navigate", {"url": url}, session=session)
            tools.wait_event("Page.loadEventFired")
            wait_for("document.body.getAttribute('data-ready') === 'true'", f"{url} never became ready")

        # The query page: the library, a canned query, the table with labels.
        open_page(base + "/")
        listed = evaluate("document.querySelectorAll('#queries li').length")
        check("the library lists the canned queries", listed >= 10, listed)
        titles = evaluate(
            f"(function () {{ var li = document.querySelector('#queries li[data-name=\"{query}\"]');"
            " return li ? [li.querySelector('.title').textContent, li.querySelector('.other').textContent] : null; })()"
        )
        check("a query shows its Chinese and English titles", bool(titles) and all(titles), titles)
        evaluate(f"document.querySelector('#queries li[data-name=\"{query}\"]').click()")
        loaded = evaluate("innomap.yasqe.getValue()")
        check("clicking a query loads it into the editor", "SELECT" in loaded and "ORDER BY" in loaded, loaded[:200])
        evaluate("document.getElementById('run').click()")
        wait_for("document.getElementById('results').getAttribute('data-state') === 'done'"
                 " || !document.getElementById('error').hidden", "the query never finished")
        error = evaluate("document.getElementById('error').hidden ? '' : document.getElementById('error').textContent")
        check("the query runs without error", not error, error)
        table = evaluate(
            "(function () { var t = document.getElementById('result-table'); if (!t) { return null; }"
            " return {rows: t.querySelectorAll('tbody tr').length,"
            " headings: Array.prototype.map.call(t.querySelectorAll('th'), function (h) { return h.textContent; }),"
            " first: Array.prototype.map.call(t.querySelectorAll('tbody tr:first-child td'), function (c) { return c.textContent; })}; })()"
        )
        check("the result table has every row", bool(table) and table["rows"] == rows, table)
        check("IRIs show as labels", bool(table) and label in " ".join(table["first"]), table)
        if screenshot:
            shot = tools.send("Page.captureScreenshot", {"format": "png"}, session=session)
            with open(screenshot, "wb") as f:
                f.write(base64.b64decode(shot["data"]))

        # A CONSTRUCT answer is drawn as a graph.
        evaluate(
            "innomap.yasqe.setValue('CONSTRUCT { ?r im:backs ?c } WHERE { ?s a im:ChainSupport ; im:chain ?c ; im:resource ?r } LIMIT 40');"
            " document.getElementById('run').click()"
        )
        wait_for("document.getElementById('results').getAttribute('data-state') === 'done'"
                 " || !document.getElementById('error').hidden", "the CONSTRUCT query never finished")
        graph = evaluate(
            "({error: document.getElementById('error').hidden ? '' : document.getElementById('error').textContent,"
            " nodes: innomap.cy ? innomap.cy.nodes().length : 0, edges: innomap.cy ? innomap.cy.edges().length : 0,"
            " visible: !document.getElementById('graph-view').hidden})"
        )
        check("a CONSTRUCT answer is drawn as a graph", not graph["error"] and graph["nodes"] > 0 and graph["visible"], graph)

        # The consortium page.
        open_page(f"{base}/consortium?direction={direction}")
        wait_for("document.getElementById('report').getAttribute('data-state') === 'done'"
                 " || !document.getElementById('error').hidden", "the consortium never showed")
        report = evaluate(
            "({error: document.getElementById('error').hidden ? '' : document.getElementById('error').textContent,"
            " members: document.querySelectorAll('#members tbody tr').length,"
            " text: document.getElementById('report').textContent,"
            " options: document.querySelectorAll('#direction option').length})"
        )
        check("the consortium page lists the directions", report["options"] >= 31, report["options"])
        check("the consortium shows its members", not report["error"] and report["members"] >= 2, report)
        check("the consortium names its leader", leader in report["text"], report["text"][:300])

        with tools.lock:
            events = list(tools.events)
        requests = [
            e["params"]["request"]["url"]
            for e in events
            if e.get("method") == "Network.requestWillBeSent"
        ]
        outside = [u for u in requests if not (u.startswith(base + "/") or u.startswith("data:") or u.startswith("blob:"))]
        check("the pages made no request outside the server", not outside and len(requests) > 5,
              {"outside": outside, "count": len(requests)})
        errors = [
            e["params"]["exceptionDetails"].get("exception", {}).get("description") or e["params"]["exceptionDetails"].get("text")
            for e in events
            if e.get("method") == "Runtime.exceptionThrown"
        ]
        check("no script error", not errors, errors)
        violations = [
            e["params"]["entry"]["text"]
            for e in events
            if e.get("method") == "Log.entryAdded" and "Content Security Policy" in e["params"]["entry"].get("text", "")
        ]
        check("no Content-Security-Policy violation", not violations, violations)
    finally:
        tools.close()
        shutil.rmtree(profile, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
