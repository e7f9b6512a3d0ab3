package loader

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"reflect"
	"sync"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/cenkalti/backoff/v5"

	"github.com/govreports/govreports/parser"
	"github.com/govreports/govreports/schemas"
)

// serverSink writes to a ClickHouse server over the native protocol.
//
// Measured against Debian's 18.16 with clickhouse-go v2.50: the driver logs that the server is
// older than it supports but works; batches need an explicit column list; Exec("INSERT … VALUES")
// hangs until the read timeout, so every insert here is a PrepareBatch; a batch whose Send failed
// counts as sent, so a retry builds a new batch from the rows.
type serverSink struct {
	cfg   serverConfig
	opts  Options
	log   *slog.Logger
	clock versionClock

	cluster *clusterTopo // Options.Cluster; nil for one server

	mu     sync.Mutex
	boot   driver.Conn // without a database: exists before Migrate creates ours
	conn   driver.Conn // with our database as current; nil until it exists
	closed bool
}

func openServer(ctx context.Context, o Options) (*serverSink, error) {
	cfg, err := parseDSN(o.DSN, o)
	if err != nil {
		return nil, err
	}
	s := &serverSink{cfg: cfg, opts: o, log: o.Logger.With("target", "clickhouse", "at", cfg.where)}
	if o.Cluster != "" {
		names := schemas.ClusterNames{Cluster: o.Cluster, DB: cfg.database}
		if _, err := names.DatabaseDDL(); err != nil { // checks both names
			return nil, fmt.Errorf("loader: %w", err)
		}
		s.cluster = &clusterTopo{names: names}
		// An insert into a Distributed table returns once every shard has its rows, not when
		// they are queued on the entry node's disk: a view shows a load when Load returns,
		// and a shard that is down fails the insert (retried, then spooled) instead of
		// leaving rows in a queue the loader cannot see.
		if cfg.opts.Settings == nil {
			cfg.opts.Settings = clickhouse.Settings{}
		}
		cfg.opts.Settings["insert_distributed_sync"] = 1
	}
	boot, err := clickhouse.Open(cfg.opts)
	if err != nil {
		return nil, s.connectError(err)
	}
	pctx, cancel := context.WithTimeout(ctx, o.DialTimeout+2*time.Second)
	defer cancel()
	if err := boot.Ping(pctx); err != nil {
		boot.Close()
		return nil, s.connectError(err)
	}
	s.boot = boot
	exists, err := s.databaseExists(ctx)
	if err != nil {
		boot.Close()
		return nil, err
	}
	if exists {
		if err := s.openDatabase(); err != nil {
			boot.Close()
			return nil, err
		}
	}
	return s, nil
}

// connectError explains a failed connection: where, and what to do. A server exception (bad
// user or password, unknown database) is not "unreachable".
func (s *serverSink) connectError(err error) error {
	var ex *clickhouse.Exception
	if errors.As(err, &ex) {
		return fmt.Errorf("loader: ClickHouse at %s refused the connection: %s (code %d)", s.cfg.where, ex.Message, ex.Code)
	}
	return fmt.Errorf("%w: cannot connect to %s within %s: %v; start the development server with `scripts/clickhouse.sh start`, or fix the DSN",
		ErrUnreachable, s.cfg.where, s.opts.DialTimeout, RedactError(err, s.opts.DSN))
}

func (s *serverSink) databaseExists(ctx context.Context) (bool, error) {
	var n uint64
	row := s.boot.QueryRow(ctx, fmt.Sprintf("SELECT count() FROM system.databases WHERE name = '%s'", s.cfg.database))
	if err := row.Scan(&n); err != nil {
		return false, s.queryError(err)
	}
	return n > 0, nil
}

// openDatabase opens the connection pool whose current database is ours.
func (s *serverSink) openDatabase() error {
	o := *s.cfg.opts
	o.Auth.Database = s.cfg.database
	c, err := clickhouse.Open(&o)
	if err != nil {
		return s.connectError(err)
	}
	s.conn = c
	return nil
}

func (s *serverSink) Target() string { return "clickhouse " + s.cfg.where }

func (s *serverSink) Migrate(ctx context.Context) error {
	_, err := s.migrate(ctx)
	return err
}

func (s *serverSink) migrate(ctx context.Context) ([]int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	if s.cluster != nil {
		return s.migrateCluster(ctx)
	}
	if s.conn == nil {
		if err := s.boot.Exec(ctx, "CREATE DATABASE IF NOT EXISTS "+s.cfg.database); err != nil {
			return nil, s.queryError(err)
		}
		if err := s.openDatabase(); err != nil {
			return nil, err
		}
	}
	o := *s.cfg.opts
	o.Auth.Database = s.cfg.database
	db := clickhouse.OpenDB(&o)
	defer db.Close()
	return runMigrations(ctx, db, s.opts.Migrations, &s.clock, s.log)
}

// dataConn returns the connection to our database, or ErrNoDatabase before Migrate.
func (s *serverSink) dataConn() (driver.Conn, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	if s.conn == nil {
		return nil, fmt.Errorf("%w (%s)", ErrNoDatabase, s.cfg.where)
	}
	return s.conn, nil
}

func (s *serverSink) Load(ctx context.Context, results []*parser.Result) (Stats, error) {
	start := time.Now()
	conn, err := s.dataConn()
	if err != nil {
		return Stats{}, err
	}
	if err := checkResults(results); err != nil {
		return Stats{}, err // before any insert: a bad result means nothing is written
	}
	version := s.clock.next()
	st := Stats{}
	for _, group := range chunks(results, s.opts.BatchRows) {
		b, err := buildBatch(group, version, start)
		if err != nil {
			return st, err
		}
		if err := s.loadBatch(ctx, conn, &b, &st); err != nil {
			return st, err
		}
	}
	st.Elapsed = time.Since(start)
	s.log.Debug("loaded", "reports", st.Reports, "cells", st.Cells, "issues", st.Issues, "took", st.Elapsed)
	return st, nil
}

// loadBatch writes one group's rows: cells and issues first, reports last (see batch).
func (s *serverSink) loadBatch(ctx context.Context, conn driver.Conn, b *batch, st *Stats) error {
	if err := s.insert(ctx, conn, "cells", cellCodec, len(b.cells), func(bt driver.Batch, i int) error {
		return bt.AppendStruct(&b.cells[i])
	}); err != nil {
		return err
	}
	st.Cells += len(b.cells)
	if err := s.insert(ctx, conn, "issues", issueCodec, len(b.issues), func(bt driver.Batch, i int) error {
		return bt.AppendStruct(&b.issues[i])
	}); err != nil {
		return err
	}
	st.Issues += len(b.issues)
	// On a cluster the report rows wait until every replica has the cells and issues: a view
	// read through any replica never shows a half-loaded report.
	s.syncReplicas(ctx, "cells", "issues")
	if err := s.insert(ctx, conn, "reports", reportCodec, len(b.reports), func(bt driver.Batch, i int) error {
		return bt.AppendStruct(&b.reports[i])
	}); err != nil {
		return err
	}
	st.Reports += len(b.reports)
	s.syncReplicas(ctx, "reports")
	return nil
}

func (s *serverSink) LoadFetches(ctx context.Context, fetches []Fetch) error {
	conn, err := s.dataConn()
	if err != nil {
		return err
	}
	rows := fetchRows(fetches, s.clock.next())
	if err := s.insert(ctx, conn, "fetches", fetchCodec, len(rows), func(bt driver.Batch, i int) error {
		return bt.AppendStruct(&rows[i])
	}); err != nil {
		return err
	}
	s.syncReplicas(ctx, "fetches")
	return nil
}

// insert sends n rows in batches of at most BatchRows, retrying a batch on network errors. The
// batch's columns are the codec's, so AppendStruct maps each by its ch tag.
func (s *serverSink) insert(ctx context.Context, conn driver.Conn, table string, codec *rowCodec, n int,
	appendRow func(driver.Batch, int) error) error {
	query := insertPrefix(table, codec.cols)
	for lo := 0; lo < n; lo += s.opts.BatchRows {
		hi := min(lo+s.opts.BatchRows, n)
		network := false // the last attempt failed on the connection, not on the data
		send := func() (struct{}, error) {
			network = false
			// A fresh batch every attempt: clickhouse-go marks a batch sent even when Send failed.
			bt, err := conn.PrepareBatch(ctx, query)
			if err != nil {
				return struct{}{}, s.retryable(err, &network)
			}
			for i := lo; i < hi; i++ {
				if err := appendRow(bt, i); err != nil {
					_ = bt.Abort()
					return struct{}{}, backoff.Permanent(fmt.Errorf("loader: %s row %d: %w", table, i, err))
				}
			}
			if err := bt.Send(); err != nil {
				return struct{}{}, s.retryable(err, &network)
			}
			return struct{}{}, nil
		}
		if _, err := backoff.Retry(ctx, send, s.retryOptions(table)...); err != nil {
			if network && ctx.Err() == nil {
				// Retries exhausted on connection errors: the server is down (the caller's
				// write-ahead spool keeps the batch for later).
				return fmt.Errorf("%w: insert %d rows into %s at %s after retrying for %s: %w",
					ErrUnreachable, hi-lo, table, s.cfg.where, s.opts.RetryFor, err)
			}
			return fmt.Errorf("loader: insert %d rows into %s at %s: %w", hi-lo, table, s.cfg.where, err)
		}
	}
	return nil
}

func (s *serverSink) retryOptions(table string) []backoff.RetryOption {
	if s.opts.RetryFor < 0 {
		return []backoff.RetryOption{backoff.WithMaxTries(1)}
	}
	eb := backoff.NewExponentialBackOff()
	eb.InitialInterval = 200 * time.Millisecond
	eb.MaxInterval = 5 * time.Second
	return []backoff.RetryOption{
		backoff.WithBackOff(eb),
		backoff.WithMaxElapsedTime(s.opts.RetryFor),
		backoff.WithNotify(func(err error, wait time.Duration) {
			s.log.Warn("insert failed, retrying", "table", table, "err", err, "in", wait)
		}),
	}
}

// retryable classifies an error: server exceptions and cancellation are permanent, except those
// that say a server behind the one we talk to is unreachable (transientCodes); those and network
// trouble are worth another try (and set *network: spent retries mean an outage, which the
// write-ahead spool rides out).
func (s *serverSink) retryable(err error, network *bool) error {
	var ex *clickhouse.Exception
	switch {
	case errors.As(err, &ex) && transientCodes[ex.Code] != "":
		*network = true
		return &QueryError{Code: ex.Code, Message: ex.Message}
	case errors.As(err, &ex):
		return backoff.Permanent(&QueryError{Code: ex.Code, Message: ex.Message})
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return backoff.Permanent(err)
	}
	// Anything else is the connection (refused, reset, EOF, timeout): retry on a new batch.
	*network = true
	return err
}

// codeTimeoutExceeded is ClickHouse's TIMEOUT_EXCEEDED: max_execution_time reached.
const codeTimeoutExceeded = 159

func (s *serverSink) queryError(err error) error {
	var ex *clickhouse.Exception
	if errors.As(err, &ex) {
		return &QueryError{Code: ex.Code, Message: ex.Message}
	}
	return fmt.Errorf("loader: %s: %w", s.cfg.where, err)
}

func (s *serverSink) Query(ctx context.Context, sql string) (*Table, error) {
	s.mu.Lock()
	conn := s.conn
	if conn == nil {
		conn = s.boot // before Migrate: still useful for SELECT version(), system tables
	}
	closed := s.closed
	s.mu.Unlock()
	if closed {
		return nil, ErrClosed
	}
	dl, hasDeadline := ctx.Deadline()
	if hasDeadline {
		// The server stops the query itself at the deadline (max_execution_time), whether or
		// not the client's cancel reaches it: an analyst's --timeout never leaves a query
		// running on the server.
		secs := int(math.Ceil(time.Until(dl).Seconds()))
		ctx = clickhouse.Context(ctx, clickhouse.WithSettings(clickhouse.Settings{"max_execution_time": max(secs, 1)}))
	}
	fail := func(err error) error {
		// clickhouse-go turns the deadline into the connection's read deadline, so the error
		// can be an i/o timeout a moment before ctx itself says it is done.
		// The server's own max_execution_time (code 159) can also fire a moment before the
		// client's deadline: it is the same --timeout, so it reads the same.
		var ex *clickhouse.Exception
		serverTimeout := hasDeadline && errors.As(err, &ex) && ex.Code == codeTimeoutExceeded
		if ctx.Err() != nil || hasDeadline && !time.Now().Before(dl) || serverTimeout {
			<-ctx.Done()
			return fmt.Errorf("loader: query stopped: %w", context.Cause(ctx))
		}
		return s.queryError(err)
	}
	rows, err := conn.Query(ctx, sql)
	if err != nil {
		return nil, fail(err)
	}
	defer rows.Close()
	cts := rows.ColumnTypes()
	t := &Table{Columns: make([]string, len(cts)), Types: make([]string, len(cts))}
	dest := make([]any, len(cts))
	for i, ct := range cts {
		t.Columns[i] = ct.Name()
		t.Types[i] = ct.DatabaseTypeName()
		dest[i] = reflect.New(ct.ScanType()).Interface()
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, fail(err)
		}
		row := make([]any, len(dest))
		for i, d := range dest {
			row[i] = normalizeNative(reflect.ValueOf(d).Elem().Interface())
		}
		t.Rows = append(t.Rows, row)
	}
	if err := rows.Err(); err != nil {
		return nil, fail(err)
	}
	return t, nil
}

func (s *serverSink) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	errs := s.closeNodes()
	if s.conn != nil {
		errs = append(errs, s.conn.Close())
	}
	if s.boot != nil {
		errs = append(errs, s.boot.Close())
	}
	return errors.Join(errs...)
}
