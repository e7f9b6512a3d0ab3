package loader

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// privateServer is a second ClickHouse server of the tests' own (scripts/clickhouse.sh on a
// temporary directory and free ports), which a fault test may kill without disturbing the others.
type privateServer struct {
	t              testing.TB
	dir            string
	port, httpPort int
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startPrivateServer starts the server and stops it when the test ends. It fails (never skips)
// when the server cannot start: the fault tests must run wherever the other tests run.
func startPrivateServer(t testing.TB) *privateServer {
	t.Helper()
	p := &privateServer{t: t, dir: t.TempDir(), port: freePort(t), httpPort: freePort(t)}
	p.start()
	t.Cleanup(func() { _ = p.script("stop") })
	return p
}

func (p *privateServer) script(cmd string) error {
	c := exec.Command("bash", filepath.Join("..", "scripts", "clickhouse.sh"), cmd)
	c.Env = append(os.Environ(), "GOVREPORTS_CH_DIR="+p.dir, "GOVREPORTS_CH_PORT="+strconv.Itoa(p.port),
		"GOVREPORTS_CH_HTTP_PORT="+strconv.Itoa(p.httpPort), "GOVREPORTS_CH_TIMEOUT=60")
	var out bytes.Buffer
	c.Stdout, c.Stderr = &out, &out
	if err := c.Run(); err != nil {
		return fmt.Errorf("clickhouse.sh %s: %v\n%s", cmd, err, out.String())
	}
	return nil
}

func (p *privateServer) start() {
	p.t.Helper()
	if err := p.script("start"); err != nil {
		p.t.Fatal(err)
	}
}

// kill9 kills the server with SIGKILL (no shutdown, no flush) and waits until it is gone.
func (p *privateServer) kill9() {
	p.t.Helper()
	b, err := os.ReadFile(filepath.Join(p.dir, "clickhouse.pid"))
	if err != nil {
		p.t.Fatalf("server pid: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		p.t.Fatalf("server pid %q: %v", b, err)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		p.t.Fatalf("kill -9 %d: %v", pid, err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for syscall.Kill(pid, 0) == nil {
		if time.Now().After(deadline) {
			p.t.Fatalf("server %d still alive 10s after SIGKILL", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (p *privateServer) dsn(db string) string {
	return fmt.Sprintf("clickhouse://default@127.0.0.1:%d/%s", p.port, db)
}

// exactCounts fails unless the FINAL counts of the three tables are exactly the expected ones.
func exactCounts(t *testing.T, s Sink, reports, cells, issues int) {
	t.Helper()
	for sql, want := range map[string]int{
		"SELECT count() FROM reports FINAL": reports,
		"SELECT count() FROM cells FINAL":   cells,
		"SELECT count() FROM issues FINAL":  issues,
		"SELECT count() FROM cells_current": cells,
	} {
		if got := count(t, s, sql); got != uint64(want) {
			t.Errorf("%s = %d, want %d", sql, got, want)
		}
	}
}
