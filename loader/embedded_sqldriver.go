package loader

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"math"
	"time"
)

// A minimal database/sql driver over the chDB helper, so goose (which wants a *sql.DB) runs the
// same migrations with the same versionStore on the embedded target as on the server. It supports
// exactly what that needs: statements without bind parameters, no transactions.

var errNoArgs = errors.New("loader: chdb driver: bind parameters are not supported")

type helperConnector struct{ s *embeddedSink }

func openHelperDB(s *embeddedSink) *sql.DB { return sql.OpenDB(helperConnector{s}) }

func (c helperConnector) Connect(context.Context) (driver.Conn, error) { return &helperConn{c.s}, nil }
func (c helperConnector) Driver() driver.Driver                        { return helperDriver{} }

type helperDriver struct{}

func (helperDriver) Open(string) (driver.Conn, error) {
	return nil, errors.New("loader: chdb driver: use sql.OpenDB with a connector")
}

// helperConn shares the sink's one helper process; the sink serializes requests.
type helperConn struct{ s *embeddedSink }

var (
	_ driver.ExecerContext  = (*helperConn)(nil)
	_ driver.QueryerContext = (*helperConn)(nil)
)

func (c *helperConn) Prepare(query string) (driver.Stmt, error) { return &helperStmt{c, query}, nil }
func (c *helperConn) Close() error                              { return nil }
func (c *helperConn) Begin() (driver.Tx, error) {
	return nil, errors.New("loader: chdb driver: transactions are not supported (mark migrations `-- +goose NO TRANSACTION`)")
}

func (c *helperConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if len(args) > 0 {
		return nil, errNoArgs
	}
	if err := c.s.exec(ctx, query, nil); err != nil {
		return nil, err
	}
	return driver.RowsAffected(0), nil
}

func (c *helperConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if len(args) > 0 {
		return nil, errNoArgs
	}
	t, err := c.s.Query(ctx, query)
	if err != nil {
		return nil, err
	}
	return &helperRows{t: t}, nil
}

type helperStmt struct {
	c     *helperConn
	query string
}

func (s *helperStmt) Close() error  { return nil }
func (s *helperStmt) NumInput() int { return -1 }
func (s *helperStmt) Exec(args []driver.Value) (driver.Result, error) {
	if len(args) > 0 {
		return nil, errNoArgs
	}
	return s.c.ExecContext(context.Background(), s.query, nil)
}
func (s *helperStmt) Query(args []driver.Value) (driver.Rows, error) {
	if len(args) > 0 {
		return nil, errNoArgs
	}
	return s.c.QueryContext(context.Background(), s.query, nil)
}

type helperRows struct {
	t *Table
	i int
}

func (r *helperRows) Columns() []string { return r.t.Columns }
func (r *helperRows) Close() error      { return nil }
func (r *helperRows) Next(dest []driver.Value) error {
	if r.i >= len(r.t.Rows) {
		return io.EOF
	}
	row := r.t.Rows[r.i]
	r.i++
	for i := range dest {
		var v any
		if i < len(row) {
			v = row[i]
		}
		dest[i] = driverValue(v)
	}
	return nil
}

// driverValue maps a Table value to one of the types database/sql accepts.
func driverValue(v any) driver.Value {
	switch x := v.(type) {
	case nil, int64, float64, string, time.Time:
		return x
	case uint64:
		if x <= math.MaxInt64 {
			return int64(x)
		}
		return fmt.Sprint(x)
	default:
		return fmt.Sprint(x)
	}
}
