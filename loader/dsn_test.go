package loader

import (
	"errors"
	"strings"
	"testing"
)

func TestRedactDSN(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"clickhouse://u:s3cret@h:9000/db", "clickhouse://u:xxxxx@h:9000/db"},
		{"clickhouse://u@h:9000/db", "clickhouse://u@h:9000/db"},
		{"clickhouse://h:9440/db?secure=true", "clickhouse://h:9440/db?secure=true"},
		{"clickhouse://u:p%40ss@h/db", "clickhouse://u:xxxxx@h/db"},
		{"::bad", "(unparsable DSN)"},
	} {
		if got := redactDSN(c.in); got != c.want {
			t.Errorf("redactDSN(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	err := errors.New("dial clickhouse://u:s3cret@h: refused (password s3cret)")
	if got := redactErr(err, "clickhouse://u:s3cret@h/db"); strings.Contains(got, "s3cret") {
		t.Errorf("redactErr leaks: %q", got)
	}
}

// The Target of a server sink, which logs and messages use, never holds the password.
func TestTargetHasNoPassword(t *testing.T) {
	cfg, err := parseDSN("clickhouse://u:s3cret@127.0.0.1:19000/govreports?secure=false", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(cfg.where, "s3cret") || cfg.where != "127.0.0.1:19000/govreports" {
		t.Errorf("where = %q", cfg.where)
	}
}
