#!/usr/bin/env bash
# make demo: the main job on a made province. Starts `govreports simulate` (a few made portals on
# 127.0.0.1, crawler/simulator), crawls, parses and loads them all at once with
# `govreports run --sites` into embedded ClickHouse (chDB), prints an analyst's answer across
# regions, and writes the quality report. The real sample reports of testdata/corpus are loaded
# first, so the quality report has real broken tables to show.
set -euo pipefail
BIN=${BIN:-bin}
DATA=${DEMO_DATA:-./data}
DIR=${DEMO_DIR:-./.demo}
PORTALS=${DEMO_PORTALS:-6}

rm -rf "$DATA" "$DIR"
mkdir -p "$DIR"
"$BIN/govreports" --log-level warn simulate --portals "$PORTALS" --reports 10 --delay 100ms --sites-out "$DIR/sites.yaml" &
sim=$!
trap 'kill "$sim" 2>/dev/null || true; wait "$sim" 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$DIR/sites.yaml" ] && break; sleep 0.1; done
[ -s "$DIR/sites.yaml" ] || { echo "demo: the made province did not start" >&2; exit 1; }

g() { "$BIN/govreports" --data "$DATA" --archive "$DIR/archive" --state "$DIR/state" --spool "$DIR/spool" --log-level warn --allow-private-networks "$@"; }  # the made portals are on 127.0.0.1

echo "== loading the real sample reports (testdata/corpus)"
g load testdata/corpus
echo
echo "== crawling a made province of $PORTALS portals at once (politely: 100 ms between requests to each), parsing, loading"
time g --sites "$DIR/sites.yaml" run
echo
echo "== requests and disclosure by region (the made province's counties and the real sample's bodies)"
g query "SELECT region_code, region_name, count() AS reports, sum(received) AS received, sum(disclosed + partial) AS granted, round(granted / sum(result_total), 3) AS share_granted FROM govreports.requests_by_report GROUP BY region_code, region_name ORDER BY region_code"
echo
echo "== quality report of everything loaded"
g validate --from-clickhouse --html quality.html > "$DIR/validate.txt" || true # exit 1 means "found errors", which the real sample has
tail -n 5 "$DIR/validate.txt"
echo "quality report: quality.html"
