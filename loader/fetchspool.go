package loader

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// FetchSpool holds fetch-log rows that could not be loaded because the server was down, so
// that a scheduled crawl's log reaches the fetches table once the server is back, without
// anybody running `govreports load ARCHIVE`. It lives in SPOOL/fetches, beside the report
// batches, with the same durability: one JSON-lines file per batch, written to a temporary
// name, fsync'd, renamed, the directory fsync'd. Replays are idempotent: the fetches table
// replaces rows by (host, url, fetched_at, attempt).
type FetchSpool struct {
	dir string

	mu  sync.Mutex
	seq int
}

// FetchSpoolDir is the folder under a spool directory that holds fetch-log rows.
const FetchSpoolDir = "fetches"

// Fetches opens (creating it) the fetch-row spool that belongs to sp.
func (sp *Spool) Fetches() (*FetchSpool, error) {
	dir := filepath.Join(sp.dir, FetchSpoolDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("loader: fetch spool: %w", err)
	}
	tmps, _ := filepath.Glob(filepath.Join(dir, "*.tmp"))
	for _, t := range tmps {
		_ = os.Remove(t)
	}
	return &FetchSpool{dir: dir}, nil
}

// Dir is the fetch spool's directory.
func (fs *FetchSpool) Dir() string { return fs.dir }

// Put writes one batch of rows durably.
func (fs *FetchSpool) Put(rows []Fetch) error {
	if len(rows) == 0 {
		return nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for i := range rows {
		if err := enc.Encode(&rows[i]); err != nil {
			return fmt.Errorf("loader: fetch spool: encode %s: %w", rows[i].URL, err)
		}
	}
	fs.mu.Lock()
	fs.seq++
	name := fmt.Sprintf("%020d-%06d%s", time.Now().UnixNano(), fs.seq, spoolExt)
	fs.mu.Unlock()
	final := filepath.Join(fs.dir, name)
	tmp := final + ".tmp"
	if err := writeSynced(tmp, buf.Bytes()); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("loader: fetch spool: %w", err)
	}
	if err := os.Rename(tmp, final); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("loader: fetch spool: %w", err)
	}
	if err := syncDir(fs.dir); err != nil {
		return fmt.Errorf("loader: fetch spool: %w", err)
	}
	return nil
}

// Pending lists the batch files waiting, oldest first.
func (fs *FetchSpool) Pending() ([]string, error) {
	entries, err := os.ReadDir(fs.dir)
	if err != nil {
		return nil, fmt.Errorf("loader: fetch spool: %w", err)
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), spoolExt) {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out, nil
}

// Replay loads every pending batch with load, oldest first, removing each file once it is
// loaded, and returns how many rows were loaded. It stops at the first load error (that batch
// and the later ones stay). An unreadable file is moved to DIR/bad and reported with
// ErrSpoolCorrupt after the others.
func (fs *FetchSpool) Replay(ctx context.Context, load func(context.Context, []Fetch) error) (int, error) {
	names, err := fs.Pending()
	if err != nil {
		return 0, err
	}
	total := 0
	var corrupt error
	for _, name := range names {
		if err := ctx.Err(); err != nil {
			return total, err
		}
		path := filepath.Join(fs.dir, name)
		rows, err := readFetchSpoolFile(path)
		if err != nil {
			corrupt = errors.Join(corrupt, fmt.Errorf("%w: %s: %v", ErrSpoolCorrupt, path, err))
			if err := moveAside(fs.dir, name); err != nil {
				return total, err
			}
			continue
		}
		if err := load(ctx, rows); err != nil {
			return total, err
		}
		if err := os.Remove(path); err != nil {
			return total, fmt.Errorf("loader: fetch spool: %w", err)
		}
		if err := syncDir(fs.dir); err != nil {
			return total, fmt.Errorf("loader: fetch spool: %w", err)
		}
		total += len(rows)
	}
	return total, corrupt
}

func readFetchSpoolFile(path string) ([]Fetch, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []Fetch
	dec := json.NewDecoder(bytes.NewReader(data))
	for dec.More() {
		var f Fetch
		if err := dec.Decode(&f); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}
