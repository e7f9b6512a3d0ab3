package schemas

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// The rendered cluster DDL of every migration is kept as a golden file
// (testdata/cluster/NNNNN_name.sql, written by `go test ./schemas -run TestClusterGolden
// -update`), so a change to a migration or a template shows up in review as DDL. The cluster
// test of package loader runs the same steps on a real cluster.
func TestClusterGolden(t *testing.T) {
	ms, err := ClusterMigrations("reports_cluster", "govreports")
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) < 6 {
		t.Fatalf("rendered %d migrations", len(ms))
	}
	for _, m := range ms {
		var b strings.Builder
		fmt.Fprintf(&b, "-- %s rendered for cluster reports_cluster, database govreports (made by TestClusterGolden).\n", m.File)
		for _, s := range m.Steps {
			fmt.Fprintf(&b, "\n-- step: %s\n%s;\n", s.Scope, s.SQL)
			if s.Done != "" {
				fmt.Fprintf(&b, "-- skipped where: %s\n", s.Done)
			}
		}
		golden := filepath.Join("testdata", "cluster", m.File)
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if string(want) != b.String() {
			t.Errorf("%s differs from %s (run with -update after checking):\n%s", m.File, golden, b.String())
		}
	}
}

// Properties every rendered statement has, whatever the migrations say.
func TestClusterStepsShape(t *testing.T) {
	ms, err := ClusterMigrations("reports_cluster", "govreports")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		for _, s := range m.Steps {
			onCluster := strings.Contains(s.SQL, " ON CLUSTER reports_cluster")
			if onCluster != (s.Scope == OnCluster) {
				t.Errorf("%s: scope %s but ON CLUSTER %v: %.100q", m.File, s.Scope, onCluster, s.SQL)
			}
			if (s.Scope == OnCluster) == (s.Done != "") {
				t.Errorf("%s: %s step with Done %q", m.File, s.Scope, s.Done)
			}
			for _, bad := range []string{"ENGINE = ReplacingMergeTree", " FROM reports ", " FROM cells ", "\nANY ", " IN (SELECT"} {
				if strings.Contains(strings.ReplaceAll(s.SQL, "GLOBAL IN (SELECT", ""), bad) {
					t.Errorf("%s: %q left in %.200q", m.File, bad, s.SQL)
				}
			}
		}
	}
}

// The shapes the renderer must handle for migrations others add (a column on reports, a view
// replaced), and the ones it must refuse.
func TestClusterRender(t *testing.T) {
	base := "-- +goose NO TRANSACTION\n-- +goose Up\n" +
		"CREATE TABLE IF NOT EXISTS reports (\n    id String, -- the id\n    version UInt64\n) ENGINE = ReplacingMergeTree(version)\nORDER BY id;\n" +
		"CREATE VIEW IF NOT EXISTS v AS SELECT id FROM reports FINAL WHERE id NOT IN (SELECT id FROM reports WHERE id = 'FROM x; IN (SELECT');\n" +
		"-- +goose Down\nDROP TABLE IF EXISTS reports;\n"
	cases := []struct {
		name, up string
		want     []string // rendered statements contain these, in order
		err      string
	}{
		{name: "add column to reports", up: "ALTER TABLE reports ADD COLUMN region_level String DEFAULT '', ADD COLUMN n UInt8 AFTER id;",
			want: []string{
				"ALTER TABLE db.reports_local ADD COLUMN region_level String DEFAULT '', ADD COLUMN n UInt8 AFTER id",
				"SELECT count() = 2 FROM system.columns WHERE database = 'db' AND table = 'reports_local' AND name IN ('region_level', 'n')",
				"ALTER TABLE db.reports ADD COLUMN region_level String DEFAULT '', ADD COLUMN n UInt8 AFTER id",
				"table = 'reports' AND name IN ('region_level', 'n')"}},
		{name: "replace a view", up: "DROP TABLE IF EXISTS v;\nCREATE VIEW IF NOT EXISTS v AS\nSELECT r.id FROM (SELECT id FROM reports FINAL) AS r ALL LEFT JOIN (SELECT id FROM reports) AS t USING id;",
			want: []string{"DROP TABLE IF EXISTS db.v ON CLUSTER c",
				"CREATE VIEW IF NOT EXISTS db.v ON CLUSTER c AS\nSELECT r.id FROM (SELECT id FROM db.reports FINAL) AS r GLOBAL ALL LEFT JOIN (SELECT id FROM db.reports) AS t USING id"}},
		{name: "drop a column", up: "ALTER TABLE reports DROP COLUMN id;", want: []string{"ALTER TABLE db.reports_local DROP COLUMN id", "SELECT count() = 0 FROM system.columns"}},
		{name: "key column", up: "ALTER TABLE reports ADD COLUMN a UInt16, MODIFY ORDER BY (id, a);",
			want: []string{"ALTER TABLE db.reports_local ADD COLUMN a UInt16, MODIFY ORDER BY (id, a)", "ALTER TABLE db.reports ADD COLUMN a UInt16\n"}},
		{name: "modify column", up: "ALTER TABLE reports MODIFY COLUMN id UInt64;", err: "only ADD COLUMN"},
		{name: "add and drop", up: "ALTER TABLE reports ADD COLUMN a String, DROP COLUMN id;", err: "split it"},
		{name: "alter of a view", up: "ALTER TABLE v ADD COLUMN a String;", err: "no earlier migration created as a table"},
		{name: "other engine", up: "CREATE TABLE IF NOT EXISTS m (a String) ENGINE = Memory;", err: "MergeTree"},
		{name: "qualified name", up: "CREATE VIEW IF NOT EXISTS other.v AS SELECT 1;", err: "unqualified"},
		{name: "insert", up: "INSERT INTO reports (id) SELECT 'x';", err: "cannot render"},
		{name: "unterminated string", up: "CREATE VIEW IF NOT EXISTS w AS SELECT 'x;", err: "unterminated"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"00001_base.sql": {Data: []byte(base)},
				"00002_next.sql": {Data: []byte("-- +goose NO TRANSACTION\n-- +goose Up\n" + c.up + "\n")},
			}
			ms, err := renderClusterFS(fsys, ClusterNames{Cluster: "c", DB: "db"})
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err = %v, want one containing %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var all strings.Builder
			for _, s := range ms[1].Steps {
				all.WriteString(s.SQL + "\n" + s.Done + "\n")
			}
			rest := all.String()
			for _, w := range c.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("rendered\n%s\nlacks (in order) %q", all.String(), w)
				}
				rest = rest[i+len(w):]
			}
		})
	}
	// The base file itself: the literal inside the view is left alone, NOT IN becomes GLOBAL.
	ms, err := renderClusterFS(fstest.MapFS{"00001_base.sql": {Data: []byte(base)}}, ClusterNames{Cluster: "c", DB: "db"})
	if err != nil {
		t.Fatal(err)
	}
	want := "CREATE VIEW IF NOT EXISTS db.v ON CLUSTER c AS\nSELECT id FROM db.reports FINAL WHERE id GLOBAL NOT IN (SELECT id FROM db.reports WHERE id = 'FROM x; IN (SELECT')"
	if got := ms[0].Steps[2].SQL; got != want {
		t.Errorf("view:\n%s\nwant\n%s", got, want)
	}
	if len(ms[0].Steps) != 3 {
		t.Errorf("the Down part was rendered: %d steps", len(ms[0].Steps))
	}
	if _, err := ClusterMigrations("bad name", "govreports"); err == nil {
		t.Error("a cluster name with a space was accepted")
	}
}
