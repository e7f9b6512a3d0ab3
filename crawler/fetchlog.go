package crawler

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

	"github.com/govreports/govreports/internal/sitename"
)

// The fetch log is the archive's record of every FetchRecord, beside the WARC files: the refused
// URLs (robots, traps, off-site redirects) are in no WARC record, so a crawl without ClickHouse
// can still be loaded later (`govreports load ARCHIVE`). One JSON object per line.
//
// Versions of the line format:
//   - 1 (no "v" key; written until December 2026): the Go field names of the loader's fetch row
//     (URL, Status, …, Attempt, IsReport), Duration in nanoseconds, no RequestBody.
//   - 2: "v":2 and FetchRecord's json tags.

// FetchLogDir is the folder under the archive where the fetch logs are kept.
const FetchLogDir = "fetchlog"

// FetchLogVersion is the version of the lines FetchLogWriter writes.
const FetchLogVersion = 2

// fetchLine is one line: the version, then the record's fields.
type fetchLine struct {
	V int `json:"v"`
	FetchRecord
}

// fetchLineV1 is a version-1 line: a line without "v".
type fetchLineV1 struct {
	URL, Host     string
	Status        int
	Bytes         int64
	Encoding      string
	FetchedAt     time.Time
	Outcome       Outcome
	Duration      time.Duration
	ContentSHA256 string
	Error         string
	Attempt       int
	Kind          FetchKind
	Referrer      string
	Depth         int
	IsReport      bool
}

func (l fetchLineV1) record() FetchRecord {
	return FetchRecord{URL: l.URL, Host: l.Host, Status: l.Status, Bytes: l.Bytes, Encoding: l.Encoding,
		FetchedAt: l.FetchedAt, Outcome: l.Outcome, Duration: l.Duration, ContentSHA256: l.ContentSHA256,
		Error: l.Error, Attempts: l.Attempt, Kind: l.Kind, Referrer: l.Referrer, Depth: l.Depth, IsReport: l.IsReport}
}

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
func (l *FetchLogWriter) Write(r FetchRecord) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err == nil {
		l.err = l.enc.Encode(fetchLine{V: FetchLogVersion, FetchRecord: r})
	}
}

// Close flushes and syncs the file.
func (l *FetchLogWriter) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return errors.Join(l.err, l.w.Flush(), l.f.Sync(), l.f.Close())
}

// ReadFetchLog reads a fetch log of any version. A torn last line (a killed crawl) is expected
// and dropped without an error. An unreadable line elsewhere, or one of a version this build
// does not know, is damage, not a kill: the readable lines are still returned, with
// ErrFetchLogCorrupt naming the bad line numbers.
func ReadFetchLog(r io.Reader) ([]FetchRecord, error) {
	var out []FetchRecord
	var bad []int
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	line := 0
	for sc.Scan() {
		line++
		rec, err := parseFetchLine(sc.Bytes())
		if err != nil {
			bad = append(bad, line)
			continue
		}
		out = append(out, rec)
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

func parseFetchLine(b []byte) (FetchRecord, error) {
	var head struct {
		V *int `json:"v"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return FetchRecord{}, err
	}
	switch {
	case head.V == nil: // version 1
		var l fetchLineV1
		if err := json.Unmarshal(b, &l); err != nil {
			return FetchRecord{}, err
		}
		return l.record(), nil
	case *head.V == FetchLogVersion:
		var l fetchLine
		if err := json.Unmarshal(b, &l); err != nil {
			return FetchRecord{}, err
		}
		return l.FetchRecord, nil
	}
	return FetchRecord{}, fmt.Errorf("fetch log line version %d (this build reads 1 to %d)", *head.V, FetchLogVersion)
}

// FetchLogFiles lists the fetch logs under an archive directory (none for a file argument).
func FetchLogFiles(path string) []string {
	files, _ := filepath.Glob(filepath.Join(path, FetchLogDir, "*.jsonl"))
	return files
}
