package inputs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/govreports/govreports/parser"
)

func TestWalk(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "b.txt"), []byte("# SOURCE: http://x.gov.cn/a.html (note)\nbody"), 0o644)
	os.WriteFile(filepath.Join(dir, "a.html"), []byte("<p>x</p>"), 0o644)
	os.WriteFile(filepath.Join(dir, "skip.png"), []byte("png"), 0o644)
	var got []Doc
	w := Walker{Stdin: strings.NewReader("from stdin")}
	if err := w.Walk([]string{dir, "-"}, func(d Doc) error { got = append(got, d); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("got %d docs", len(got))
	}
	if filepath.Base(got[0].Source.Name) != "a.html" || string(got[1].Data) != "body" || got[1].Source.URL != "http://x.gov.cn/a.html" {
		t.Fatalf("docs: %+v", got)
	}
	if got[2].Source.Name != "-" || string(got[2].Data) != "from stdin" {
		t.Fatalf("stdin doc: %+v", got[2])
	}
}

func TestWalkErrors(t *testing.T) {
	w := Walker{}
	err := w.Walk([]string{"/nonexistent/file.txt"}, func(Doc) error { return nil })
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing file: %v", err)
	}
	if err := w.Walk([]string{t.TempDir()}, func(Doc) error { return nil }); !errors.Is(err, ErrNoInput) {
		t.Fatalf("empty dir: %v", err)
	}
	warc := filepath.Join(t.TempDir(), "x.warc.gz")
	os.WriteFile(warc, nil, 0o644)
	if err := w.Walk([]string{warc}, func(Doc) error { return nil }); err == nil {
		t.Fatal("WARC without reader accepted")
	}
}

func TestWalkWARCNamesArchive(t *testing.T) {
	warc := filepath.Join(t.TempDir(), "crawl.warc.gz")
	os.WriteFile(warc, nil, 0o644)
	w := Walker{WARC: func(path string, fn func(Doc) error) error {
		return fn(Doc{Data: []byte("page"), Source: parser.Source{Name: "http://x.gov.cn/a.html"}})
	}}
	var got []Doc
	if err := w.Walk([]string{warc, "-"}, func(d Doc) error { got = append(got, d); return nil }); err == nil {
		t.Fatal("stdin without a reader accepted")
	}
	if len(got) != 1 || got[0].Archive != warc || got[0].Source.Name != "http://x.gov.cn/a.html" {
		t.Fatalf("docs %+v: want one with Archive %s", got, warc)
	}
}

// TestReadFileLimited: a file is read whole whatever its size up to the parser's limit, and
// one byte past the limit at most (the parser then refuses it as too large).
func TestReadFileLimited(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 1, 511, 512, 513, 40 << 10, parser.MaxInputBytes, parser.MaxInputBytes + 100} {
		p := filepath.Join(dir, "f")
		want := []byte(strings.Repeat("政", n/3+1)[:n])
		if err := os.WriteFile(p, want, 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := readFileLimited(f)
		f.Close()
		if err != nil {
			t.Fatalf("%d bytes: %v", n, err)
		}
		if n > parser.MaxInputBytes {
			want = want[:parser.MaxInputBytes+1]
		}
		if string(got) != string(want) {
			t.Errorf("%d bytes: read %d", n, len(got))
		}
	}
}

// A killed crawl leaves its last WARC file named ".open": a directory walk hands it to the WARC
// reader like any other (regression: `govreports load ARCHIVE` of a killed node's archive said
// "no input documents").
func TestWalkOpenWARC(t *testing.T) {
	tests := []struct {
		name string
		warc bool
	}{
		{"govreports-site-1-0001.warc.gz.open", true},
		{"govreports-site-1-0002.warc.open", true},
		{"crawl.WARC.GZ.OPEN", true},
		{"notes.open", false},
		{"report.html.open", false},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		os.WriteFile(filepath.Join(dir, tt.name), nil, 0o644)
	}
	var read []string
	w := Walker{WARC: func(path string, fn func(Doc) error) error {
		read = append(read, filepath.Base(path))
		return fn(Doc{Data: []byte("page"), Source: parser.Source{Name: "http://x.gov.cn/a.html"}})
	}}
	if err := w.Walk([]string{dir}, func(Doc) error { return nil }); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		if got := slices.Contains(read, tt.name); got != tt.warc {
			t.Errorf("%s read as WARC: %v, want %v (read: %v)", tt.name, got, tt.warc, read)
		}
	}
}
