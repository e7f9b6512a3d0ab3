package pipeline

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/internal/sitename"
	"github.com/govreports/govreports/loader"
)

// FetchLogDir is the folder under the archive where `crawl` keeps its fetch logs, so that a
// crawl without ClickHouse can be loaded later (`govreports load ARCHIVE`): the refused URLs
// (robots, traps, off-site redirects) are in no WARC record.
const FetchLogDir = "fetchlog"

// FetchLogWriter appends fetch records to a JSON-lines file, one object per record.
type FetchLogWriter struct {
	mu  sync.Mutex
	f   *os.File
	w   *bufio.Writer
	enc *json.Encoder
	err error
}

// NewFetchLogWriter creates ARCHIVE/fetchlog/<site>-<UTC time>.jsonl.
func NewFetchLogWriter(archive, site string, now time.Time) (*FetchLogWriter, error) {
	dir := filepath.Join(archive, FetchLogDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("fetch log: %w", err)
	}
	name := fmt.Sprintf("%s-%s.jsonl", sitename.Dir(site), now.UTC().Format("20060102T150405Z"))
	f, err := os.OpenFile(filepath.Join(dir, name), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("fetch log: %w", err)
	}
	w := bufio.NewWriter(f)
	return &FetchLogWriter{f: f, w: w, enc: json.NewEncoder(w)}, nil
}

// Write records one fetch; the first error is kept and returned by Close.
func (l *FetchLogWriter) Write(r crawler.FetchRecord) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err == nil {
		l.err = l.enc.Encode(fetchOf(r))
	}
}

// Close flushes and syncs the file.
func (l *FetchLogWriter) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	err := errors.Join(l.err, l.w.Flush(), l.f.Sync(), l.f.Close())
	return err
}

// ErrFetchLogCorrupt: a line before the last of a fetch log is not a record.
var ErrFetchLogCorrupt = errors.New("pipeline: fetch log line unreadable")

// ReadFetchLog reads a fetch log written by FetchLogWriter. A torn last line (a killed crawl) is
// expected and dropped without an error. An unreadable line elsewhere is damage, not a kill: the
// readable lines are still returned, with ErrFetchLogCorrupt naming the bad line numbers.
func ReadFetchLog(r io.Reader) ([]loader.Fetch, error) {
	var out []loader.Fetch
	var bad []int
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	line := 0
	for sc.Scan() {
		line++
		var f loader.Fetch
		if err := json.Unmarshal(sc.Bytes(), &f); err != nil {
			bad = append(bad, line)
			continue
		}
		out = append(out, f)
	}
	if err := sc.Err(); err != nil {
		return out, err
	}
	if len(bad) > 0 && bad[len(bad)-1] == line {
		bad = bad[:len(bad)-1] // the torn last line of a killed crawl
	}
	if len(bad) > 0 {
		return out, fmt.Errorf("%w: line(s) %v", ErrFetchLogCorrupt, bad)
	}
	return out, nil
}

// FetchLogFiles lists the fetch logs under an archive directory (none for a file argument).
func FetchLogFiles(path string) []string {
	files, _ := filepath.Glob(filepath.Join(path, FetchLogDir, "*.jsonl"))
	return files
}
