package main

import (
	"strings"
	"testing"

	"github.com/govreports/govreports/internal/testenv"
)

// The command alone on an empty cluster (scripts/cluster.sh): `load` through node 1 migrates and
// loads, `query` through nodes 2 and 3 finds the schema applied (no migration is logged) and every
// report, and `validate --from-clickhouse` through node 3 prints what it prints for one server.
// The loader's TestCluster covers the rest (views, replicas, kills).
func TestLoadIntoCluster(t *testing.T) {
	c := testenv.StartCluster(t)
	const db = "gr_cmd"
	args := func(node int, rest ...string) []string {
		return append([]string{"--clickhouse", c.DSN(node, db), "--cluster", testenv.ClusterName}, rest...)
	}
	r := runCmd(t, nil, args(1, "load", "../../testdata/corpus")...)
	if r.code != 0 {
		t.Fatalf("load: exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "migration applied") {
		t.Errorf("load on an empty cluster logged no migration:\n%s", r.stderr)
	}
	loaded := strings.Fields(r.stdout) // "loaded N report(s), …"
	if len(loaded) < 2 || loaded[0] != "loaded" {
		t.Fatalf("load printed %q", r.stdout)
	}
	for _, node := range []int{2, 3} {
		r := runCmd(t, nil, args(node, "query", "--format", "csv", "SELECT count() FROM reports FINAL")...)
		if r.code != 0 {
			t.Fatalf("query through node %d: exit %d: %s", node, r.code, r.stderr)
		}
		if strings.Contains(r.stderr, "migration applied") {
			t.Errorf("query through node %d migrated again:\n%s", node, r.stderr)
		}
		if got := strings.TrimSpace(strings.TrimPrefix(r.stdout, "count()\n")); got != loaded[1] {
			t.Errorf("node %d counts %q reports, load said %s", node, got, loaded[1])
		}
	}
	single := testDSN(t)
	if r := runCmd(t, nil, "--clickhouse", single, "load", "../../testdata/corpus"); r.code != 0 {
		t.Fatalf("load into one server: exit %d: %s", r.code, r.stderr)
	}
	want := runCmd(t, nil, "--clickhouse", single, "validate", "--from-clickhouse", "--format", "json")
	got := runCmd(t, nil, args(3, "validate", "--from-clickhouse", "--format", "json")...)
	if got.code != want.code || got.stdout != want.stdout || len(want.stdout) < 1000 {
		t.Errorf("validate --from-clickhouse through node 3: exit %d, %d bytes (%s); one server: exit %d, %d bytes",
			got.code, len(got.stdout), got.stderr, want.code, len(want.stdout))
	}
}
