package pipeline

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/govreports/govreports/crawler"
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
	name := fmt.Sprintf("%s-%s.jsonl", strings.NewReplacer("/", "_", ":", "_").Replace(site), now.UTC().Format("20060102T150405Z"))
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

// ReadFetchLog reads a fetch log written by FetchLogWriter. A torn last line (a killed crawl)
// ends the read without an error.
func ReadFetchLog(r io.Reader) ([]loader.Fetch, error) {
	var out []loader.Fetch
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		var f loader.Fetch
		if err := json.Unmarshal(sc.Bytes(), &f); err != nil {
			break // torn last line
		}
		out = append(out, f)
	}
	return out, sc.Err()
}

// FetchLogFiles lists the fetch logs under an archive directory (none for a file argument).
func FetchLogFiles(path string) []string {
	files, _ := filepath.Glob(filepath.Join(path, FetchLogDir, "*.jsonl"))
	return files
}
