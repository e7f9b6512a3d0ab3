// Package chdbproto is the wire protocol between package loader and the govreports-chdb helper.
//
// Why a helper process at all: chdb-go's purego binding dlopens libchdb.so in an init function and
// panics when the library is missing, so no binary that may run without chDB can link it. The
// helper links chdb-go; the loader talks to it over its stdin/stdout. This package has no
// dependencies so both sides can import it.
//
// Framing, in both directions: one JSON header line, then exactly Header.Len raw bytes. Raw bytes
// keep bulk payloads (JSONEachRow inserts, query results) out of JSON string escaping.
//
//	loader → helper: Request  + Len bytes appended to the query after a newline (insert data)
//	helper → loader: Response + Len bytes of query output in Request.Format
//
// The helper first writes one Response (the hello) before reading any request: Error set when the
// data directory could not be opened (Code says why), else Ready with its pid.
package chdbproto

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Codes of Response.Code, so the loader can map helper failures to typed errors.
const (
	CodeInUse = "in_use" // another process holds the data directory's lock
	CodeOpen  = "open"   // chDB could not open the data directory
	CodeQuery = "query"  // the query failed
	CodeProto = "proto"  // malformed request
)

// MaxFrame bounds a single frame so a corrupted header cannot make a side allocate without limit.
const MaxFrame = 4 << 30

// Request asks the helper to run one query.
type Request struct {
	Query  string `json:"query"`
	Format string `json:"format,omitempty"` // chDB output format; default JSONCompact
	Len    int64  `json:"len,omitempty"`    // bytes of data that follow the header line
}

// Response is the helper's answer to a Request (or its hello).
type Response struct {
	Ready     bool    `json:"ready,omitempty"`
	PID       int     `json:"pid,omitempty"`
	Error     string  `json:"error,omitempty"`
	Code      string  `json:"code,omitempty"`
	RowsRead  uint64  `json:"rows_read,omitempty"`
	ElapsedMS float64 `json:"elapsed_ms,omitempty"`
	Len       int64   `json:"len,omitempty"`
}

// WriteFrame writes a header line and its payload, setting the header's length field.
func WriteFrame(w io.Writer, header any, payload []byte) error {
	line, err := json.Marshal(header)
	if err != nil {
		return err
	}
	line = append(line, '\n')
	if _, err := w.Write(line); err != nil {
		return err
	}
	if len(payload) > 0 {
		if _, err := w.Write(payload); err != nil {
			return err
		}
	}
	return nil
}

// ErrFrame reports a malformed frame.
var ErrFrame = errors.New("chdbproto: malformed frame")

// ReadHeader reads one header line into v.
func ReadHeader(r *bufio.Reader, v any) error {
	line, err := r.ReadBytes('\n')
	if err != nil {
		if errors.Is(err, io.EOF) && len(line) > 0 {
			return fmt.Errorf("%w: truncated header", ErrFrame)
		}
		return err
	}
	if err := json.Unmarshal(line, v); err != nil {
		return fmt.Errorf("%w: %v", ErrFrame, err)
	}
	return nil
}

// ReadPayload reads the n bytes that follow a header.
func ReadPayload(r *bufio.Reader, n int64) ([]byte, error) {
	if n < 0 || n > MaxFrame {
		return nil, fmt.Errorf("%w: payload length %d", ErrFrame, n)
	}
	if n == 0 {
		return nil, nil
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, fmt.Errorf("%w: payload: %v", ErrFrame, err)
	}
	return buf, nil
}
