package loader

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/govreports/govreports/internal/testenv"
)

// Tests run against a real ClickHouse server (scripts/clickhouse.sh start) and real chDB (the
// helper is built here). No mocks: the point is to catch what the real engines do.

var (
	helperBin string // built in TestMain
	testDB    string // prefix of this run's databases on the server
	dbSeq     atomic.Int64
)

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	if os.Getenv("GOVREPORTS_FAULT_CHILD") != "" {
		return faultChild() // this process is the loader a fault test kills (faults_test.go)
	}
	dir, err := os.MkdirTemp("", "loader-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	if helperBin, err = testenv.Build("cmd/govreports-chdb", dir); err != nil {
		fmt.Fprintln(os.Stderr, "building the chDB helper:", err)
		return 1
	}
	testDB = fmt.Sprintf("govreports_test_%d_%d", os.Getpid(), time.Now().Unix()%100000)
	code := m.Run()
	dropTestDatabase()
	return code
}

// serverDSN is the test server with this run's unique database.
func serverDSN(t testing.TB) string {
	t.Helper()
	u, err := url.Parse(testenv.ServerBase())
	if err != nil {
		t.Fatalf("GOVREPORTS_TEST_CLICKHOUSE: %v", err)
	}
	// One database per test: migrations and counts must not see other tests' rows.
	u.Path = fmt.Sprintf("/%s_%d", testDB, dbSeq.Add(1))
	return u.String()
}

// openServerT opens the server sink or fails: never skips, so CI cannot pass without a server.
func openServerT(t testing.TB, opts Options) Sink {
	t.Helper()
	opts.DSN = serverDSN(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	s, err := Open(ctx, opts)
	if err != nil {
		t.Fatalf("ClickHouse test server not usable: %v\n%s", err, testenv.ServerHint())
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// openEmbeddedT opens an embedded sink on dir (a fresh temp dir when empty).
func openEmbeddedT(t testing.TB, dir string, opts Options) Sink {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	opts.DataDir = dir
	opts.HelperPath = helperBin
	s, err := Open(context.Background(), opts)
	if err != nil {
		t.Fatalf("open chDB: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func dropTestDatabase() {
	s, err := Open(context.Background(), Options{DSN: testenv.ServerBase(), DialTimeout: 2 * time.Second})
	if err != nil {
		return
	}
	defer s.Close()
	tab, err := s.Query(context.Background(),
		"SELECT name FROM system.databases WHERE startsWith(name, '"+testDB+"_')")
	if err != nil {
		return
	}
	for _, r := range tab.Rows {
		if name, ok := r[0].(string); ok && strings.HasPrefix(name, "govreports_test_") {
			_, _ = s.Query(context.Background(), "DROP DATABASE IF EXISTS "+name)
		}
	}
}

// target is one Sink under test.
type target struct {
	name string
	open func(t testing.TB) Sink
}

// targets returns both implementations, each migrated on a fresh database/data dir.
func targets() []target {
	return []target{
		{"server", func(t testing.TB) Sink {
			s := openServerT(t, Options{})
			return s
		}},
		{"chdb", func(t testing.TB) Sink { return openEmbeddedT(t, "", Options{}) }},
	}
}

// mustQuery runs a query and fails the test on error.
func mustQuery(t testing.TB, s Sink, sql string) *Table {
	t.Helper()
	tab, err := s.Query(context.Background(), sql)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return tab
}

// count runs a single-number query.
func count(t testing.TB, s Sink, sql string) uint64 {
	t.Helper()
	tab := mustQuery(t, s, sql)
	if len(tab.Rows) != 1 || len(tab.Rows[0]) != 1 {
		t.Fatalf("%s: want one value, got %v", sql, tab.Rows)
	}
	switch v := tab.Rows[0][0].(type) {
	case uint64:
		return v
	case int64:
		return uint64(v)
	}
	t.Fatalf("%s: not a count: %T %v", sql, tab.Rows[0][0], tab.Rows[0][0])
	return 0
}
