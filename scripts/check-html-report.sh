#!/usr/bin/env bash
# Renders medlint's HTML report of the fixtures (and the reference articles when they are beside
# the repository) in headless Chromium, checks that the page loaded with every finding
# highlighted, and saves a screenshot to look at. Then does the same at site scale: a report of
# 3,000 generated articles (bench/generate.py), timed from navigation to the report's script
# having run, which must be within MEDLINT_HTML_BUDGET_MS (default 10000; a figure for a
# 2-core machine, printed whatever it is).
#
#   scripts/check-html-report.sh [SCREENSHOT.png [SITE-SCREENSHOT.png]]
#
# Needs Debian's chromium (apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
shot=${1:-target/html-report.png}
site_shot=${2:-target/html-report-site.png}
budget=${MEDLINT_HTML_BUDGET_MS:-10000}
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

# Site scale: 3,000 articles, written once under target/ and reused.
site=target/html-site
[ -f "$site/.complete" ] || {
  rm -rf "$site"
  python3 bench/generate.py "$site" --articles 3000 >/dev/null
  touch "$site/.complete"
}
start=$(date +%s.%N)
./target/release/medlint check --format html --output "$out/site.html" "$site" 2>/dev/null || [ $? -eq 1 ]
written=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)")
rm -rf "$out/profile"
"$browser" "${flags[@]}" --dump-dom "file://$out/site.html" > "$out/site-dom.html" 2>/dev/null
rm -rf "$out/profile"
start=$(date +%s.%N)
"$browser" "${flags[@]}" --screenshot="$site_shot" "file://$out/site.html" >/dev/null 2>&1
shot_s=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)")
python3 - "$out/site-dom.html" "$out/site.html" "$budget" "$written" "$shot_s" <<'PY'
import os, re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
size = os.path.getsize(sys.argv[2])
budget, written, shot_s = int(sys.argv[3]), sys.argv[4], sys.argv[5]
head = dom[:dom.find("<body")]
ready = re.search(r'data-ready-ms="(\d+)"', head)
assert ready, "the site report's script did not finish"
ms = int(ready.group(1))
summary = re.search(r"<p>(\d+) findings \(.*?in (\d+) files", dom)
assert summary and summary.group(2) == "3000", "the site report does not cover 3,000 files"
# Only what is looked at was built: the first document is rendered (numbered lines, marks with
# their tooltips), most are still waiting as raw text.
waiting = dom.count('<script type="text/html">')
built = re.sub(r'<script type="text/html">.*?</script>', "", dom, flags=re.S)
rendered = built.count('<div class="panes">')
assert rendered >= 1 and waiting >= 2900, f"{rendered} documents rendered, {waiting} waiting"
assert re.search(r'<mark class="[^"]*" data-ids="[\d ]+" title="MED\d{3} ', built), "no tooltip on a highlight"
assert re.search(r'<span class="l" data-n="1">', built), "no line numbers"
print(f"ok: site report of {summary.group(2)} files and {summary.group(1)} findings, "
      f"{size / 1e6:.0f} MB written in {written} s; ready in Chromium after {ms / 1000:.1f} s "
      f"(budget {budget / 1000:.0f} s); screenshot run {shot_s} s; {rendered} documents rendered")
assert ms <= budget, f"the site report took {ms} ms to be ready, over the {budget} ms budget"
PY
echo "screenshot: $site_shot"
