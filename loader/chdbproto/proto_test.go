package chdbproto

import (
	"bufio"
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestFrameRoundTrip(t *testing.T) {
	cases := []struct {
		name    string
		query   string
		payload []byte
	}{
		{"no payload", "SELECT 1", nil},
		{"payload with newlines", "INSERT INTO t (a) FORMAT JSONEachRow", []byte("{\"a\":1}\n{\"a\":\"x\\ny\"}\n")},
		{"binary payload", "q", []byte{0, 1, 2, '\n', 255}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteFrame(&buf, Request{Query: c.query, Len: int64(len(c.payload))}, c.payload); err != nil {
				t.Fatal(err)
			}
			r := bufio.NewReader(&buf)
			var req Request
			if err := ReadHeader(r, &req); err != nil {
				t.Fatal(err)
			}
			data, err := ReadPayload(r, req.Len)
			if err != nil {
				t.Fatal(err)
			}
			if req.Query != c.query || !bytes.Equal(data, c.payload) {
				t.Errorf("got %q %q", req.Query, data)
			}
		})
	}
}

func TestMalformedFrames(t *testing.T) {
	cases := []struct{ name, in string }{
		{"not json", "hello\n"},
		{"truncated header", `{"query":"x"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var req Request
			err := ReadHeader(bufio.NewReader(strings.NewReader(c.in)), &req)
			if !errors.Is(err, ErrFrame) {
				t.Errorf("err = %v, want ErrFrame", err)
			}
		})
	}
	r := bufio.NewReader(strings.NewReader("abc"))
	if _, err := ReadPayload(r, 10); !errors.Is(err, ErrFrame) {
		t.Errorf("short payload: err = %v", err)
	}
	if _, err := ReadPayload(r, -1); !errors.Is(err, ErrFrame) {
		t.Errorf("negative length: err = %v", err)
	}
}
