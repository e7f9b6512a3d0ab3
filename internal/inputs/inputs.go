// Package inputs turns command-line arguments (files, directories, "-" for stdin, WARC archives)
// into documents for the parser, each with what is known about its source.
package inputs

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
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

// ErrSkipped is returned at the end of a walk in which some inputs could not be read (a file
// that cannot be opened, a dangling link, an unreadable folder, a WARC file with no readable
// record): each was logged as a warning naming it, and every other input was read.
var ErrSkipped = errors.New("inputs skipped")

// WARCReader reads the response records of a WARC file; set by the command so this package
// stays free of the crawler's dependencies.
type WARCReader func(path string, fn func(Doc) error) error

// Walker expands arguments into documents.
type Walker struct {
	Stdin io.Reader
	WARC  WARCReader
	// Log gets a warning for each input skipped (nil: none is logged, Walk still says how many).
	Log *slog.Logger
}

// Extensions read when a directory is walked.
var docExtensions = []string{".txt", ".html", ".htm", ".shtml", ".jhtml", ".xhtml", ".jsp", ".php", ".asp", ".aspx",
	".pdf", ".docx", ".doc", ".wps"}

// Walk calls fn for every document the arguments name, in order (directories sorted).
//
// An input that cannot be read is logged and skipped, and Walk goes on with the rest; at the end
// it returns an error wrapping ErrSkipped (or ErrNoInput when nothing was read at all). An error
// from fn stops the walk and is returned as is; so does an argument that does not exist.
func (w Walker) Walk(args []string, fn func(Doc) error) error {
	n := 0
	wk := &walk{Walker: w, fn: func(d Doc) error { n++; return fn(d) }}
	for _, a := range args {
		if err := wk.walkOne(a); err != nil {
			return err
		}
	}
	if n == 0 {
		return errors.Join(fmt.Errorf("%w in %s", ErrNoInput, strings.Join(args, " ")), wk.skippedErr())
	}
	return wk.skippedErr()
}

// walk is one Walk: the callback and what was skipped.
type walk struct {
	Walker
	fn      func(Doc) error
	skipped []string
}

// skip records an input that could not be read.
func (w *walk) skip(path string, err error) {
	w.skipped = append(w.skipped, path)
	if w.Log != nil {
		w.Log.Warn("input skipped", "path", path, "err", err)
	}
}

func (w *walk) skippedErr() error {
	switch len(w.skipped) {
	case 0:
		return nil
	case 1:
		return fmt.Errorf("%w: %s could not be read (see the warning above)", ErrSkipped, w.skipped[0])
	}
	return fmt.Errorf("%w: %d inputs could not be read, first %s (see the warnings above)", ErrSkipped, len(w.skipped), w.skipped[0])
}

func (w *walk) walkOne(arg string) error {
	fn := w.fn
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
		return w.file(arg)
	}
	var files []string
	err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			// An unreadable folder: the rest of the tree is still read.
			w.skip(p, unwrapPath(err))
			if d != nil && d.IsDir() && p != arg {
				return filepath.SkipDir
			}
			return nil
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
		if err := w.file(f); err != nil {
			return err
		}
	}
	return nil
}

// file reads one file. Only an error from the callback is returned; a file that cannot be read
// is skipped (see skip).
func (w *walk) file(path string) error {
	if isWARC(path) {
		if w.WARC == nil {
			return fmt.Errorf("input %s: WARC archives are not readable by this command", path)
		}
		var fnErr error
		err := w.WARC(path, func(d Doc) error {
			d.Archive = path
			fnErr = w.fn(d)
			return fnErr
		})
		if fnErr != nil {
			return fnErr
		}
		if err != nil {
			w.skip(path, err)
		}
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		w.skip(path, unwrapPath(err))
		return nil
	}
	defer f.Close()
	b, err := readFileLimited(f)
	if err != nil {
		w.skip(path, err)
		return nil
	}
	return w.fn(docOf(b, path))
}

// readLimited reads at most one byte past the parser's limit, so an oversized input is refused
// by the parser with a clear error instead of filling memory.
func readLimited(r io.Reader) ([]byte, error) {
	return io.ReadAll(io.LimitReader(r, parser.MaxInputBytes+1))
}

// readFileLimited is readLimited for a file, with the buffer sized from the file's size (as
// os.ReadFile does): io.ReadAll grew it step by step, copying, for every page read.
func readFileLimited(f *os.File) ([]byte, error) {
	size := 0
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() <= parser.MaxInputBytes {
		size = int(fi.Size())
	}
	buf := bytes.NewBuffer(make([]byte, 0, size+bytes.MinRead)) // room to read the end of file
	_, err := buf.ReadFrom(io.LimitReader(f, parser.MaxInputBytes+1))
	return buf.Bytes(), err
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

// isWARC: a WARC file, also one still named ".open" (the crawler renames it on close, so a
// node killed mid-crawl leaves its last file so; the reader delivers its complete records).
func isWARC(p string) bool {
	l := strings.TrimSuffix(strings.ToLower(p), ".open")
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
