#!/usr/bin/env bash
# bench-crawl.sh — the crawler's throughput on one large made portal with delays off, against
# Scrapy 2.8 (Debian python3-scrapy) following the same links with 16 requests in flight.
#
#   scripts/bench-crawl.sh            REPORTS=2000 RUNS=3; prints every run, the best of each, the ratio
#
# The portal is `govreports simulate --portals 1` (crawler/simulator's /big/ column, made pages,
# robots.txt with Crawl-delay 0) on 127.0.0.1. Measured, both as whole processes on the same
# machine, one after the other:
#   govreports  `govreports crawl --sites SITES` with no delay, parallelism 16 and 16 requests in
#               flight (--workers 16): robots.txt, the pager script read, every page analysed,
#               and every response archived to WARC with the state journal on (the real
#               configuration; Scrapy archives nothing);
#   scrapy      scripts/bench_crawl_spider.py: robots.txt, the list pages, every report page,
#               timed inside Python (interpreter start and imports not counted).
# Needs Debian's python3-scrapy: scripts/install-deps.sh scrapy (as root).
set -euo pipefail
cd "$(dirname "$0")/.."
REPORTS="${REPORTS:-2000}"
RUNS="${RUNS:-3}"
PY=/usr/bin/python3 # Debian's python, where python3-scrapy is installed
export PATH="/usr/local/go/bin:$PATH"
$PY -c 'import scrapy' 2>/dev/null || { echo "bench-crawl: scrapy missing: run scripts/install-deps.sh scrapy (as root)" >&2; exit 1; }

work="$(mktemp -d)"
go build -o bin/govreports ./cmd/govreports
bin/govreports --log-level warn simulate --portals 1 --reports "$REPORTS" --delay -1ns --parallelism 16 --sites-out "$work/sites.yaml" &
sim=$!
trap 'kill "$sim" 2>/dev/null || true; wait "$sim" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -s "$work/sites.yaml" ] && break; sleep 0.1; done
base="$(grep -o 'http://127.0.0.1:[0-9]*' "$work/sites.yaml" | head -1)"

gos=() pys=()
printf '%-4s %22s %22s\n' run govreports scrapy
for i in $(seq 1 "$RUNS"); do
	rm -rf "$work/archive" "$work/state"
	t0=$(date +%s.%N)
	out=$(bin/govreports --allow-private-networks --log-level warn --archive "$work/archive" --state "$work/state" --sites "$work/sites.yaml" crawl --workers 16 --in-flight 16)
	t1=$(date +%s.%N)
	gpages=$(echo "$out" | grep -o '[0-9]* page(s)' | head -1 | cut -d' ' -f1)
	g=$(echo "$t1 - $t0" | bc)
	read -r ppages p < <($PY scripts/bench_crawl_spider.py "$base" "$REPORTS")
	gos+=("$g") pys+=("$p")
	printf '%-4s %9s pages %7.2fs %9s pages %7.2fs\n' "$i" "$gpages" "$g" "$ppages" "$p"
done
$PY - "${gos[*]}" "${pys[*]}" "$REPORTS" <<'PYEOF'
import sys
go, py = ([float(x) for x in a.split()] for a in sys.argv[1:3])
n = int(sys.argv[3])
print("best: govreports %.2f s (%.0f pages/s), scrapy %.2f s (%.0f pages/s): govreports is %.1fx faster"
      % (min(go), n / min(go), min(py), n / min(py), min(py) / min(go)))
PYEOF
