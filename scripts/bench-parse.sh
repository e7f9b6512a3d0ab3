#!/usr/bin/env bash
# bench-parse.sh — govreports parse against pandas.read_html on the same made report pages.
#
#   scripts/bench-parse.sh            RUNS=5 runs of each, interleaved; prints every run and the ratio
#
# The pages are MADE by scripts/bench_pages.py (deterministic): 300 GBK report pages of 7–41 KB
# built from the made HTML fixtures of parser/testdata/html (see that script), in $PAGES.
#
# Measured, each pinned to one core with taskset -c 0:
#   govreports  `bin/govreports parse --format jsonl PAGES > /dev/null`: process start, reading,
#               decoding, parsing, validating and the JSON output of every report;
#   pandas      `pandas.read_html(page, flavor="lxml")` turning every page's tables into data
#               frames, timed inside Python: the interpreter start and `import pandas` (about
#               0.5 s) are NOT counted, which favours pandas.
# and govreports again on two cores (taskset -c 0,1), for the worker pool's speed-up.
# The figure is the best of the runs (least disturbed by other load on the machine); medians are
# printed too. Needs Debian's python3-pandas and python3-lxml: scripts/install-deps.sh bench.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${RUNS:-5}"
COUNT="${COUNT:-300}"
PAGES="${PAGES:-.bench/pages}"
PY=/usr/bin/python3 # Debian's python, where python3-pandas is installed
export PATH="/usr/local/go/bin:$PATH"

$PY -c 'import pandas, lxml' 2>/dev/null || { echo "bench-parse: pandas/lxml missing: run scripts/install-deps.sh bench (as root)" >&2; exit 1; }
command -v taskset >/dev/null || { echo "bench-parse: taskset (util-linux) missing" >&2; exit 1; }
[ "$(nproc --all)" -ge 2 ] || echo "bench-parse: fewer than two cores: the two-core figure means nothing here" >&2

go build -o bin/govreports ./cmd/govreports
$PY scripts/bench_pages.py make "$PAGES" "$COUNT"

one=() two=() pd=()
printf '%-4s %12s %12s %12s\n' run "go 1 core" "go 2 cores" "pandas 1c"
for i in $(seq 1 "$RUNS"); do
	g1=$(taskset -c 0 $PY scripts/bench_pages.py time bin/govreports parse --format jsonl "$PAGES")
	p1=$(taskset -c 0 $PY scripts/bench_pages.py pandas "$PAGES" | cut -d' ' -f1)
	g2=$(taskset -c 0,1 $PY scripts/bench_pages.py time bin/govreports parse --format jsonl "$PAGES")
	one+=("$g1") two+=("$g2") pd+=("$p1")
	printf '%-4s %11ss %11ss %11ss\n' "$i" "$g1" "$g2" "$p1"
done

$PY - "${one[*]}" "${two[*]}" "${pd[*]}" <<'PYEOF'
import statistics, sys
one, two, pd = ([float(x) for x in a.split()] for a in sys.argv[1:4])
for name, f in (("best", min), ("median", statistics.median)):
    print("%-6s go 1 core %.3f s, go 2 cores %.3f s, pandas %.3f s: pandas/go %.1fx, 1 core/2 cores %.2fx"
          % (name, f(one), f(two), f(pd), f(pd) / f(one), f(one) / f(two)))
PYEOF
