#!/usr/bin/env bash
# Regenerates the pictures and the printed brief in docs/examples from the bundled data, with the
# commands docs/export-examples.md shows. Needs a built binary (INNOMAP, default target/release/innomap),
# Debian's chromium (prints the brief to an A4 PDF) and poppler-utils (pdftoppm renders its pages).
set -euo pipefail
cd "$(dirname "$0")/.."
innomap=${INNOMAP:-target/release/innomap}
out=docs/examples
mkdir -p "$out"
"$innomap" export --direction T19 -o "$out/direction-T19-consortium.svg"
"$innomap" export --direction T19 -o "$out/direction-T19-consortium.png"
"$innomap" export --chain new-energy -o "$out/chain-new-energy.svg"
"$innomap" export --chain new-energy -o "$out/chain-new-energy.png"
"$innomap" export -o "$out/whole-map.png"
brief=$(mktemp -d)
trap 'rm -rf "$brief"' EXIT
"$innomap" brief --direction T19 -o "$brief/T19" >/dev/null
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
  --print-to-pdf="$out/brief-T19.pdf" "file://$(realpath "$brief/T19/summary.html")" 2>/dev/null
pdftoppm -r 60 -png -f 1 -l 2 "$out/brief-T19.pdf" "$out/brief-T19-page"
cp "$brief/T19/summary.docx" "$out/brief-T19.docx"
echo "scripts/examples.sh: wrote $(ls "$out" | wc -l) files to $out"
