#!/usr/bin/env python3
"""Opens a DOCX that innomap wrote with an independent reader (python-docx) and checks it: A4 pages,
the title as the first paragraph, a table whose heading row starts with the given cells and that
holds a given name, an embedded picture, and no command-line text or data digest.

Usage: docx_check.py FILE TITLE_PREFIX HEADING1,HEADING2,… NAME
Prints one line per check and `N passed, M failed` last; exits 1 on a failure.
"""
import re
import sys

import docx


def main():
    path, title, headings, name = sys.argv[1], sys.argv[2], sys.argv[3].split(","), sys.argv[4]
    document = docx.Document(path)
    passed = failed = 0

    def check(ok, what):
        nonlocal passed, failed
        print(("ok   " if ok else "FAIL ") + what)
        if ok:
            passed += 1
        else:
            failed += 1

    section = document.sections[0]
    check(abs(section.page_width.mm - 210) < 1 and abs(section.page_height.mm - 297) < 1,
          f"A4 ({section.page_width.mm:.0f} × {section.page_height.mm:.0f} mm)")
    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    check(bool(paragraphs) and paragraphs[0].startswith(title), f"title {paragraphs[:1]}")
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    matching = [t for t in tables if t and t[0][: len(headings)] == headings]
    check(bool(matching), f"a table headed {headings}")
    check(any(name in cell for t in matching for row in t for cell in row), f"the table holds {name}")
    check(len(document.inline_shapes) >= 1, f"{len(document.inline_shapes)} embedded pictures")
    text = "\n".join(paragraphs + [c for t in tables for row in t for c in row])
    check(not re.search(r"(^|\s)--[a-z]", text), "no command-line options")
    check(not re.search(r"\b[0-9a-f]{16}\b", text), "no data digest")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
