package testenv

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

// PrivateServer is a ClickHouse server of one test's own (scripts/clickhouse.sh on a temporary
// directory and free ports), which the test may stop or kill without disturbing the shared one.
type PrivateServer struct {
	t              testing.TB
	dir            string
	Port, HTTPPort int
}

// StartPrivateServer starts the server and stops it when the test ends. It fails (never skips)
// when the server cannot start: the fault tests must run wherever the other tests run.
func StartPrivateServer(t testing.TB) *PrivateServer {
	t.Helper()
	p := &PrivateServer{t: t, dir: t.TempDir(), Port: freePort(t), HTTPPort: freePort(t)}
	p.Start()
	t.Cleanup(func() { _ = p.script("stop") })
	return p
}

// DSN is the server with database db.
func (p *PrivateServer) DSN(db string) string {
	return fmt.Sprintf("clickhouse://default@127.0.0.1:%d/%s", p.Port, db)
}

// Start starts the server (again) on its data.
func (p *PrivateServer) Start() {
	p.t.Helper()
	if err := p.script("start"); err != nil {
		p.t.Fatal(err)
	}
}

// Stop stops the server cleanly and waits until it is gone.
func (p *PrivateServer) Stop() {
	p.t.Helper()
	if err := p.script("stop"); err != nil {
		p.t.Fatal(err)
	}
}

// Kill9 kills the server with SIGKILL (no shutdown, no flush) and waits until it is gone.
func (p *PrivateServer) Kill9() {
	p.t.Helper()
	if err := kill9(filepath.Join(p.dir, "clickhouse.pid")); err != nil {
		p.t.Fatal(err)
	}
}

// kill9 kills the process of a pid file with SIGKILL and waits until it is gone.
func kill9(pidFile string) error {
	b, err := os.ReadFile(pidFile)
	if err != nil {
		return fmt.Errorf("server pid: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return fmt.Errorf("server pid %q: %v", b, err)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		return fmt.Errorf("kill -9 %d: %v", pid, err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for alive(pid) {
		if time.Now().After(deadline) {
			return fmt.Errorf("server %d still alive 10s after SIGKILL", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return nil
}

// alive: the process exists and is not a zombie. A daemon is reparented to the machine's init,
// which may reap it a second or more after it died; a zombie holds no port and no file.
func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	// The state follows the parenthesised command name, which may itself hold spaces or ')'.
	if i := bytes.LastIndexByte(stat, ')'); i >= 0 && i+2 < len(stat) {
		return stat[i+2] != 'Z'
	}
	return true
}

func (p *PrivateServer) script(cmd string) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	c := exec.Command("bash", filepath.Join(root, "scripts", "clickhouse.sh"), cmd)
	c.Env = append(os.Environ(), "GOVREPORTS_CH_DIR="+p.dir, "GOVREPORTS_CH_PORT="+strconv.Itoa(p.Port),
		"GOVREPORTS_CH_HTTP_PORT="+strconv.Itoa(p.HTTPPort), "GOVREPORTS_CH_TIMEOUT=60")
	var out bytes.Buffer
	c.Stdout, c.Stderr = &out, &out
	if err := c.Run(); err != nil {
		return fmt.Errorf("clickhouse.sh %s: %v\n%s", cmd, err, out.String())
	}
	return nil
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
