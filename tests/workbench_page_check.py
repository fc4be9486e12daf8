#!/usr/bin/env python3
"""Opens every kind of workbench page of `innomap serve` in headless Chromium (DevTools protocol over
a pipe, standard library only) and checks what a person would see: the page's main content drawn
(tables with rows, ECharts charts with bars, the Cytoscape network with nodes), Chinese labels where
codes used to show, numbers rounded, tables sortable with the sort kept in the URL, an XLSX download
that openpyxl reads with Chinese headings, errors in the page's language with "did you mean" links,
English with ?lang=en, the A4 print stylesheet, and at 1366×768 nothing overlapping or cut off. No
page may make a request beyond the server, throw a script error or log a console error.

    python3 tests/workbench_page_check.py BASE_URL OUT_DIR [--screenshots DIR]

OUT_DIR receives the downloads and the printed PDF; with --screenshots, the overview, chain,
direction and firm pages are saved there as PNG at 1366×768 (docs/screenshots/ keeps them).
Prints one line per check and ends with "N passed, M failed"; exits 1 on any failure.
"""

import base64
import json
import os
import re
import shutil
import sys
import tempfile
import time
import urllib.request

from chromium_devtools import Checks, DevTools, find_chromium, requested_urls, script_errors

# Codes that must never show as cell text: kind names, tier names, country codes, IRIs.
CODES = {
    "firm", "university", "national_key_lab", "provincial_key_lab", "research_institute",
    "new_rd_institution", "enterprise_rd_institute", "platform", "pilot_base", "fund",
    "tech_sme", "high_tech_enterprise", "gazelle", "unicorn", "upstream", "midstream", "downstream",
    "CN", "US", "JP", "KR", "DE", "true", "false",
}

PAGES = [
    # (name, path, what must appear, tables expected, chart expected, network expected)
    ("overview", "/", ["8×10 创新资源矩阵", "企业梯队", "培育库", "攻关方向", "冶金新材料"], True, True, False),
    ("chain", "/chain/new-energy", ["新能源", "新型研发机构", "中游", "高新技术企业"], True, True, True),
    ("direction", "/direction/T19", ["电池电解液与新型储能", "建议创新联合体", "牵头单位", "缺口与招引建议"], True, False, True),
    ("firm", "/firm/shagang", ["江苏沙钢集团有限公司", "格次", "推荐合作伙伴", "高新技术企业", "培育库"], True, False, True),
    ("resource", "/resource/sjtu", ["上海交通大学", "高校", "支撑的产业链", "合作情况"], True, False, True),
    ("pools", "/pools", ["专利缺失", "研发缺位", "合作缺乏"], True, False, False),
    ("analysis", "/analysis", ["科技招商", "单点风险", "跨链枢纽", "招引价值"], True, False, False),
    ("search", "/search?q=%E5%A4%A7%E5%AD%A6", ["搜索结果", "高校"], True, False, False),
]


def main():
    args = sys.argv[1:]
    screenshots = None
    if "--screenshots" in args:
        i = args.index("--screenshots")
        screenshots = args[i + 1]
        del args[i:i + 2]
    if len(args) < 2:
        print(__doc__)
        return 2
    base, out = args[0].rstrip("/"), args[1]
    os.makedirs(out, exist_ok=True)
    chromium = find_chromium()
    if not chromium:
        print("chromium is not installed")
        return 2
    check = Checks()
    profile = tempfile.mkdtemp(prefix="innomap-workbench-")
    tools = DevTools(chromium, profile)
    try:
        session = tools.attach_page(("Network.enable", "Page.enable", "Runtime.enable", "Log.enable"))
        tools.send("Emulation.setDeviceMetricsOverride",
                   {"width": 1366, "height": 768, "deviceScaleFactor": 1, "mobile": False}, session=session)

        def evaluate(expression):
            return tools.evaluate(session, expression)

        def wait_for(expression, what, timeout=30):
            return tools.wait_for(session, expression, what, timeout)

        def open_page(url):
            tools.open_ready(session, url)
            # Charts and networks draw just after the content.
            wait_for("Array.prototype.every.call(document.querySelectorAll('.chart, .network'),"
                     " function (e) { return e.getAttribute('data-drawn') === 'true'; })", f"{url} never drew")
            time.sleep(0.2)

        def shot(path):
            data = tools.send("Page.captureScreenshot", {"format": "png"}, session=session)
            with open(path, "wb") as f:
                f.write(base64.b64decode(data["data"]))

        state = """(function () {
          var error = document.getElementById('error');
          var cells = Array.prototype.map.call(document.querySelectorAll('td'), function (c) { return c.textContent.trim(); });
          var tables = Array.prototype.map.call(document.querySelectorAll('.table-block'), function (t) {
            return {name: t.getAttribute('data-table'), rows: t.querySelectorAll('tbody tr').length}; });
          var charts = Array.prototype.map.call(document.querySelectorAll('.chart'), function (c) {
            return c.querySelectorAll('svg path').length; });
          var networks = Array.prototype.map.call(document.querySelectorAll('.network'), function (n) {
            return {nodes: +n.getAttribute('data-nodes'), canvas: n.querySelectorAll('canvas').length}; });
          var facts = Array.prototype.map.call(document.querySelectorAll('.fact'), function (f) {
            var r = f.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; });
          var heads = Array.prototype.map.call(document.querySelectorAll('#top > *'), function (f) {
            var r = f.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; });
          return {error: error.hidden ? '' : error.textContent, text: document.body.innerText, cells: cells,
                  tables: tables, charts: charts, networks: networks, facts: facts, heads: heads,
                  width: document.documentElement.scrollWidth, lang: document.documentElement.lang,
                  title: document.title};
        })()"""

        def overlapping(boxes):
            for i, a in enumerate(boxes):
                for b in boxes[i + 1:]:
                    if a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1:
                        return [a, b]
            return None

        downloaded = False
        for name, path, expected, want_table, want_chart, want_network in PAGES:
            open_page(base + path)
            page = evaluate(state)
            check(f"{name}: the page renders without an error", not page["error"], page["error"])
            missing = [e for e in expected if e not in page["text"]]
            check(f"{name}: Chinese labels appear", not missing, missing)
            if want_table:
                check(f"{name}: tables have rows", page["tables"] and page["tables"][0]["rows"] > 0, page["tables"])
            if want_chart:
                check(f"{name}: charts are drawn", page["charts"] and all(n > 3 for n in page["charts"]), page["charts"])
            if want_network:
                nets = page["networks"]
                check(f"{name}: the network is drawn", nets and nets[0]["nodes"] > 3 and nets[0]["canvas"] > 0, nets)
            codes = sorted({c for c in page["cells"] if c in CODES or re.match(r"^https?://", c)})
            check(f"{name}: no codes or IRIs in the tables", not codes, codes[:10])
            long_numbers = [c for c in page["cells"] if re.fullmatch(r"-?\d+\.\d{4,}%?", c)]
            check(f"{name}: numbers are rounded", not long_numbers, long_numbers[:5])
            check(f"{name}: nothing is cut off at 1366 wide", page["width"] <= 1366, page["width"])
            check(f"{name}: key figures and the header do not overlap",
                  not overlapping(page["facts"]) and not overlapping(page["heads"]),
                  overlapping(page["facts"]) or overlapping(page["heads"]))
            if screenshots and name in ("overview", "chain", "direction", "firm"):
                os.makedirs(screenshots, exist_ok=True)
                evaluate("window.scrollTo(0, 0)")
                shot(os.path.join(screenshots, f"workbench-{name}.png"))

            if name == "chain":
                # Sorting: the firms table by its last (numeric) column, descending, kept in the URL.
                before = evaluate("Array.prototype.map.call(document.querySelectorAll('[data-table=firms] tbody tr td:last-child'), function (c) { return +c.textContent; })")
                evaluate("(function () { var ths = document.querySelectorAll('[data-table=firms] th'); ths[ths.length - 1].click(); })()")
                after = evaluate("Array.prototype.map.call(document.querySelectorAll('[data-table=firms] tbody tr td:last-child'), function (c) { return +c.textContent; })")
                check("chain: a numeric column sorts descending on click", after == sorted(before, reverse=True), after[:8])
                url = evaluate("location.href")
                check("chain: the sort is kept in the URL", "sort=firms." in url, url)
                open_page(url)
                kept = evaluate("Array.prototype.map.call(document.querySelectorAll('[data-table=firms] tbody tr td:last-child'), function (c) { return +c.textContent; })")
                check("chain: the linked URL opens sorted", kept == after, kept[:8])

            if name == "direction" and not downloaded:
                href = evaluate("document.querySelector('[data-table=consortia] a.download.xlsx').getAttribute('href')")
                target = os.path.join(out, "direction-T19-consortia.xlsx")
                with urllib.request.urlopen(base + href) as response:
                    kind = response.headers.get("Content-Type", "")
                    disposition = response.headers.get("Content-Disposition", "")
                    with open(target, "wb") as f:
                        f.write(response.read())
                check("the XLSX download is a workbook", "spreadsheetml" in kind and "attachment" in disposition,
                      (kind, disposition))
                try:
                    import openpyxl
                    book = openpyxl.load_workbook(target)
                    sheet = book.worksheets[0]
                    header = [c.value for c in next(sheet.iter_rows(min_row=1, max_row=1))]
                    rows = sheet.max_row - 1
                    shown = evaluate("document.querySelectorAll('[data-table=consortia] tbody tr').length")
                    check("openpyxl reads the workbook with Chinese headings",
                          "单位" in header and "角色" in header and all(re.search(r"[\u4e00-\u9fff]", h or "") for h in header),
                          header)
                    check("the workbook has the rows the page shows", rows == shown, (rows, shown))
                    values = {str(c.value) for row in sheet.iter_rows(min_row=2) for c in row if c.value is not None}
                    check("the workbook shows labels, not codes", not (values & CODES), sorted(values & CODES))
                except ImportError:
                    check("openpyxl is installed", False, "pip install openpyxl")
                href = evaluate("document.querySelector('[data-table=consortia] a.download.csv').getAttribute('href')")
                with urllib.request.urlopen(base + href) as response:
                    text = response.read().decode("utf-8")
                check("the CSV download has Chinese headings and a byte order mark",
                      text.startswith("\ufeff") and "单位" in text.splitlines()[0], text[:80])
                downloaded = True

            if name == "firm":
                # Print media: the A4 stylesheet applies; the page prints to PDF.
                tools.send("Emulation.setEmulatedMedia", {"media": "print"}, session=session)
                printed = evaluate("({header: getComputedStyle(document.getElementById('top')).display,"
                                   " scroll: getComputedStyle(document.querySelector('.table-scroll')).maxHeight,"
                                   " downloads: getComputedStyle(document.querySelector('.tools')).display})")
                check("print media hides the navigation and downloads and unrolls tables",
                      printed["header"] == "none" and printed["downloads"] == "none" and printed["scroll"] == "none", printed)
                tools.send("Emulation.setEmulatedMedia", {"media": ""}, session=session)
                pdf = tools.send("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}, session=session)
                data = base64.b64decode(pdf["data"])
                with open(os.path.join(out, "firm-shagang.pdf"), "wb") as f:
                    f.write(data)
                sizes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
                a4 = bool(sizes) and all(abs(float(w) - 595.9) < 3 and abs(float(h) - 842.9) < 3 for w, h in sizes)
                check("the page prints on A4", data.startswith(b"%PDF") and a4, sizes[:2])

        # Errors in the page's language, with "did you mean" links.
        open_page(base + "/direction/t19")
        error = evaluate("({text: document.getElementById('error').textContent,"
                         " links: Array.prototype.map.call(document.querySelectorAll('#error a'), function (a) { return a.getAttribute('href'); })})")
        check("an unknown name gives a Chinese error", "找不到" in error["text"] and "攻关方向" in error["text"], error["text"])
        check("the error links what was meant", "/direction/T19" in error["links"], error["links"])
        open_page(base + "/direction/t19?lang=en")
        error = evaluate("document.getElementById('error').textContent")
        check("an English page gives an English error", "No direction" in error and "找不到" not in error, error)

        # A name of another kind is sent to its page.
        open_page(base + "/firm/sjtu")
        check("a resource asked for as a firm opens its own page", evaluate("location.pathname") == "/resource/sjtu",
              evaluate("location.pathname"))

        # English.
        open_page(base + "/chain/new-energy?lang=en")
        page = evaluate(state)
        check("English pages are in English", page["lang"] == "en" and "New energy" in page["text"] and "Firms by tier" in page["text"],
              page["text"][:200])
        link = evaluate("document.querySelector('#nav a').getAttribute('href')")
        check("English pages link in English", link.endswith("lang=en"), link)

        # The SPARQL page stays, as 高级查询, and its editor shows a valid query as valid.
        open_page(base + "/advanced")
        valid = wait_for("window.innomap && window.innomap.yasqe ? String(innomap.yasqe.queryValid) : ''", "no editor")
        marks = evaluate("document.querySelectorAll('#editor .parseErrorIcon, #editor .CodeMirror-gutter-elt .error').length")
        check("the 高级查询 page opens without an error mark", valid == "true" and marks == 0, (valid, marks))
        # The same check marks a query that uses a prefix it does not declare (what the page showed before).
        bare = evaluate("innomap.yasqe.setValue('SELECT * WHERE { ?s a im:Chain }'); innomap.yasqe.checkSyntax();"
                        " String(innomap.yasqe.queryValid)")
        check("the editor's check does mark an undeclared prefix", bare == "false", bare)

        events = tools.events_so_far()
        requests = requested_urls(events)
        outside = [u for u in requests if not (u.startswith(base + "/") or u.startswith("data:") or u.startswith("blob:"))]
        check("no request beyond the server", not outside and len(requests) > 10, {"outside": outside[:5], "count": len(requests)})
        thrown = script_errors(events)
        check("no script error", not thrown, thrown[:3])
        console = [(e["params"]["entry"].get("text"), e["params"]["entry"].get("url"))
                   for e in events if e.get("method") == "Log.entryAdded" and e["params"]["entry"].get("level") == "error"
                   # The error pages answer 404, which Chromium logs as a failed resource.
                   and "404" not in e["params"]["entry"].get("text", "")]
        console += [str(e["params"].get("args"))[:200] for e in events
                    if e.get("method") == "Runtime.consoleAPICalled" and e["params"].get("type") == "error"]
        check("no console error", not console, console[:3])
    finally:
        tools.close()
        shutil.rmtree(profile, ignore_errors=True)
    return check.summary()


if __name__ == "__main__":
    sys.exit(main())
