#!/usr/bin/env python3
"""Opens an exported HTML page in headless Chromium and checks it, through the DevTools protocol
over a pipe (standard library only): the graph rendered (every node drawn, pixels on the canvas),
search finds a Chinese name, clicking a result shows its details with provenance, and the page made
no network request (every request is the page's own file: or a data: URL).

    python3 tests/export_page_check.py PAGE.html NODES EDGES SEARCH [SCREENSHOT.png]

Prints one line per check and ends with "N passed, M failed"; exits 1 on any failure.
"""

import base64
import json
import os
import shutil
import sys
import tempfile
import time


from chromium_devtools import Checks, DevTools, find_chromium, requested_urls, script_errors


def main():
    if len(sys.argv) < 5:
        print(__doc__)
        return 2
    page, nodes, edges, term = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    screenshot = sys.argv[5] if len(sys.argv) > 5 else None
    chromium = find_chromium()
    if not chromium:
        print("chromium is not installed")
        return 2
    url = "file://" + os.path.abspath(page)
    check = Checks()

    profile = tempfile.mkdtemp(prefix="innomap-chromium-")
    tools = DevTools(chromium, profile)
    try:
        session = tools.attach_page(("Network.enable", "Page.enable", "Runtime.enable"))

        def evaluate(expression):
            return tools.evaluate(session, expression)

        tools.send("Page.navigate", {"url": url}, session=session)
        tools.wait_event("Page.loadEventFired")
        deadline = time.time() + 20
        while evaluate("document.body.getAttribute('data-ready')") != "true":
            if time.time() > deadline:
                raise TimeoutError("the page never became ready")
            time.sleep(0.1)
        time.sleep(0.5)  # let the first frame paint

        counts = evaluate(
            "({nodes: innomap.cy.nodes().length, edges: innomap.cy.edges().length,"
            " drawn: innomap.cy.nodes().filter(function (n) {"
            "   var b = n.renderedBoundingBox(); return n.visible() && b.w > 0 && b.h > 0; }).length})"
        )
        check("every node is in the graph", counts["nodes"] == nodes, counts)
        check("every edge is in the graph", counts["edges"] == edges, counts)
        check("every node is drawn", counts["drawn"] == nodes, counts)
        painted = evaluate(
            "Array.prototype.reduce.call(document.querySelectorAll('#cy canvas'), function (sum, c) {"
            "  if (!c.width || !c.height) { return sum; }"
            "  var data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;"
            "  for (var i = 3; i < data.length; i += 4) { if (data[i] > 0) { n++; } }"
            "  return sum + n; }, 0)"
        )
        check("the canvas has pixels drawn", painted > 5000, painted)
        if screenshot:
            shot = tools.send("Page.captureScreenshot", {"format": "png"}, session=session)
            with open(screenshot, "wb") as f:
                f.write(base64.b64decode(shot["data"]))

        found = evaluate(
            "(function () { var box = document.getElementById('search');"
            f" box.value = {json.dumps(term)}; box.dispatchEvent(new Event('input'));"
            " return {results: Array.prototype.map.call(document.querySelectorAll('#results li'),"
            "   function (li) { return li.textContent; }),"
            " matched: innomap.cy.$('node.match').map(function (n) { return n.data('label_zh'); })}; })()"
        )
        check(
            f"search finds {term}",
            any(term in label for label in found["matched"]) and found["results"],
            found,
        )
        details = evaluate(
            "(function () { var li = document.querySelector('#results li'); li.click();"
            " return {title: document.querySelector('#details h2').textContent,"
            " rows: document.querySelectorAll('#details tr').length,"
            " text: document.getElementById('details').textContent}; })()"
        )
        check(
            "clicking a result shows its details and provenance",
            term in details["title"] and details["rows"] >= 4 and (
                "数据来源" in details["text"] or "provenance" in details["text"]
            ),
            details,
        )
        filtered = evaluate(
            "(function () { var box = document.querySelector('#kinds input');"
            " box.checked = false; box.dispatchEvent(new Event('change'));"
            " var hidden = innomap.cy.nodes('[kind = \"' + box.value + '\"]').filter(function (n) {"
            "   return !n.visible(); }).length;"
            " box.checked = true; box.dispatchEvent(new Event('change')); return hidden; })()"
        )
        check("the kind filter hides that kind", filtered > 0, filtered)

        events = tools.events_so_far()
        requests = requested_urls(events)
        outside = [u for u in requests if not (u.startswith("file://") or u.startswith("data:"))]
        check(
            "the page made no network request",
            not outside and requests.count(url) == 1,
            {"requests": requests},
        )
        errors = script_errors(events)
        check("no script error", not errors, errors)
    finally:
        tools.close()
        shutil.rmtree(profile, ignore_errors=True)
    return check.summary()


if __name__ == "__main__":
    sys.exit(main())
