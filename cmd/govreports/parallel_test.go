package main

import (
	"runtime"
	"testing"
)

// The worker pool must not change what the commands print: the same bytes, in input order, on
// one core as on several (where later pages often finish first).
func TestParallelOutputAsOneCore(t *testing.T) {
	inputs := []string{"../../parser/testdata/html", "../../parser/testdata/text", "../../testdata/corpus"}
	for _, args := range [][]string{
		append([]string{"parse", "--format", "jsonl"}, inputs...),
		append([]string{"parse", "--format", "table"}, inputs...),
		append([]string{"validate"}, inputs...),
		append([]string{"validate", "--format", "json"}, inputs...),
	} {
		t.Run(args[0]+" "+args[len(args)-len(inputs)-1], func(t *testing.T) {
			prev := runtime.GOMAXPROCS(1)
			one := runCmd(t, nil, args...)
			runtime.GOMAXPROCS(4)
			four := runCmd(t, nil, args...)
			runtime.GOMAXPROCS(prev)
			if one.code != four.code || one.stdout != four.stdout {
				t.Fatalf("%v: one core exit %d, %d bytes; four workers exit %d, %d bytes: outputs differ",
					args, one.code, len(one.stdout), four.code, len(four.stdout))
			}
			if len(one.stdout) < 10000 {
				t.Fatalf("%v: only %d bytes of output (exit %d): %s", args, len(one.stdout), one.code, one.stderr)
			}
		})
	}
}
