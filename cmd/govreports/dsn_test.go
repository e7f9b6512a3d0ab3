package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestServerDSNPassword(t *testing.T) {
	file := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(file, []byte("from-file\n"), 0o600)
	tests := []struct {
		name, dsn string
		env       map[string]string
		want      string
	}{
		{"as given", "clickhouse://u:p@h:9000/db", nil, "clickhouse://u:p@h:9000/db"},
		{"env", "clickhouse://u@h:9000/db", map[string]string{"GOVREPORTS_CLICKHOUSE_PASSWORD": "s3cret"}, "clickhouse://u:s3cret@h:9000/db"},
		{"env, no user", "clickhouse://h:9000/db", map[string]string{"GOVREPORTS_CLICKHOUSE_PASSWORD": "x"}, "clickhouse://default:x@h:9000/db"},
		{"file wins", "clickhouse://u@h:9000/db", map[string]string{"GOVREPORTS_CLICKHOUSE_PASSWORD": "env", "GOVREPORTS_CLICKHOUSE_PASSWORD_FILE": file}, "clickhouse://u:from-file@h:9000/db"},
	}
	for _, tt := range tests {
		env := map[string]string{"GOVREPORTS_CLICKHOUSE": tt.dsn}
		for k, v := range tt.env {
			env[k] = v
		}
		a := newApp(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}, func(k string) string { return env[k] })
		if err := a.configure(a.root.PersistentFlags()); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got, err := a.serverDSN()
		if err != nil || got != tt.want {
			t.Errorf("%s: %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
}

func TestClusterNeedsServer(t *testing.T) {
	r := runCmd(t, nil, "--cluster", "c1", "query", "SELECT 1")
	if r.code != exitUsage || !strings.Contains(r.stderr, "cluster") {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
}

// TestDSNSecretsNeverPrinted: whatever is wrong with a DSN, the command's error does not show
// its password (given in the user part, as a query parameter, or in the password variable).
func TestDSNSecretsNeverPrinted(t *testing.T) {
	for _, c := range []struct {
		dsn, secret string
		env         map[string]string
	}{
		{"clickhouse://u@h:bad/db?password=hunter2pw", "hunter2pw", nil},
		{"clickhouse://u@h:9000/db?password=hunter2pw&dial_timeout=zz", "hunter2pw", nil},
		{"clickhouse://u:12/s3cretpw@127.0.0.1:1/govreports", "s3cretpw", nil},
		{"clickhouse://u:pa/s3cretpw@h:9000/govreports", "s3cretpw", nil},
		{"clickhouse://u:s3cretpw@h:bad/govreports", "s3cretpw", map[string]string{"GOVREPORTS_CLICKHOUSE_PASSWORD": "envs3cret"}},
		{"clickhouse://u@127.0.0.1:1/govreports", "envs3cret", map[string]string{"GOVREPORTS_CLICKHOUSE_PASSWORD": "envs3cret"}},
	} {
		env := map[string]string{"GOVREPORTS_DIAL_TIMEOUT": "200ms"}
		for k, v := range c.env {
			env[k] = v
		}
		r := runCmd(t, env, "--clickhouse", c.dsn, "query", "SELECT 1")
		t.Logf("%s: exit %d: %s", c.dsn, r.code, strings.TrimSpace(r.stderr))
		if r.code == 0 || !strings.Contains(r.stderr, "DSN") && !strings.Contains(r.stderr, "connect") {
			t.Errorf("%s: exit %d, want an error about the DSN", c.dsn, r.code)
		}
		if strings.Contains(r.stderr+r.stdout, c.secret) {
			t.Errorf("%s: output shows the secret:\n%s", c.dsn, r.stderr)
		}
	}
}
