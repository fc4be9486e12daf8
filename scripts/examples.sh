#!/usr/bin/env bash
# Regenerates the pictures and the printed brief in docs/examples from the bundled data, with the
# commands docs/export-examples.md shows, and the workbench's screenshots at 1366×768 in
# docs/screenshots. Needs a built binary (INNOMAP, default target/release/innomap), Debian's chromium
# (prints the brief to an A4 PDF, opens the workbench) and poppler-utils (pdftoppm renders its pages).
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
# The workbench at 1366×768: the overview, a chain, a direction and a firm (the page check saves them).
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$innomap" serve --bind "127.0.0.1:$port" 2>/dev/null &
server=$!
trap 'kill "$server" 2>/dev/null; rm -rf "$brief"' EXIT
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
python3 tests/workbench_page_check.py "http://127.0.0.1:$port" "$brief/workbench" --screenshots docs/screenshots | tail -1
echo "scripts/examples.sh: wrote $(ls "$out" | wc -l) files to $out and $(ls docs/screenshots | wc -l) to docs/screenshots"
