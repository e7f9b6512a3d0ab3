package testenv

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Redis is a Redis server of one test's own: scripts/redis.sh on a temporary directory and a free
// loopback port, append-only file on with `appendfsync always`, so Restart (after Stop or Kill)
// comes back with every write the server acknowledged. It is the shared frontier of the
// multi-node tests (--frontier URL()).
type Redis struct {
	t    testing.TB
	dir  string
	Port int
}

// RedisHint says how to get redis-server when it is missing.
const RedisHint = "redis-server not found: run scripts/install-deps.sh redis (as root); make test does"

// StartRedis starts the server and stops it when the test ends. It fails (never skips) when
// redis-server is missing or does not start: the multi-node tests must run wherever the others do.
func StartRedis(t testing.TB) *Redis {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Fatal(RedisHint)
	}
	r := &Redis{t: t, dir: t.TempDir(), Port: freePort(t)}
	r.Start()
	t.Cleanup(func() {
		if err := r.script("stop"); err != nil {
			t.Log(err)
		}
	})
	return r
}

// URL is the frontier URL of the server, database 0.
func (r *Redis) URL() string { return fmt.Sprintf("redis://127.0.0.1:%d/0", r.Port) }

// Addr is the server's host:port.
func (r *Redis) Addr() string { return fmt.Sprintf("127.0.0.1:%d", r.Port) }

// Dir is the server's directory (config, log, data/appendonlydir).
func (r *Redis) Dir() string { return r.dir }

// Start starts the server (again) on its directory and port and waits until it answers PING
// (after replaying its append-only file).
func (r *Redis) Start() {
	r.t.Helper()
	if err := r.script("start"); err != nil {
		r.t.Fatal(err)
	}
}

// Stop shuts the server down gracefully (SIGTERM: it flushes and exits) and waits until it is gone.
func (r *Redis) Stop() {
	r.t.Helper()
	if err := r.StopErr(); err != nil {
		r.t.Fatal(err)
	}
}

// StopErr is Stop returning its error, for a goroutine other than the test's.
func (r *Redis) StopErr() error { return r.script("stop") }

// Kill kills the server with SIGKILL (no shutdown) and waits until it is gone.
func (r *Redis) Kill() {
	r.t.Helper()
	if err := r.KillErr(); err != nil {
		r.t.Fatal(err)
	}
}

// KillErr is Kill returning its error, for a goroutine other than the test's.
func (r *Redis) KillErr() error {
	pidFile := filepath.Join(r.dir, "redis.pid")
	if err := kill9(pidFile); err != nil {
		return err
	}
	// A killed daemon leaves its pid file; the script would take it for a live server.
	return os.Remove(pidFile)
}

// Restart stops the server gracefully and starts it again on the same directory and port.
func (r *Redis) Restart() {
	r.t.Helper()
	if err := r.RestartErr(); err != nil {
		r.t.Fatal(err)
	}
}

// RestartErr is Restart returning its error, for a goroutine other than the test's.
func (r *Redis) RestartErr() error { return r.script("restart") }

func (r *Redis) script(cmd string) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	c := exec.Command("bash", filepath.Join(root, "scripts", "redis.sh"), cmd)
	c.Env = append(os.Environ(), "GOVREPORTS_REDIS_DIR="+r.dir, "GOVREPORTS_REDIS_PORT="+strconv.Itoa(r.Port),
		"GOVREPORTS_REDIS_TIMEOUT=30")
	var out bytes.Buffer
	c.Stdout, c.Stderr = &out, &out
	if err := c.Run(); err != nil {
		return fmt.Errorf("redis.sh %s: %v\n%s", cmd, err, strings.TrimSpace(out.String()))
	}
	return nil
}
