#!/usr/bin/env python3
"""Opens the pages of `innomap serve` in headless Chromium and checks them, through the DevTools
protocol over a pipe (standard library only): on `/advanced` (高级查询), the canned-query library lists its queries,
clicking one loads it, Run shows the result table with labels; a CONSTRUCT query draws the graph
view; the old `/consortium?direction=D` link opens the direction's workbench page with the leader;
no page makes a request to anything but the server, and no script error is thrown.

    python3 tests/serve_page_check.py BASE_URL QUERY ROWS LABEL DIRECTION LEADER [SCREENSHOT.png]

Prints one line per check and ends with "N passed, M failed"; exits 1 on any failure.
"""

import base64
import shutil
import sys
import tempfile


from chromium_devtools import Checks, DevTools, find_chromium, requested_urls, script_errors


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
    check = Checks()

    profile = tempfile.mkdtemp(prefix="innomap-chromium-")
    tools = DevTools(chromium, profile)
    try:
        session = tools.attach_page(("Network.enable", "Page.enable", "Runtime.enable", "Log.enable"))

        def evaluate(expression):
            return tools.evaluate(session, expression)

        def wait_for(expression, what, timeout=30):
            return tools.wait_for(session, expression, what, timeout)

        def open_page(url):
            tools.open_ready(session, url)

        # The query page: the library, a canned query, the table with labels.
        open_page(base + "/advanced")
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

        # The first wave's consortium page now opens the direction's workbench page.
        open_page(f"{base}/consortium?direction={direction}")
        report = evaluate(
            "({path: location.pathname, error: document.getElementById('error').hidden ? '' : document.getElementById('error').textContent,"
            " text: document.body.innerText})"
        )
        check("the old consortium link opens the direction's page", report["path"] == f"/direction/{direction}", report["path"])
        check("the consortium names its leader", not report["error"] and leader in report["text"], report["text"][:300])

        events = tools.events_so_far()
        requests = requested_urls(events)
        outside = [u for u in requests if not (u.startswith(base + "/") or u.startswith("data:") or u.startswith("blob:"))]
        check("the pages made no request outside the server", not outside and len(requests) > 5,
              {"outside": outside, "count": len(requests)})
        errors = script_errors(events)
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
    return check.summary()


if __name__ == "__main__":
    sys.exit(main())
