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
