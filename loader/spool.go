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
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/govreports/govreports/parser"
)

// Spool is an on-disk queue of parser results that could not be loaded because the server was
// down. Each batch is one file of JSON lines (one parser.Result per line), written to a temporary
// name, fsync'd, renamed into place and the directory fsync'd, so a batch file is either complete
// or absent, even when the process is killed mid-write. Files are named by time and sequence and
// replayed in name order, so batches reach the server in the order they were given.
//
// Replaying is idempotent: report ids are content ids and every table is a ReplacingMergeTree, so
// a batch replayed twice (the process died between the insert and the removal of its file)
// replaces itself instead of duplicating.
type Spool struct {
	dir string
	log *slog.Logger

	mu  sync.Mutex
	seq int
}

// ErrSpoolCorrupt: a spool file could not be read back; it is moved to DIR/bad and skipped.
var ErrSpoolCorrupt = errors.New("loader: spool file unreadable")

const spoolExt = ".jsonl"

// OpenSpool opens (creating it, mode 0700: reports may be unpublished drafts) the spool directory.
func OpenSpool(dir string, logger *slog.Logger) (*Spool, error) {
	if dir == "" {
		return nil, errors.New("loader: spool directory not set")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("loader: spool: %w", err)
	}
	// Leftovers of a write that was interrupted before its rename are incomplete by definition.
	tmps, _ := filepath.Glob(filepath.Join(dir, "*.tmp"))
	for _, t := range tmps {
		_ = os.Remove(t)
	}
	return &Spool{dir: dir, log: logger.With("spool", dir)}, nil
}

// Dir is the spool directory.
func (sp *Spool) Dir() string { return sp.dir }

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
	sp.mu.Lock()
	sp.seq++
	name := fmt.Sprintf("%020d-%06d%s", time.Now().UnixNano(), sp.seq, spoolExt)
	sp.mu.Unlock()
	final := filepath.Join(sp.dir, name)
	tmp := final + ".tmp"
	if err := writeSynced(tmp, buf.Bytes()); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("loader: spool: %w", err)
	}
	if err := os.Rename(tmp, final); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("loader: spool: %w", err)
	}
	if err := syncDir(sp.dir); err != nil {
		return fmt.Errorf("loader: spool: %w", err)
	}
	sp.log.Debug("batch spooled", "file", name, "reports", n)
	return nil
}

// Pending lists the batch files waiting, oldest first.
func (sp *Spool) Pending() ([]string, error) {
	entries, err := os.ReadDir(sp.dir)
	if err != nil {
		return nil, fmt.Errorf("loader: spool: %w", err)
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

// Replay loads every pending batch with load, oldest first, removing each file once load
// succeeded. It stops at the first failure (the batch stays, and so do those after it) and
// returns how many reports were replayed. An unreadable file is moved to DIR/bad, logged, and
// reported with ErrSpoolCorrupt after the others were replayed.
func (sp *Spool) Replay(ctx context.Context, load func(context.Context, []*parser.Result) error) (int, error) {
	return sp.ReplayGrouped(ctx, 0, load)
}

// ReplayGrouped is Replay with consecutive batch files joined into one load of up to maxReports
// reports (0: one file per load). A write-ahead spool holds one small file per report; loading
// them one by one would make one tiny insert per report, which ClickHouse handles badly.
// A group that the loader rejects as bad is retried file by file so one bad file cannot hold
// the others back.
func (sp *Spool) ReplayGrouped(ctx context.Context, maxReports int, load func(context.Context, []*parser.Result) error) (int, error) {
	names, err := sp.Pending()
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
			rs, err := readSpoolFile(filepath.Join(sp.dir, name))
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
		if err := sp.remove(group); err != nil {
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
		rs, err := readSpoolFile(filepath.Join(sp.dir, name))
		if err == nil {
			err = load(ctx, rs)
		}
		switch {
		case err == nil:
			if err := sp.remove([]string{name}); err != nil {
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

// remove deletes loaded batch files and makes the deletion durable.
func (sp *Spool) remove(names []string) error {
	for _, name := range names {
		if err := os.Remove(filepath.Join(sp.dir, name)); err != nil {
			return fmt.Errorf("loader: spool: %w", err)
		}
	}
	if err := syncDir(sp.dir); err != nil {
		return fmt.Errorf("loader: spool: %w", err)
	}
	return nil
}

func (sp *Spool) moveAside(name string) error { return moveAside(sp.dir, name) }

// moveAside puts an unreadable or rejected batch file in DIR/bad for inspection.
func moveAside(dir, name string) error {
	bad := filepath.Join(dir, "bad")
	if err := os.MkdirAll(bad, 0o700); err != nil {
		return fmt.Errorf("loader: spool: %w", err)
	}
	if err := os.Rename(filepath.Join(dir, name), filepath.Join(bad, name)); err != nil {
		return fmt.Errorf("loader: spool: %w", err)
	}
	return nil
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

func writeSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename or removal in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
