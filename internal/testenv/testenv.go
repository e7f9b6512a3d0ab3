// Package testenv is what the tests of several packages share to reach the real things they run
// against: the private ClickHouse server started by scripts/clickhouse.sh, and binaries built
// from this module (the chDB helper, the command). Only tests import it.
package testenv

import (
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"time"
)

// DefaultServerDSN matches scripts/clickhouse.sh's defaults.
const DefaultServerDSN = "clickhouse://default@127.0.0.1:19000/govreports"

// ServerBase is the DSN of the test server: GOVREPORTS_TEST_CLICKHOUSE, else the default.
func ServerBase() string {
	if v := os.Getenv("GOVREPORTS_TEST_CLICKHOUSE"); v != "" {
		return v
	}
	return DefaultServerDSN
}

var seq atomic.Int64

// ServerDSN is the test server with a database of its own (prefix, the process and a sequence
// number), so a test's counts see only its rows. The database is created by Migrate.
func ServerDSN(prefix string) (dsn, database string) {
	database = fmt.Sprintf("%s_%d_%d_%d", prefix, os.Getpid(), time.Now().UnixNano()%1e6, seq.Add(1))
	u, err := url.Parse(ServerBase())
	if err != nil {
		return ServerBase(), database
	}
	u.Path = "/" + database
	return u.String(), database
}

// ServerHint says how to get the server a test could not reach.
func ServerHint() string {
	if os.Getenv("CI") != "" {
		return "CI must start it before the tests: scripts/clickhouse.sh start"
	}
	return "start it with scripts/clickhouse.sh start (or set GOVREPORTS_TEST_CLICKHOUSE)"
}

// Build compiles a package of this module (a path relative to the module root, e.g.
// "cmd/govreports-chdb") into dir and returns the binary's path.
func Build(pkg, dir string) (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, filepath.Base(pkg))
	cmd := exec.Command("go", "build", "-o", bin, "./"+pkg)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
	}
	return bin, nil
}

// moduleRoot is the folder of this module's go.mod, found from this source file.
func moduleRoot() (string, error) {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "", fmt.Errorf("testenv: cannot locate the module")
	}
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", "..")), nil
}

// RunWithBinary is a TestMain body: it builds pkg (see Build) into a temporary folder, stores the
// binary's path in *bin, runs the tests and removes the folder. It returns the exit code.
func RunWithBinary(m interface{ Run() int }, pkg string, bin *string) int {
	dir, err := os.MkdirTemp("", "govreports-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	if *bin, err = Build(pkg, dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}
