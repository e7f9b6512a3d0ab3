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
		return serverConfig{}, fmt.Errorf("loader: bad ClickHouse DSN %q: %v (want clickhouse://user[:password]@host:port/database)", redactDSN(dsn), redactErr(err, dsn))
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
		return serverConfig{}, fmt.Errorf("loader: bad database name %q in DSN (letters, digits, _ only)", db)
	}
	return serverConfig{
		opts:     opts,
		database: db,
		where:    strings.Join(opts.Addr, ",") + "/" + db,
	}, nil
}

// redactDSN removes the password from a DSN for messages.
func redactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparsable DSN)"
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
	}
	return u.String()
}

// redactErr replaces a password that an error message might echo.
func redactErr(err error, dsn string) string {
	msg := err.Error()
	if u, perr := url.Parse(dsn); perr == nil && u.User != nil {
		if pw, has := u.User.Password(); has && pw != "" {
			msg = strings.ReplaceAll(msg, pw, "xxxxx")
		}
	}
	return msg
}
