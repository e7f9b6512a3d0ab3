package loader

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/govreports/govreports/parser"
)

// Spool is an on-disk queue of parser results that could not be loaded because the server was
// down: one batchDir file of JSON lines (one parser.Result per line) per batch, replayed in name
// order, so batches reach the server in the order they were given. Beside it, in
// DIR/fetches, waits its FetchSpool.
//
// Replaying is idempotent: report ids are content ids and every table is a ReplacingMergeTree, so
// a batch replayed twice (the process died between the insert and the removal of its file)
// replaces itself instead of duplicating.
type Spool struct {
	*batchDir
	log     *slog.Logger
	fetches *FetchSpool
}

// ErrSpoolCorrupt: a spool file could not be read back; it is moved to DIR/bad and skipped.
var ErrSpoolCorrupt = errors.New("loader: spool file unreadable")

// OpenSpool opens (creating them) the spool directory and its fetch-row spool.
func OpenSpool(dir string, logger *slog.Logger) (*Spool, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	b, err := openBatchDir(dir)
	if err != nil {
		return nil, err
	}
	fb, err := openBatchDir(filepath.Join(dir, FetchSpoolDir))
	if err != nil {
		return nil, err
	}
	return &Spool{batchDir: b, log: logger.With("spool", dir), fetches: &FetchSpool{fb}}, nil
}

// Put writes one batch durably. It returns once the batch is on disk.
func (sp *Spool) Put(results []*parser.Result) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	n := 0
	for _, r := range results {
		if r == nil {
			continue
		}
		if err := enc.Encode(r); err != nil {
			return fmt.Errorf("loader: spool: encode %s: %w", r.Report.ID, err)
		}
		n++
	}
	if n == 0 {
		return nil
	}
	name, err := sp.write(buf.Bytes())
	if err != nil {
		return err
	}
	sp.log.Debug("batch spooled", "file", name, "reports", n)
	return nil
}

// Replay loads every pending batch with load, oldest first, removing each file once load
// succeeded. It stops at the first failure (the batch stays, and so do those after it) and
// returns how many reports were replayed. An unreadable file is moved to DIR/bad, logged, and
// reported with ErrSpoolCorrupt after the others were replayed.
//
// Consecutive files are joined into one load of up to maxReports reports (0: one file per
// load): the write-ahead spool holds one small file per report, and one tiny insert per report
// is what ClickHouse handles worst. A group that the loader rejects as bad is retried file by
// file so one bad file cannot hold the others back.
//
// Put, then Replay into Sink.Load, is the one durable path of reports (internal/pipeline's
// write-ahead spool); FetchSpool is the same for fetch-log rows.
func (sp *Spool) Replay(ctx context.Context, maxReports int, load func(context.Context, []*parser.Result) error) (int, error) {
	names, err := sp.pending()
	if err != nil {
		return 0, err
	}
	total := 0
	var corrupt error
	for len(names) > 0 {
		if err := ctx.Err(); err != nil {
			return total, err
		}
		// Read one group of files.
		var group []string
		var results []*parser.Result
		for len(names) > 0 && (len(group) == 0 || (maxReports > 0 && len(results) < maxReports)) {
			name := names[0]
			names = names[1:]
			rs, err := readSpoolFile(sp.path(name))
			if err != nil {
				sp.log.Error("spool file unreadable; moved aside", "file", name, "err", err)
				corrupt = errors.Join(corrupt, fmt.Errorf("%w: %s: %v", ErrSpoolCorrupt, name, err))
				if err := sp.moveAside(name); err != nil {
					return total, err
				}
				continue
			}
			group = append(group, name)
			results = append(results, rs...)
		}
		if len(group) == 0 {
			continue
		}
		err := load(ctx, results)
		if errors.Is(err, ErrBadResult) && len(group) > 1 {
			n, err := sp.replayFiles(ctx, group, load, &corrupt)
			total += n
			if err != nil {
				return total, err
			}
			continue
		}
		if errors.Is(err, ErrBadResult) {
			// Retrying cannot help; keep it for inspection and go on.
			sp.log.Error("spooled batch rejected; moved aside", "file", group[0], "err", err)
			corrupt = errors.Join(corrupt, fmt.Errorf("%w: %s: %v", ErrSpoolCorrupt, group[0], err))
			if err := sp.moveAside(group[0]); err != nil {
				return total, err
			}
			continue
		}
		if err != nil {
			return total, err
		}
		if err := sp.remove(group...); err != nil {
			return total, err
		}
		total += len(results)
		sp.log.Debug("spooled batches loaded", "files", len(group), "reports", len(results))
	}
	return total, corrupt
}

// replayFiles loads files one by one (after a group was rejected).
func (sp *Spool) replayFiles(ctx context.Context, names []string, load func(context.Context, []*parser.Result) error, corrupt *error) (int, error) {
	total := 0
	for _, name := range names {
		rs, err := readSpoolFile(sp.path(name))
		if err == nil {
			err = load(ctx, rs)
		}
		switch {
		case err == nil:
			if err := sp.remove(name); err != nil {
				return total, err
			}
			total += len(rs)
		case errors.Is(err, ErrBadResult):
			sp.log.Error("spooled batch rejected; moved aside", "file", name, "err", err)
			*corrupt = errors.Join(*corrupt, fmt.Errorf("%w: %s: %v", ErrSpoolCorrupt, name, err))
			if err := sp.moveAside(name); err != nil {
				return total, err
			}
		default:
			return total, err
		}
	}
	return total, nil
}

func readSpoolFile(path string) ([]*parser.Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []*parser.Result
	dec := json.NewDecoder(bufio.NewReaderSize(f, 1<<20))
	for {
		var r parser.Result
		err := dec.Decode(&r)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, &r)
	}
}
