package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/govreports/govreports/loader"
)

// A runaway statement (an aggregate over the endless system.numbers) stops at --timeout on both
// targets with exit 1 and a message naming the timeout; on the server nothing of it keeps
// running afterwards (max_execution_time, not only the client's cancel).
func TestQueryTimeout(t *testing.T) {
	// The embedded target runs the helper TestMain built, not one that only `make` builds.
	t.Setenv("GOVREPORTS_CHDB_HELPER", helperBin)
	const runaway = "SELECT sum(number) FROM system.numbers"
	for name, target := range map[string][]string{
		"server":   {"--clickhouse", testDSN(t)},
		"embedded": {"--data", t.TempDir()},
	} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			r := runCmd(t, nil, append(target, "query", "--timeout", "1s", runaway)...)
			if r.code != exitFailure || !strings.Contains(r.stderr, "query stopped: --timeout 1s reached") {
				t.Fatalf("exit %d, stderr %q; want exit %d naming the timeout", r.code, r.stderr, exitFailure)
			}
			// Generous: the point is that it stops, not how fast (CI machines are slow).
			if took := time.Since(start); took > 60*time.Second {
				t.Fatalf("stopped after %s", took)
			}
			if name != "server" {
				return
			}
			sink, err := loader.Open(context.Background(), loader.Options{DSN: testDSN(t)})
			if err != nil {
				t.Fatal(err)
			}
			defer sink.Close()
			deadline := time.Now().Add(20 * time.Second)
			for {
				tab, err := sink.Query(context.Background(), "SELECT count() FROM system.processes WHERE query LIKE '%system.numbers%' AND query NOT LIKE '%system.processes%'")
				if err != nil {
					t.Fatal(err)
				}
				if n := tab.Rows[0][0]; n == uint64(0) {
					break
				}
				if time.Now().After(deadline) {
					t.Fatal("the statement is still running on the server")
				}
				time.Sleep(200 * time.Millisecond)
			}
		})
	}
	if r := runCmd(t, nil, "--clickhouse", testDSN(t), "query", "--timeout", "-1s", "SELECT 1"); r.code != exitUsage {
		t.Errorf("negative --timeout: exit %d, want %d", r.code, exitUsage)
	}
}
