#!/usr/bin/env bash
# Run every fuzz target of the module for FUZZTIME each (make fuzz; CI runs it after the tests).
#
# One minimizing run per new input (-fuzzminimizetime 1x): by default the fuzzer spends up to a
# minute shrinking each one, which with our large seed pages left almost no time for fuzzing. A
# failing input is still saved under the package's testdata/fuzz, just not shrunk.
#
# A failure that saved a failing input fails at once: it is a bug. A failure that saved nothing
# is the fuzz engine itself (seen once, on a 2-core machine at load 7: the coordinator lost a
# worker); that target is run once more and fails only if it fails again. Both are printed.
set -euo pipefail
GO="${GO:-go}"
FUZZTIME="${FUZZTIME:-10s}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

inputs() { find "$1/testdata/fuzz/$2" -type f 2>/dev/null | sort || true; }

for pkg in $("$GO" list ./...); do
  dir="$("$GO" list -f '{{.Dir}}' "$pkg")"
  for t in $("$GO" test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' || true); do
    echo "fuzz $pkg $t ($FUZZTIME)"
    for try in 1 2; do
      before="$(inputs "$dir" "$t")"
      if "$GO" test "$pkg" -run '^$' -fuzz "^$t\$" -fuzztime "$FUZZTIME" -fuzzminimizetime 1x >"$log" 2>&1; then
        grep -h "^fuzz: elapsed" "$log" | tail -1
        break
      fi
      tail -30 "$log"
      after="$(inputs "$dir" "$t")"
      if [ "$before" != "$after" ]; then
        echo "fuzz: $t found a failing input (saved under $dir/testdata/fuzz/$t)" >&2
        exit 1
      fi
      if [ "$try" = 2 ]; then
        echo "fuzz: $t failed twice without a failing input" >&2
        exit 1
      fi
      echo "fuzz: $t failed without saving a failing input (fuzz engine); running it once more" >&2
    done
  done
done
