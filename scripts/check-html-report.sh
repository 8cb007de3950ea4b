#!/usr/bin/env bash
# Renders medlint's HTML report of the fixtures (and the reference articles when they are beside
# the repository) in headless Chromium, checks that the page loaded with every finding
# highlighted, and saves a screenshot to look at.
#
#   scripts/check-html-report.sh [SCREENSHOT.png]
#
# Needs Debian's chromium (apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
shot=${1:-target/html-report.png}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "chromium not found (apt-get install chromium)" >&2; exit 2; }
cargo build --release --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
inputs=(fixtures/)
[ -d ../shared/seeds ] && inputs+=(../shared/seeds)
./target/release/medlint check --format html --output "$out/report.html" "${inputs[@]}" || [ $? -eq 1 ]
./target/release/medlint check --format json "${inputs[@]}" > "$out/report.json" || [ $? -eq 1 ]
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --user-data-dir="$out/profile" --window-size=1400,1000)
"$browser" "${flags[@]}" --dump-dom "file://$out/report.html" > "$out/dom.html" 2>/dev/null
"$browser" "${flags[@]}" --screenshot="$shot" "file://$out/report.html" >/dev/null 2>&1
python3 - "$out/dom.html" "$out/report.json" <<'PY'
import json, re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
findings = json.load(open(sys.argv[2]))["findings"]
assert "<h1>medlint report</h1>" in dom, "the report did not load"
spanned = sum(1 for f in findings if f["span"])
anchors = len(re.findall(r'id="m-\d+"', dom))
assert anchors == spanned, f"{anchors} findings highlighted, {spanned} expected"
items = len(re.findall(r'<li class="finding sev-', dom))
assert items == len(findings), f"{items} findings listed, {len(findings)} expected"
# The filters ran: every finding is visible at first.
assert 'class="finding' in dom and "hidden" not in re.findall(r'<li class="([^"]*)"', dom)[0]
print(f"ok: {len(findings)} findings, {anchors} highlighted in place")
PY
echo "screenshot: $shot"
