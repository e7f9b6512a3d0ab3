package loader

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/govreports/govreports/parser"
	"github.com/govreports/govreports/schemas"
)

type migrator interface {
	migrate(ctx context.Context) ([]int64, error)
}

// migrated opens a target and applies the migrations.
func migrated(t *testing.T, tg target) Sink {
	t.Helper()
	s := tg.open(t)
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return s
}

func TestMigrateIsIdempotent(t *testing.T) {
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			s := tg.open(t)
			m := s.(migrator)
			first, err := m.migrate(context.Background())
			if err != nil {
				t.Fatalf("first migrate: %v", err)
			}
			if want := migrationVersions(t); !reflect.DeepEqual(first, want) {
				t.Errorf("first migrate applied %v, want %v", first, want)
			}
			second, err := m.migrate(context.Background())
			if err != nil {
				t.Fatalf("second migrate: %v", err)
			}
			if len(second) != 0 {
				t.Errorf("second migrate applied %v, want nothing", second)
			}
			for _, table := range []string{"reports", "cells", "issues", "fetches", "cells_current", "issues_current", "report_quality"} {
				if n := count(t, s, "SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = '"+table+"'"); n != 1 {
					t.Errorf("table %s missing after migrate", table)
				}
			}
		})
	}
}

func TestLoadCountsAndReload(t *testing.T) {
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			s := migrated(t, tg)
			ctx := context.Background()
			res := []*parser.Result{sampleResult("r1"), sampleResult("r2"), nil}
			checks := []struct {
				sql  string
				want uint64
			}{
				{"SELECT count() FROM reports FINAL", 2},
				{"SELECT count() FROM cells FINAL", 8},
				{"SELECT count() FROM issues FINAL", 6},
				{"SELECT count() FROM cells FINAL WHERE value IS NULL", 2},
				{"SELECT count() FROM cells FINAL WHERE value = 0", 2},
				{"SELECT count() FROM cells_current", 8},
				{"SELECT count() FROM issues_current", 6},
				{"SELECT sum(issues) FROM report_quality WHERE rule = 'sum.requests'", 4},
				{"SELECT count() FROM cells FINAL WHERE has(flags, 'unit_stripped') AND unit = '万元'", 2},
				{"SELECT count() FROM reports FINAL WHERE published = toDate('2023-01-15') AND fetched = toDateTime('2024-03-01 02:20:30')", 2},
			}
			for load := 1; load <= 3; load++ {
				st, err := s.Load(ctx, res)
				if err != nil {
					t.Fatalf("load %d: %v", load, err)
				}
				if st.Reports != 2 || st.Cells != 8 || st.Issues != 6 {
					t.Errorf("load %d stats = %+v", load, st)
				}
				for _, c := range checks {
					if got := count(t, s, c.sql); got != c.want {
						t.Errorf("after load %d: %s = %d, want %d", load, c.sql, got, c.want)
					}
				}
			}
		})
	}
}

// A re-parse that drops a cell: the old row survives in cells (other key), but not in the
// *_current views, which follow the newest load.
func TestReloadWithFewerRows(t *testing.T) {
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			s := migrated(t, tg)
			ctx := context.Background()
			r := sampleResult("r1")
			if _, err := s.Load(ctx, []*parser.Result{r}); err != nil {
				t.Fatal(err)
			}
			r2 := sampleResult("r1")
			r2.Cells = r2.Cells[:2]
			r2.Issues = r2.Issues[:1]
			if _, err := s.Load(ctx, []*parser.Result{r2}); err != nil {
				t.Fatal(err)
			}
			for sql, want := range map[string]uint64{
				"SELECT count() FROM cells FINAL":                   4,
				"SELECT count() FROM cells_current":                 2,
				"SELECT count() FROM issues_current":                1,
				"SELECT sum(issues) FROM report_quality":            1,
				"SELECT count() FROM reports FINAL WHERE cells = 2": 1,
			} {
				if got := count(t, s, sql); got != want {
					t.Errorf("%s = %d, want %d", sql, got, want)
				}
			}
		})
	}
}

func TestLoadRejectsResultWithoutID(t *testing.T) {
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			s := migrated(t, tg)
			_, err := s.Load(context.Background(), []*parser.Result{sampleResult("ok"), sampleResult("")})
			if !errors.Is(err, ErrBadResult) {
				t.Fatalf("err = %v, want ErrBadResult", err)
			}
			if n := count(t, s, "SELECT count() FROM cells"); n != 0 {
				t.Errorf("%d cells written despite the error", n)
			}
		})
	}
}

func TestLoadFetches(t *testing.T) {
	at := time.Date(2024, 3, 1, 2, 20, 30, 0, time.UTC)
	fetches := []Fetch{
		{URL: "http://www.example.gov.cn/a.html", Status: 200, Bytes: 1234, Encoding: "gb18030",
			FetchedAt: at, Outcome: "ok", Duration: 1500 * time.Millisecond, ContentSHA256: "ff"},
		{URL: "http://www.example.gov.cn/b.html", FetchedAt: at, Outcome: "error", Error: "timeout"},
	}
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			s := migrated(t, tg)
			for i := 0; i < 2; i++ {
				if err := s.LoadFetches(context.Background(), fetches); err != nil {
					t.Fatal(err)
				}
			}
			tab := mustQuery(t, s, "SELECT url, host, status, bytes, fetched_at, duration_ms, error FROM fetches FINAL ORDER BY url")
			var buf bytes.Buffer
			if err := tab.Write(&buf, "csv"); err != nil {
				t.Fatal(err)
			}
			want := "url,host,status,bytes,fetched_at,duration_ms,error\n" +
				"http://www.example.gov.cn/a.html,www.example.gov.cn,200,1234,2024-03-01 02:20:30,1500,\n" +
				"http://www.example.gov.cn/b.html,www.example.gov.cn,0,0,2024-03-01 02:20:30,0,timeout\n"
			if buf.String() != want {
				t.Errorf("fetches:\n%s\nwant:\n%s", buf.String(), want)
			}
		})
	}
}

// The same query renders identically on both targets, in every format.
func TestQueryFormats(t *testing.T) {
	const q = `SELECT section, row, col, value, flags, year FROM cells FINAL WHERE report_id = 'r1' ORDER BY section, row, col`
	want := map[string]string{
		"csv": "section,row,col,value,flags,year\n" +
			"active,fees,amount_wan_yuan,697.449,\"[\"\"unit_stripped\"\"]\",2022\n" +
			"active,rules,issued,3,[],2022\n" +
			"requests,carried_in,total,0,[],2022\n" +
			"requests,received,total,,\"[\"\"dash\"\"]\",2022\n",
		"json": "[\n" +
			`  {"section": "active", "row": "fees", "col": "amount_wan_yuan", "value": 697.449, "flags": ["unit_stripped"], "year": 2022},` + "\n" +
			`  {"section": "active", "row": "rules", "col": "issued", "value": 3, "flags": [], "year": 2022},` + "\n" +
			`  {"section": "requests", "row": "carried_in", "col": "total", "value": 0, "flags": [], "year": 2022},` + "\n" +
			`  {"section": "requests", "row": "received", "col": "total", "value": null, "flags": ["dash"], "year": 2022}` + "\n" +
			"]\n",
		"table": "section   row         col              value    flags              year\n" +
			"--------  ----------  ---------------  -------  -----------------  ----\n" +
			"active    fees        amount_wan_yuan  697.449  [\"unit_stripped\"]  2022\n" +
			"active    rules       issued           3        []                 2022\n" +
			"requests  carried_in  total            0        []                 2022\n" +
			"requests  received    total            NULL     [\"dash\"]           2022\n" +
			"(4 rows)\n",
	}
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			s := migrated(t, tg)
			if _, err := s.Load(context.Background(), []*parser.Result{sampleResult("r1")}); err != nil {
				t.Fatal(err)
			}
			tab := mustQuery(t, s, q)
			if want := []string{"String", "String", "String", "Nullable(Float64)", "Array(String)", "UInt16"}; !reflect.DeepEqual(tab.Types, want) {
				t.Errorf("types = %v, want %v", tab.Types, want)
			}
			for _, format := range []string{"csv", "json", "table"} {
				var buf bytes.Buffer
				if err := tab.Write(&buf, format); err != nil {
					t.Fatalf("%s: %v", format, err)
				}
				if buf.String() != want[format] {
					t.Errorf("%s output:\n%s\nwant:\n%s", format, buf.String(), want[format])
				}
			}
			if err := tab.Write(&bytes.Buffer{}, "xml"); !errors.Is(err, ErrUnknownFormat) {
				t.Errorf("xml: err = %v, want ErrUnknownFormat", err)
			}
		})
	}
}

func TestQueryErrorIsTyped(t *testing.T) {
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			s := migrated(t, tg)
			_, err := s.Query(context.Background(), "SELECT no_such_column FROM cells")
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("err = %v (%T), want *QueryError", err, err)
			}
			// The sink still works after a failed query.
			if n := count(t, s, "SELECT count() FROM cells"); n != 0 {
				t.Errorf("count = %d", n)
			}
		})
	}
}

func TestUnreachableServer(t *testing.T) {
	cases := []struct {
		name, dsn, mustHave string
	}{
		{"closed port", "clickhouse://default:s3cret@127.0.0.1:1/govreports", "127.0.0.1:1/govreports"},
		{"no database in path", "clickhouse://u:s3cret@127.0.0.1:2", "127.0.0.1:2/govreports"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			_, err := Open(context.Background(), Options{DSN: c.dsn, DialTimeout: 2 * time.Second})
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("took %s to fail", took)
			}
			if !errors.Is(err, ErrUnreachable) {
				t.Fatalf("err = %v, want ErrUnreachable", err)
			}
			msg := err.Error()
			for _, s := range []string{c.mustHave, "scripts/clickhouse.sh start"} {
				if !strings.Contains(msg, s) {
					t.Errorf("message %q lacks %q", msg, s)
				}
			}
			if strings.Contains(msg, "s3cret") {
				t.Errorf("message leaks the password: %q", msg)
			}
		})
	}
}

func TestBadDSN(t *testing.T) {
	_, err := Open(context.Background(), Options{DSN: "clickhouse://u:s3cret@127.0.0.1:1/bad-name"})
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("err = %v", err)
	}
	if _, err := Open(context.Background(), Options{}); !errors.Is(err, ErrNoTarget) {
		t.Fatalf("no target: err = %v", err)
	}
}

func TestMissingLibchdb(t *testing.T) {
	t.Setenv("CHDB_LIB_PATH", "/nonexistent/libchdb.so")
	_, err := Open(context.Background(), Options{DataDir: t.TempDir(), HelperPath: helperBin})
	if !errors.Is(err, ErrNoChdb) {
		t.Fatalf("err = %v, want ErrNoChdb", err)
	}
	if !strings.Contains(err.Error(), "scripts/install-deps.sh") {
		t.Errorf("message %q does not say how to install", err)
	}
}

func TestMissingHelper(t *testing.T) {
	_, err := Open(context.Background(), Options{DataDir: t.TempDir(), HelperPath: "/nonexistent/govreports-chdb"})
	if !errors.Is(err, ErrNoHelper) {
		t.Fatalf("err = %v, want ErrNoHelper", err)
	}
}

func TestDataDirInUse(t *testing.T) {
	dir := t.TempDir()
	s := openEmbeddedT(t, dir, Options{})
	start := time.Now()
	_, err := Open(context.Background(), Options{DataDir: dir, HelperPath: helperBin})
	if !errors.Is(err, ErrDataDirInUse) {
		t.Fatalf("second open: err = %v, want ErrDataDirInUse", err)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("second open took %s", took)
	}
	if !strings.Contains(err.Error(), "in use by pid") || !strings.Contains(err.Error(), dir) {
		t.Errorf("message %q should name the directory and the pid", err)
	}
	// The first sink is unaffected, and after Close the directory can be reopened with its data.
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(context.Background(), []*parser.Result{sampleResult("r1")}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	s2 := openEmbeddedT(t, dir, Options{})
	if n := count(t, s2, "SELECT count() FROM cells FINAL"); n != 4 {
		t.Errorf("after reopen: %d cells, want 4", n)
	}
	if _, err := os.Stat(filepath.Join(dir, ".lock")); err != nil {
		t.Errorf("lock file: %v", err)
	}
}

func TestClosedSink(t *testing.T) {
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			s := tg.open(t)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Errorf("second close: %v", err)
			}
			if _, err := s.Query(context.Background(), "SELECT 1"); !errors.Is(err, ErrClosed) {
				t.Errorf("query after close: %v", err)
			}
		})
	}
}

// A cluster name renders the migrations for the cluster: against a single server (no cluster
// configured) Migrate must fail naming the cluster, proving the rendered DDL is what runs.
func TestClusterOptions(t *testing.T) {
	if _, err := Open(context.Background(), Options{DataDir: t.TempDir(), Cluster: "c1"}); !errors.Is(err, ErrClusterEmbedded) {
		t.Errorf("embedded + cluster: err = %v", err)
	}
	if _, err := Open(context.Background(), Options{DSN: serverDSN(t), Cluster: "bad name"}); err == nil {
		t.Error("bad cluster name accepted")
	}
	s := openServerT(t, Options{Cluster: "no_such_cluster"})
	err := s.Migrate(context.Background())
	if err == nil || !strings.Contains(err.Error(), "no_such_cluster") {
		t.Errorf("migrate on a missing cluster: err = %v, want one naming the cluster", err)
	}
}

// migrationVersions lists the versions of the migration files (00001_init.sql → 1, …).
func migrationVersions(t *testing.T) []int64 {
	t.Helper()
	names, err := fs.Glob(schemas.ClickHouseMigrations(), "*.sql")
	if err != nil || len(names) == 0 {
		t.Fatalf("migration files: %v %v", names, err)
	}
	var out []int64
	for _, n := range names {
		v, err := strconv.ParseInt(strings.SplitN(n, "_", 2)[0], 10, 64)
		if err != nil {
			t.Fatalf("migration %s: %v", n, err)
		}
		out = append(out, v)
	}
	return out
}
