// Package inputs turns command-line arguments (files, directories, "-" for stdin, WARC archives)
// into documents for the parser, each with what is known about its source.
package inputs

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/govreports/govreports/parser"
)

// Doc is one report's bytes and source.
type Doc struct {
	Data   []byte
	Source parser.Source
	// Archive is the WARC file the document was read from, empty for other inputs.
	Archive string
}

// ErrNoInput is returned when the arguments name no readable document.
var ErrNoInput = errors.New("no input documents")

// WARCReader reads the response records of a WARC file; set by the command so this package
// stays free of the crawler's dependencies.
type WARCReader func(path string, fn func(Doc) error) error

// Walker expands arguments into documents.
type Walker struct {
	Stdin io.Reader
	WARC  WARCReader
}

// Extensions read when a directory is walked.
var docExtensions = []string{".txt", ".html", ".htm", ".shtml", ".jhtml", ".xhtml", ".jsp", ".php", ".asp", ".aspx",
	".pdf", ".docx", ".doc", ".wps"}

// Walk calls fn for every document the arguments name, in order (directories sorted).
func (w Walker) Walk(args []string, fn func(Doc) error) error {
	n := 0
	count := func(d Doc) error { n++; return fn(d) }
	for _, a := range args {
		if err := w.walkOne(a, count); err != nil {
			return err
		}
	}
	if n == 0 {
		return fmt.Errorf("%w in %s", ErrNoInput, strings.Join(args, " "))
	}
	return nil
}

func (w Walker) walkOne(arg string, fn func(Doc) error) error {
	if arg == "-" {
		if w.Stdin == nil {
			return errors.New("stdin: not available")
		}
		b, err := readLimited(w.Stdin)
		if err != nil {
			return fmt.Errorf("stdin: %w", err)
		}
		return fn(docOf(b, "-"))
	}
	st, err := os.Stat(arg)
	if err != nil {
		return fmt.Errorf("input %s: %w", arg, unwrapPath(err))
	}
	if !st.IsDir() {
		return w.file(arg, fn)
	}
	var files []string
	err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (isWARC(p) || hasExt(p, docExtensions)) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("input %s: %w", arg, err)
	}
	sort.Strings(files)
	for _, f := range files {
		if err := w.file(f, fn); err != nil {
			return err
		}
	}
	return nil
}

func (w Walker) file(path string, fn func(Doc) error) error {
	if isWARC(path) {
		if w.WARC == nil {
			return fmt.Errorf("input %s: WARC archives are not readable by this command", path)
		}
		return w.WARC(path, func(d Doc) error {
			d.Archive = path
			return fn(d)
		})
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("input %s: %w", path, unwrapPath(err))
	}
	defer f.Close()
	b, err := readLimited(f)
	if err != nil {
		return fmt.Errorf("input %s: %w", path, err)
	}
	return fn(docOf(b, path))
}

// readLimited reads at most one byte past the parser's limit, so an oversized input is refused
// by the parser with a clear error instead of filling memory.
func readLimited(r io.Reader) ([]byte, error) {
	return io.ReadAll(io.LimitReader(r, parser.MaxInputBytes+1))
}

var reSourceLine = regexp.MustCompile(`^#\s*SOURCE:\s*(https?://\S+)`)

// docOf applies the corpus convention: a first line "# SOURCE: URL …" names the page's URL and
// is not part of the page.
func docOf(b []byte, name string) Doc {
	d := Doc{Data: b, Source: parser.Source{Name: name}}
	if bytes.HasPrefix(b, []byte("# SOURCE:")) {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, d.Data = b[:i], b[i+1:]
		} else {
			d.Data = nil
		}
		if m := reSourceLine.FindSubmatch(line); m != nil {
			d.Source.URL = string(m[1])
		}
	}
	return d
}

func isWARC(p string) bool {
	l := strings.ToLower(p)
	return strings.HasSuffix(l, ".warc") || strings.HasSuffix(l, ".warc.gz")
}

func hasExt(p string, exts []string) bool {
	e := strings.ToLower(filepath.Ext(p))
	for _, x := range exts {
		if e == x {
			return true
		}
	}
	return false
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
