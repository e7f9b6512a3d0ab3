package loader

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
)

// FetchSpool holds fetch-log rows that could not be loaded because the server was down, so
// that a scheduled crawl's log reaches the fetches table once the server is back, without
// anybody running `govreports load ARCHIVE`. It lives in SPOOL/fetches, beside the report
// batches, with the same durability (batchDir). Replays are idempotent: the fetches table
// replaces rows by (host, url, fetched_at, attempt).
type FetchSpool struct{ *batchDir }

// FetchSpoolDir is the folder under a spool directory that holds fetch-log rows.
const FetchSpoolDir = "fetches"

// Fetches is the fetch-row spool that belongs to sp (opened with it).
func (sp *Spool) Fetches() *FetchSpool { return sp.fetches }

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
	_, err := fs.write(buf.Bytes())
	return err
}

// Replay loads every pending batch with load, oldest first, removing each file once it is
// loaded, and returns how many rows were loaded. It stops at the first load error (that batch
// and the later ones stay). An unreadable file is moved to DIR/bad and reported with
// ErrSpoolCorrupt after the others.
func (fs *FetchSpool) Replay(ctx context.Context, load func(context.Context, []Fetch) error) (int, error) {
	names, err := fs.pending()
	if err != nil {
		return 0, err
	}
	total := 0
	var corrupt error
	for _, name := range names {
		if err := ctx.Err(); err != nil {
			return total, err
		}
		rows, err := readFetchSpoolFile(fs.path(name))
		if err != nil {
			corrupt = errors.Join(corrupt, fmt.Errorf("%w: %s: %v", ErrSpoolCorrupt, fs.path(name), err))
			if err := fs.moveAside(name); err != nil {
				return total, err
			}
			continue
		}
		if err := load(ctx, rows); err != nil {
			return total, err
		}
		if err := fs.remove(name); err != nil {
			return total, err
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
