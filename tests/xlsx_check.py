#!/usr/bin/env python3
"""Reads an XLSX workbook that innomap wrote with an independent reader (openpyxl) and checks it
against what the test expects: the sheet names, the header row, the number of data rows, that
numeric columns hold numbers (not text) with a number format, that the header is frozen, and that
every sheet has a filter.

Usage: xlsx_check.py FILE SPEC.json, where SPEC lists, per sheet: name, header (the first cells),
rows (how many data rows, or null), numeric (header names whose cells must be numbers), and
optionally formats ({header: number format every value of that column must carry, such as
"0.00%"}), contains ({header: a value some cell of that column must hold, such as a Chinese label})
and no_codes (true: no cell holds an IRI, nor one of the kind codes or booleans people should not see).
Prints one line per check and `N passed, M failed` last; exits 1 on a failure.
"""
import json
import sys

import openpyxl


def main():
    path, spec_path = sys.argv[1], sys.argv[2]
    spec = json.load(open(spec_path, encoding="utf-8"))
    workbook = openpyxl.load_workbook(path)
    passed = failed = 0

    def check(ok, what):
        nonlocal passed, failed
        print(("ok   " if ok else "FAIL ") + what)
        if ok:
            passed += 1
        else:
            failed += 1

    check(workbook.sheetnames[: len(spec)] == [s["name"] for s in spec], f"sheets {workbook.sheetnames}")
    for sheet_spec in spec:
        if sheet_spec["name"] not in workbook.sheetnames:
            continue
        sheet = workbook[sheet_spec["name"]]
        header = [c.value for c in sheet[1]]
        want = sheet_spec["header"]
        check(header[: len(want)] == want, f"{sheet.title}: header {header[:len(want)]}")
        if sheet_spec.get("rows") is not None:
            check(sheet.max_row - 1 == sheet_spec["rows"], f"{sheet.title}: {sheet.max_row - 1} data rows")
        check(sheet.freeze_panes == "A2", f"{sheet.title}: header frozen ({sheet.freeze_panes})")
        check(bool(sheet.auto_filter.ref), f"{sheet.title}: filter {sheet.auto_filter.ref}")
        for name in sheet_spec.get("numeric", []):
            if name not in header:
                check(False, f"{sheet.title}: no column {name}")
                continue
            column = header.index(name) + 1
            cells = [sheet.cell(row=r, column=column) for r in range(2, sheet.max_row + 1)]
            values = [c for c in cells if c.value is not None]
            numbers = all(isinstance(c.value, (int, float)) for c in values)
            formatted = all(c.number_format != "General" for c in values)
            check(bool(values) and numbers and formatted, f"{sheet.title}: {name} numbers with a format")
        for name, pattern in sheet_spec.get("formats", {}).items():
            if name not in header:
                check(False, f"{sheet.title}: no column {name}")
                continue
            column = header.index(name) + 1
            cells = [sheet.cell(row=r, column=column) for r in range(2, sheet.max_row + 1)]
            values = [c for c in cells if c.value is not None]
            check(bool(values) and all(c.number_format == pattern for c in values),
                  f"{sheet.title}: {name} formatted {pattern} ({values[0].number_format if values else 'empty'})")
        for name, value in sheet_spec.get("contains", {}).items():
            if name not in header:
                check(False, f"{sheet.title}: no column {name}")
                continue
            column = header.index(name) + 1
            cells = [sheet.cell(row=r, column=column).value for r in range(2, sheet.max_row + 1)]
            check(value in cells, f"{sheet.title}: {name} holds {value!r}")
        if sheet_spec.get("no_codes"):
            codes = {"firm", "university", "new_rd_institution", "research_institute", "true", "false", "CN", "KR", "JP", "US"}
            bad = [c.value for row in sheet.iter_rows(min_row=2) for c in row
                   if isinstance(c.value, str) and (c.value.startswith("http") or c.value in codes)]
            check(not bad, f"{sheet.title}: no IRIs or codes {bad[:3]}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
