package loader

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/govreports/govreports/schemas"
)

// serverConfig is a parsed DSN plus what messages may show of it.
type serverConfig struct {
	opts     *clickhouse.Options
	database string
	// where is "host:port/database" for messages: never the user's password.
	where string
}

// parseDSN reads a clickhouse:// DSN. The database (default govreports) is taken out of the
// options: connections are made without it until Migrate has created it.
func parseDSN(dsn string, o Options) (serverConfig, error) {
	opts, err := clickhouse.ParseDSN(dsn)
	if err != nil {
		return serverConfig{}, fmt.Errorf("loader: bad ClickHouse DSN %q: %v (want clickhouse://user[:password]@host:port/database)", RedactDSN(dsn), RedactError(err, dsn))
	}
	db := opts.Auth.Database
	if db == "" {
		db = defaultDatabase
	}
	opts.Auth.Database = ""
	if !strings.Contains(dsn, "dial_timeout") {
		opts.DialTimeout = o.DialTimeout
	}
	if !schemas.ValidIdent(db) {
		if strings.ContainsAny(db, "@:?") {
			// The path took in part of the user part: a password with an unencoded '/'.
			// Never echo it.
			return serverConfig{}, fmt.Errorf("loader: bad DSN %s: the database name holds '@', ':' or '?' (a password with '/' must be percent-encoded as %%2F)", RedactDSN(dsn))
		}
		return serverConfig{}, fmt.Errorf("loader: bad database name %q in DSN (letters, digits, _ only)", db)
	}
	return serverConfig{
		opts:     opts,
		database: db,
		where:    strings.Join(opts.Addr, ",") + "/" + db,
	}, nil
}

// RedactDSN is dsn with its secrets replaced by xxxxx, for messages: the password of the user
// part and the values of query parameters that carry one (password=, …). It does not rely on
// the DSN parsing: a password with an unencoded '/', '?' or '@' makes the DSN unparsable, or
// parsable as something else, and that is exactly when it gets printed in an error.
func RedactDSN(dsn string) string {
	scheme, rest, ok := strings.Cut(dsn, "://")
	if !ok {
		return "(unparsable DSN)"
	}
	// The user part runs to the last '@' (a password may hold '@' and '/' unencoded).
	if i := strings.LastIndex(rest, "@"); i >= 0 {
		user := rest[:i]
		if j := strings.IndexByte(user, ':'); j >= 0 {
			user = user[:j] + ":xxxxx"
		}
		rest = user + "@" + rest[i+1:]
	}
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		fields := strings.Split(rest[i+1:], "&")
		for k, f := range fields {
			if name, _, has := strings.Cut(f, "="); has && secretParam(name) {
				fields[k] = name + "=xxxxx"
			}
		}
		rest = rest[:i+1] + strings.Join(fields, "&")
	}
	return scheme + "://" + rest
}

// secretParam tells a DSN query parameter that holds a secret.
func secretParam(name string) bool {
	n := strings.ToLower(name)
	for _, s := range []string{"pass", "pwd", "secret", "token", "key"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// dsnSecrets are the secrets of a DSN as RedactDSN finds them, raw and unescaped.
func dsnSecrets(dsn string) []string {
	var out []string
	add := func(v string) {
		for _, s := range []string{v, unescaped(v)} {
			if len(s) >= 2 {
				out = append(out, s)
			}
		}
	}
	_, rest, ok := strings.Cut(dsn, "://")
	if !ok {
		return nil
	}
	if i := strings.LastIndex(rest, "@"); i >= 0 {
		if _, pw, has := strings.Cut(rest[:i], ":"); has {
			add(pw)
		}
	}
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		for _, f := range strings.Split(rest[i+1:], "&") {
			if name, v, has := strings.Cut(f, "="); has && secretParam(name) {
				add(v)
			}
		}
	}
	return out
}

func unescaped(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

// RedactError is err's message with dsn and its secrets redacted, for an error that may echo
// the DSN (url.Parse's errors quote the whole URL).
func RedactError(err error, dsn string) string {
	msg := strings.ReplaceAll(err.Error(), dsn, RedactDSN(dsn))
	for _, s := range dsnSecrets(dsn) {
		msg = strings.ReplaceAll(msg, s, "xxxxx")
	}
	return msg
}
