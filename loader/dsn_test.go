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
		if got := RedactDSN(c.in); got != c.want {
			t.Errorf("RedactDSN(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	err := errors.New("dial clickhouse://u:s3cret@h: refused (password s3cret)")
	if got := RedactError(err, "clickhouse://u:s3cret@h/db"); strings.Contains(got, "s3cret") {
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

// TestDSNErrorsHideSecrets: every error that names a DSN prints it redacted. A password given as
// a query parameter was printed whole when the DSN failed to parse, and a password with an
// unencoded '/' leaked into "bad database name".
func TestDSNErrorsHideSecrets(t *testing.T) {
	for _, c := range []struct{ dsn, secret string }{
		{"clickhouse://u@h:bad/db?password=hunter2pw", "hunter2pw"},
		{"clickhouse://u@h:9000/db?password=hunter2pw&dial_timeout=zz", "hunter2pw"},
		{"clickhouse://u:12/s3cretpw@h:9000/govreports", "s3cretpw"},
		{"clickhouse://u:pa/s3cretpw@h:9000/govreports", "s3cretpw"},
		{"clickhouse://u:s3cret%zz@h:9000/govreports", "s3cret"},
		{"clickhouse://u:s3cretpw@h:9000/bad-db", "s3cretpw"},
		{"clickhouse://u@h:9000/bad-db?password=hunter2pw", "hunter2pw"},
	} {
		_, err := parseDSN(c.dsn, Options{})
		if err == nil {
			t.Errorf("%s: parsed", c.dsn)
			continue
		}
		if strings.Contains(err.Error(), c.secret) {
			t.Errorf("%s: error shows the secret: %v", c.dsn, err)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"clickhouse://u@h/db?password=p1&secure=true", "clickhouse://u@h/db?password=xxxxx&secure=true"},
		{"clickhouse://u:a/b@h/db", "clickhouse://u:xxxxx@h/db"},
		{"clickhouse://u:a@b@h/db", "clickhouse://u:xxxxx@h/db"},
	} {
		if got := RedactDSN(c.in); got != c.want {
			t.Errorf("RedactDSN(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
