package schemas

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// FuzzClusterRender: any migration text renders or fails with an error, never panics, and what
// renders keeps the shape every step promises (ON CLUSTER exactly for OnCluster steps). Seeds:
// the real migration files.
func FuzzClusterRender(f *testing.F) {
	names, _ := fs.Glob(ClickHouseMigrations(), "*.sql")
	for _, n := range names {
		b, _ := fs.ReadFile(ClickHouseMigrations(), n)
		f.Add(string(b))
	}
	f.Add("-- +goose Up\nALTER TABLE reports ADD COLUMN a String, MODIFY ORDER BY (id, a);")
	base, _ := fs.ReadFile(ClickHouseMigrations(), "00001_init.sql")
	f.Fuzz(func(t *testing.T, sql string) {
		ms, err := renderClusterFS(fstest.MapFS{
			"00001_init.sql": {Data: base},
			"00002_fuzz.sql": {Data: []byte(sql)},
		}, ClusterNames{Cluster: "c", DB: "db"})
		if err != nil {
			return
		}
		for _, s := range ms[1].Steps {
			if strings.TrimSpace(s.SQL) == "" {
				t.Fatalf("empty step from %q", sql)
			}
			if (s.Scope == OnCluster) != strings.Contains(s.SQL, " ON CLUSTER c") {
				t.Fatalf("scope %s, SQL %q", s.Scope, s.SQL)
			}
		}
	})
}
