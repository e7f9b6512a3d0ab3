#!/usr/bin/env bash
# bench-parse.sh — govreports parse against pandas.read_html on the same made report pages.
#
#   scripts/bench-parse.sh            RUNS=5 runs of each, interleaved; prints every run and the ratios
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
# and govreports again on two cores (taskset -c 0,1), for the worker pool's speed-up; and, as
# the control of that figure, the pages split in two halves parsed by two one-core processes at
# once (cores 0 and 1): what two cores of this machine give with nothing serial in between
# (no pool, no shared start). Two busy cores of a virtual machine are often each slower than
# one alone; the control shows how much of a two-core figure is the machine's.
#
# Both wall and CPU seconds are printed. On a machine shared with other work the wall time of a
# one-core run includes the time other processes held that core; its CPU time does not, so the
# one-core ratio is given for both. The two-core speed-up can only be a wall-time figure: it
# needs both cores free. The figure is the best of the runs (least disturbed); medians are
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
# The halves of the control: every other page, linked.
HALVES="$PAGES.halves"
rm -rf "$HALVES" && mkdir -p "$HALVES/0" "$HALVES/1"
i=0
for f in "$PAGES"/*.html; do ln "$f" "$HALVES/$((i % 2))/"; i=$((i + 1)); done

runs=()
printf '%-4s %22s %22s %22s %22s\n' run "go 1 core wall/cpu" "go 2 cores wall/cpu" "halves 2x1 core wall" "pandas 1 core wall/cpu"
for i in $(seq 1 "$RUNS"); do
	# The two govreports runs one right after the other: the host's speed drifts over seconds,
	# and the two-core figure compares them.
	g1=$(taskset -c 0 $PY scripts/bench_pages.py time bin/govreports parse --format jsonl "$PAGES")
	g2=$(taskset -c 0,1 $PY scripts/bench_pages.py time bin/govreports parse --format jsonl "$PAGES")
	c2=$($PY scripts/bench_pages.py time sh -c "taskset -c 0 bin/govreports parse --format jsonl $HALVES/0 & taskset -c 1 bin/govreports parse --format jsonl $HALVES/1; wait")
	p1=$(taskset -c 0 $PY scripts/bench_pages.py pandas "$PAGES" | cut -d' ' -f1,2)
	runs+=("$g1 $g2 $c2 $p1")
	printf '%-4s %22s %22s %22s %22s\n' "$i" "${g1/ / s \/ } s" "${g2/ / s \/ } s" "${c2%% *} s" "${p1/ / s \/ } s"
done

printf '%s\n' "${runs[@]}" | $PY -c '
import statistics, sys
rows = [[float(x) for x in l.split()] for l in sys.stdin if l.strip()]
col = lambda i: [r[i] for r in rows]
g1w, g1c, g2w, g2c, cw, cc, pw, pc = (col(i) for i in range(8))
for name, f in (("best", min), ("median", statistics.median)):
    print("%-6s 1 core: go %.3f s wall / %.3f s cpu, pandas %.3f s wall / %.3f s cpu: pandas/go %.1fx wall, %.1fx cpu; "
          "2 cores: go %.3f s wall, speed-up %.2fx" % (name, f(g1w), f(g1c), f(pw), f(pc), f(pw) / f(g1w), f(pc) / f(g1c),
                                                      f(g2w), f(g1w) / f(g2w)))
# The ratios of each run (its pandas run against its govreports runs), whose median does not
# depend on which run of each command happened to be least disturbed.
pair = lambda xs: "%.1f-%.1f, median %.2f" % (min(xs), max(xs), statistics.median(xs))
print("per run: pandas/go 1 core (cpu) %s; 2 cores against 1 (wall) %s" % (
    pair([p / g for p, g in zip(pc, g1c)]), pair([a / b for a, b in zip(g1w, g2w)])))
print("control: the halves on two one-core processes at once, against one core (wall): %s; "
      "the two-core run against that control (1.00: the pool loses nothing to its serial parts): %s" % (
    pair([a / c for a, c in zip(g1w, cw)]), pair([c / b for c, b in zip(cw, g2w)])))
'
