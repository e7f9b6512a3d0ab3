package loader

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/govreports/govreports/loader/chdbproto"
	"github.com/govreports/govreports/parser"
	"github.com/govreports/govreports/schemas"
)

// embeddedSink runs chDB in a govreports-chdb helper process on one data directory (see the
// package comment for why a process). Requests are serialized: chDB has one session per process.
type embeddedSink struct {
	opts    Options
	log     *slog.Logger
	dir     string
	clock   versionClock
	stderrs *tail

	mu     sync.Mutex // one request at a time on the pipes
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *bufio.Reader
	done   chan struct{} // closed when the helper has exited
	closed bool
}

func openEmbedded(ctx context.Context, o Options) (*embeddedSink, error) {
	lib, err := findChdb()
	if err != nil {
		return nil, err
	}
	helper, err := findHelper(o.HelperPath)
	if err != nil {
		return nil, err
	}
	if !schemas.ValidIdent(o.Database) {
		return nil, fmt.Errorf("loader: bad database name %q (letters, digits, _ only)", o.Database)
	}
	dir, err := filepath.Abs(o.DataDir)
	if err != nil {
		return nil, err
	}
	s := &embeddedSink{opts: o, dir: dir, stderrs: &tail{max: 40},
		log: o.Logger.With("target", "chdb", "dir", dir)}

	// Not CommandContext: the helper outlives the ctx of Open; Close stops it.
	cmd := exec.Command(helper, "-data", dir)
	// TZ=UTC: DateTime text is rendered in the process time zone; UTC matches the server config of
	// scripts/clickhouse.sh, so both targets print the same times.
	cmd.Env = append(os.Environ(), "CHDB_LIB_PATH="+lib, "TZ=UTC")
	cmd.Stderr = s.stderrs
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%w: start %s: %v", ErrHelper, helper, err)
	}
	s.cmd, s.stdin, s.stdout, s.done = cmd, stdin, bufio.NewReaderSize(stdout, 1<<20), make(chan struct{})
	go func() { _ = cmd.Wait(); close(s.done) }()

	if err := s.hello(ctx); err != nil {
		s.kill()
		return nil, err
	}
	s.log.Debug("chdb helper ready", "pid", cmd.Process.Pid, "helper", helper, "lib", lib)
	// The database must exist before USE; tables come from Migrate.
	for _, q := range []string{"CREATE DATABASE IF NOT EXISTS " + o.Database, "USE " + o.Database} {
		if _, _, err := s.roundTrip(ctx, chdbproto.Request{Query: q}, nil); err != nil {
			s.kill()
			return nil, err
		}
	}
	return s, nil
}

// hello waits for the helper's first frame, bounded by StartTimeout.
func (s *embeddedSink) hello(ctx context.Context) error {
	type result struct {
		resp chdbproto.Response
		err  error
	}
	ch := make(chan result, 1)
	go func() {
		var r chdbproto.Response
		err := chdbproto.ReadHeader(s.stdout, &r)
		ch <- result{r, err}
	}()
	timer := time.NewTimer(s.opts.StartTimeout)
	defer timer.Stop()
	select {
	case r := <-ch:
		if r.err != nil {
			<-s.waitDone(2 * time.Second)
			return fmt.Errorf("%w: helper exited during start-up: %v; stderr: %s", ErrHelper, r.err, s.stderrs.String())
		}
		switch {
		case r.resp.Code == chdbproto.CodeInUse:
			return fmt.Errorf("%w: %s; close the other govreports process or use another directory", ErrDataDirInUse, r.resp.Error)
		case r.resp.Error != "":
			return fmt.Errorf("%w: %s", ErrHelper, r.resp.Error)
		case !r.resp.Ready:
			return fmt.Errorf("%w: unexpected hello from helper", ErrHelper)
		}
		return nil
	case <-timer.C:
		return fmt.Errorf("%w: helper did not start within %s; stderr: %s", ErrHelper, s.opts.StartTimeout, s.stderrs.String())
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *embeddedSink) waitDone(d time.Duration) <-chan struct{} {
	ch := make(chan struct{})
	go func() {
		select {
		case <-s.done:
		case <-time.After(d):
		}
		close(ch)
	}()
	return ch
}

// roundTrip sends one request and reads its response. A ClickHouse error comes back as
// *QueryError; a broken pipe or dead helper as ErrHelper (and the sink is unusable after).
// The context is checked before sending; a query already running inside chDB cannot be
// interrupted through this protocol.
func (s *embeddedSink) roundTrip(ctx context.Context, req chdbproto.Request, data []byte) (chdbproto.Response, []byte, error) {
	if err := ctx.Err(); err != nil {
		return chdbproto.Response{}, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return chdbproto.Response{}, nil, ErrClosed
	}
	req.Len = int64(len(data))
	if err := chdbproto.WriteFrame(s.stdin, req, data); err != nil {
		return chdbproto.Response{}, nil, s.helperDied(err)
	}
	var resp chdbproto.Response
	if err := chdbproto.ReadHeader(s.stdout, &resp); err != nil {
		return chdbproto.Response{}, nil, s.helperDied(err)
	}
	payload, err := chdbproto.ReadPayload(s.stdout, resp.Len)
	if err != nil {
		return chdbproto.Response{}, nil, s.helperDied(err)
	}
	if resp.Error != "" {
		return resp, nil, &QueryError{Message: strings.TrimSpace(resp.Error)}
	}
	return resp, payload, nil
}

func (s *embeddedSink) helperDied(err error) error {
	<-s.waitDone(2 * time.Second)
	return fmt.Errorf("%w: %v; stderr: %s", ErrHelper, err, s.stderrs.String())
}

func (s *embeddedSink) Target() string { return "chdb " + s.dir }

func (s *embeddedSink) Migrate(ctx context.Context) error {
	_, err := s.migrate(ctx)
	return err
}

func (s *embeddedSink) migrate(ctx context.Context) ([]int64, error) {
	db := openHelperDB(s)
	defer db.Close()
	return runMigrations(ctx, db, s.opts.Migrations, &s.clock, s.log)
}

// exec runs a statement that returns nothing of interest.
func (s *embeddedSink) exec(ctx context.Context, query string, data []byte) error {
	_, _, err := s.roundTrip(ctx, chdbproto.Request{Query: query}, data)
	return err
}

func (s *embeddedSink) Load(ctx context.Context, results []*parser.Result) (Stats, error) {
	start := time.Now()
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
		// Cells and issues first, reports last: see batch.
		if err := insertJSON(ctx, s, "cells", cellCodec, b.cells, s.opts.BatchRows); err != nil {
			return st, err
		}
		st.Cells += len(b.cells)
		if err := insertJSON(ctx, s, "issues", issueCodec, b.issues, s.opts.BatchRows); err != nil {
			return st, err
		}
		st.Issues += len(b.issues)
		if err := insertJSON(ctx, s, "reports", reportCodec, b.reports, s.opts.BatchRows); err != nil {
			return st, err
		}
		st.Reports += len(b.reports)
	}
	st.Elapsed = time.Since(start)
	s.log.Debug("loaded", "reports", st.Reports, "cells", st.Cells, "issues", st.Issues, "took", st.Elapsed)
	return st, nil
}

func (s *embeddedSink) LoadFetches(ctx context.Context, fetches []Fetch) error {
	return insertJSON(ctx, s, "fetches", fetchCodec, fetchRows(fetches, s.clock.next()), s.opts.BatchRows)
}

// insertJSON sends rows as `INSERT INTO t (cols) FORMAT JSONEachRow` with the data inline, the
// fastest way into chDB (about 1M rows/s measured), in chunks of at most batchRows.
func insertJSON[R any](ctx context.Context, s *embeddedSink, table string, codec *rowCodec, rows []R, batchRows int) error {
	query := insertPrefix(table, codec.cols) + " FORMAT JSONEachRow"
	var buf bytes.Buffer
	for lo := 0; lo < len(rows); lo += batchRows {
		hi := min(lo+batchRows, len(rows))
		buf.Reset()
		for i := lo; i < hi; i++ {
			codec.appendJSON(&buf, &rows[i])
			buf.WriteByte('\n')
		}
		if err := s.exec(ctx, query, buf.Bytes()); err != nil {
			return fmt.Errorf("loader: insert %d rows into %s (%s): %w", hi-lo, table, s.dir, err)
		}
	}
	return nil
}

// A query still running when ctx ends (an analyst's --timeout) cannot be interrupted inside
// chDB, so the helper process is killed: the sink is unusable afterwards (ErrHelper), the data
// directory is not harmed by a read, and the caller gets the context's error.
func (s *embeddedSink) Query(ctx context.Context, sql string) (*Table, error) {
	stop := context.AfterFunc(ctx, func() {
		if s.cmd != nil && s.cmd.Process != nil {
			_ = s.cmd.Process.Kill()
		}
	})
	_, out, err := s.roundTrip(ctx, chdbproto.Request{Query: sql, Format: "JSONCompact"}, nil)
	if !stop() && ctx.Err() != nil {
		return nil, fmt.Errorf("loader: query stopped: %w (the embedded engine was stopped with it)", context.Cause(ctx))
	}
	if err != nil {
		return nil, err
	}
	return parseJSONCompact(out)
}

// parseJSONCompact reads chDB's JSONCompact output. Statements without a result (DDL) give an
// empty output and an empty Table.
func parseJSONCompact(out []byte) (*Table, error) {
	t := &Table{}
	if len(bytes.TrimSpace(out)) == 0 {
		return t, nil
	}
	var doc struct {
		Meta []struct {
			Name string `json:"name"`
			Type string `json:"type"`
		} `json:"meta"`
		Data [][]any `json:"data"`
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%w: unreadable JSONCompact result: %v", ErrHelper, err)
	}
	for _, m := range doc.Meta {
		t.Columns = append(t.Columns, m.Name)
		t.Types = append(t.Types, m.Type)
	}
	t.Rows = make([][]any, 0, len(doc.Data))
	for _, raw := range doc.Data {
		row := make([]any, len(t.Columns))
		for i := range row {
			if i < len(raw) {
				row[i] = normalizeJSON(raw[i], t.Types[i])
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

// Close ends the helper: closing stdin makes it close chDB (flushing data) and exit.
func (s *embeddedSink) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	_ = s.stdin.Close()
	s.mu.Unlock()
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		s.log.Warn("chdb helper did not exit in 30s; killing it")
		s.kill()
	}
	if st := s.cmd.ProcessState; st != nil && !st.Success() {
		return fmt.Errorf("%w: helper exited with %s; stderr: %s", ErrHelper, st, s.stderrs.String())
	}
	return nil
}

func (s *embeddedSink) kill() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Kill()
		<-s.waitDone(5 * time.Second)
	}
}

// tail keeps the last lines written to it: the helper's stderr, quoted in error messages.
type tail struct {
	mu    sync.Mutex
	max   int
	lines []string
	part  []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.part = append(t.part, p...)
	for {
		i := bytes.IndexByte(t.part, '\n')
		if i < 0 {
			break
		}
		t.lines = append(t.lines, string(t.part[:i]))
		t.part = t.part[i+1:]
		if len(t.lines) > t.max {
			t.lines = t.lines[len(t.lines)-t.max:]
		}
	}
	if len(t.part) > 4096 {
		t.part = t.part[len(t.part)-4096:]
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := strings.Join(append(append([]string(nil), t.lines...), string(t.part)), "\n")
	s = strings.TrimSpace(s)
	if s == "" {
		return "(empty)"
	}
	return s
}
