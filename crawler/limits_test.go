package crawler

import (
	"bytes"
	"compress/gzip"
	"errors"
	"testing"
)

func TestDecompressLimit(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(bytes.Repeat([]byte("0"), 1<<20)) // a 1 MiB bomb in ~1 KB
	zw.Close()
	cases := []struct {
		enc   string
		in    []byte
		limit int64
		n     int
		err   error
	}{
		{"gzip", buf.Bytes(), 64 << 10, 64 << 10, ErrDecompressLimit},
		{"gzip", buf.Bytes(), 2 << 20, 1 << 20, nil},
		{"", []byte("plain"), 3, 5, nil},                      // identity is limited on the wire, not here
		{"gzip", []byte("<html>not gzip"), 100, 14, nil},      // lying header: kept as is
		{"br", []byte("whatever"), 100, 8, nil},               // not asked for, passed through
		{"gzip", buf.Bytes()[:buf.Len()/2], 2 << 20, -1, nil}, // cut short: some bytes and an error
	}
	for i, c := range cases {
		out, err := decompress(c.enc, c.in, c.limit)
		if c.n >= 0 && len(out) != c.n {
			t.Errorf("%d: %d bytes, want %d", i, len(out), c.n)
		}
		if c.err != nil && !errors.Is(err, c.err) {
			t.Errorf("%d: err %v, want %v", i, err, c.err)
		}
		if c.n < 0 && err == nil {
			t.Errorf("%d: truncated gzip gave no error", i)
		}
	}
}
