"""Headless Chromium driven through the DevTools protocol over a pipe (standard library only),
shared by the page checks of `innomap export` (tests/export_page_check.py) and `innomap serve`
(tests/serve_page_check.py)."""

import fcntl
import json
import os
import shutil
import subprocess
import threading
import time


class Checks:
    """Named checks, printed as they run (`ok   NAME` / `FAIL NAME: DETAIL`), then counted."""

    def __init__(self):
        self.passed, self.failed = 0, 0

    def __call__(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"ok   {name}")
        else:
            self.failed += 1
            print(f"FAIL {name}: {detail}")

    def summary(self):
        """Prints `N passed, M failed` (what the Rust tests look for) and returns the exit code."""
        print(f"{self.passed} passed, {self.failed} failed")
        return 0 if self.failed == 0 else 1


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

    def attach_page(self, domains):
        """A new blank tab with the given protocol domains enabled (e.g. "Page.enable"); returns its
        session id."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in domains:
            self.send(domain, session=session)
        return session

    def evaluate(self, session, expression):
        """The value of a JavaScript expression in the tab (promises awaited); raises on a script
        error."""
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
            session=session,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(json.dumps(result["exceptionDetails"])[:500])
        return result["result"].get("value")

    def wait_for(self, session, expression, what, timeout=30):
        """The first truthy value of `expression`, polled every 0.1 s; TimeoutError after `timeout`."""
        deadline = time.time() + timeout
        while True:
            value = self.evaluate(session, expression)
            if value:
                return value
            if time.time() > deadline:
                raise TimeoutError(what)
            time.sleep(0.1)

    def open_ready(self, session, url):
        """Navigates to `url` and waits for the load event and the page's `data-ready="true"`."""
        with self.lock:
            self.events = [e for e in self.events if e.get("method") != "Page.loadEventFired"]
        self.send("Page.navigate", {"url": url}, session=session)
        self.wait_event("Page.loadEventFired")
        self.wait_for(session, "document.body.getAttribute('data-ready') === 'true'", f"{url} never became ready")

    def events_so_far(self):
        """A copy of every protocol event received so far."""
        with self.lock:
            return list(self.events)

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def requested_urls(events):
    """The URLs the pages asked for."""
    return [e["params"]["request"]["url"] for e in events if e.get("method") == "Network.requestWillBeSent"]


def script_errors(events):
    """The uncaught script errors, each as its description."""
    return [
        e["params"]["exceptionDetails"].get("exception", {}).get("description")
        or e["params"]["exceptionDetails"].get("text")
        for e in events
        if e.get("method") == "Runtime.exceptionThrown"
    ]
