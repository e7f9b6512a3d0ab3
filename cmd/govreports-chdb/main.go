// Command govreports-chdb runs queries against an embedded chDB (ClickHouse as a library) on one
// data directory, for package loader, over stdin/stdout (see loader/chdbproto).
//
// It exists because chdb-go dlopens libchdb.so in an init function and panics when the library
// is missing: only this small binary links chdb-go, so govreports itself starts everywhere and
// reports a clear error (loader.ErrNoChdb) when chDB is not installed. The loader checks that the
// library exists before starting this helper.
//
// Usage: govreports-chdb -data DIR   (speaks the protocol on stdin/stdout; logs on stderr)
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	chdbpurego "github.com/chdb-io/chdb-go/chdb-purego"
	"github.com/govreports/govreports/loader/chdbproto"
)

func main() {
	dataDir := flag.String("data", "", "chDB data directory (created if missing)")
	flag.Parse()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	if err := run(*dataDir, os.Stdin, out, logger); err != nil {
		logger.Error("govreports-chdb", "err", err)
		os.Exit(1)
	}
}

// run opens the data directory, says hello, then serves requests until stdin closes.
func run(dataDir string, in io.Reader, out *bufio.Writer, logger *slog.Logger) error {
	hello := func(resp chdbproto.Response) error {
		if err := chdbproto.WriteFrame(out, resp, nil); err != nil {
			return err
		}
		return out.Flush()
	}
	if dataDir == "" {
		_ = hello(chdbproto.Response{Error: "govreports-chdb: -data DIR is required", Code: chdbproto.CodeOpen})
		return errors.New("-data DIR is required")
	}
	dir, err := filepath.Abs(dataDir)
	if err != nil {
		_ = hello(chdbproto.Response{Error: err.Error(), Code: chdbproto.CodeOpen})
		return err
	}
	lock, err := lockDataDir(dir)
	if err != nil {
		code := chdbproto.CodeOpen
		var inUse *inUseError
		if errors.As(err, &inUse) {
			code = chdbproto.CodeInUse
		}
		_ = hello(chdbproto.Response{Error: err.Error(), Code: code})
		return err
	}
	defer lock.Close()

	// The loader starts us with TZ=UTC so DateTime text matches the server of
	// scripts/clickhouse.sh; data is stored as Unix time either way.
	conn, err := chdbpurego.NewConnectionFromConnString(dir)
	if err != nil {
		_ = hello(chdbproto.Response{Error: fmt.Sprintf("open chDB at %s: %v", dir, err), Code: chdbproto.CodeOpen})
		return err
	}
	defer conn.Close()
	if err := hello(chdbproto.Response{Ready: true, PID: os.Getpid()}); err != nil {
		return err
	}
	logger.Debug("chdb ready", "dir", dir)

	r := bufio.NewReaderSize(in, 1<<20)
	for {
		var req chdbproto.Request
		if err := chdbproto.ReadHeader(r, &req); err != nil {
			if errors.Is(err, io.EOF) {
				return nil // the loader closed stdin: normal shutdown
			}
			return err
		}
		data, err := chdbproto.ReadPayload(r, req.Len)
		if err != nil {
			return err
		}
		resp, payload := serve(conn, req, data)
		if err := chdbproto.WriteFrame(out, resp, payload); err != nil {
			return err
		}
		if err := out.Flush(); err != nil {
			return err
		}
	}
}

// serve runs one request. Insert data, when present, follows the query text after a newline, which
// is how ClickHouse reads `INSERT … FORMAT X` data inline.
func serve(conn chdbpurego.ChdbConn, req chdbproto.Request, data []byte) (chdbproto.Response, []byte) {
	format := req.Format
	if format == "" {
		format = "JSONCompact"
	}
	query := req.Query
	if len(data) > 0 {
		b := make([]byte, 0, len(query)+1+len(data))
		b = append(b, query...)
		b = append(b, '\n')
		b = append(b, data...)
		query = string(b)
	}
	res, err := conn.Query(query, format)
	if err != nil {
		return chdbproto.Response{Error: err.Error(), Code: chdbproto.CodeQuery}, nil
	}
	if res == nil {
		return chdbproto.Response{}, nil
	}
	defer res.Free()
	if err := res.Error(); err != nil {
		return chdbproto.Response{Error: err.Error(), Code: chdbproto.CodeQuery}, nil
	}
	// Buf points into chDB's memory, freed by Free: copy before returning.
	buf := append([]byte(nil), res.Buf()...)
	return chdbproto.Response{
		RowsRead:  res.RowsRead(),
		ElapsedMS: res.Elapsed() * 1000,
		Len:       int64(len(buf)),
	}, buf
}
