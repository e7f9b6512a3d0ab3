package loader

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/govreports/govreports/internal/durable"
)

// batchDir is a directory of batch files, the storage under both spools (Spool for parser
// results, FetchSpool for fetch-log rows). A batch is written with durable.WriteFile, so a batch
// file is either complete or absent, even when the process is killed mid-write. Files are named by time and sequence, so name
// order is the order they were written in.
type batchDir struct {
	dir string

	mu  sync.Mutex
	seq int
}

const spoolExt = ".jsonl"

// openBatchDir creates dir (mode 0700: reports may be unpublished drafts) and removes the
// leftovers of writes interrupted before their rename, incomplete by definition.
func openBatchDir(dir string) (*batchDir, error) {
	if dir == "" {
		return nil, errors.New("loader: spool directory not set")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("loader: spool: %w", err)
	}
	tmps, _ := filepath.Glob(filepath.Join(dir, "*.tmp"))
	for _, t := range tmps {
		_ = os.Remove(t)
	}
	return &batchDir{dir: dir}, nil
}

func (b *batchDir) path(name string) string { return filepath.Join(b.dir, name) }

// Dir is the spool's directory.
func (b *batchDir) Dir() string { return b.dir }

// Pending lists the batch files waiting, oldest first.
func (b *batchDir) Pending() ([]string, error) { return b.pending() }

// write stores one batch durably and returns its file name.
func (b *batchDir) write(data []byte) (string, error) {
	b.mu.Lock()
	b.seq++
	name := fmt.Sprintf("%020d-%06d%s", time.Now().UnixNano(), b.seq, spoolExt)
	b.mu.Unlock()
	if err := durable.WriteFile(b.path(name), data, 0o600); err != nil {
		return "", fmt.Errorf("loader: spool: %w", err)
	}
	return name, nil
}

// pending lists the batch files waiting, oldest first.
func (b *batchDir) pending() ([]string, error) {
	entries, err := os.ReadDir(b.dir)
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

// remove deletes loaded batch files and makes the deletion durable.
func (b *batchDir) remove(names ...string) error {
	for _, name := range names {
		if err := os.Remove(b.path(name)); err != nil {
			return fmt.Errorf("loader: spool: %w", err)
		}
	}
	if err := durable.SyncDir(b.dir); err != nil {
		return fmt.Errorf("loader: spool: %w", err)
	}
	return nil
}

// moveAside puts an unreadable or rejected batch file in DIR/bad for inspection.
func (b *batchDir) moveAside(name string) error {
	bad := filepath.Join(b.dir, "bad")
	if err := os.MkdirAll(bad, 0o700); err != nil {
		return fmt.Errorf("loader: spool: %w", err)
	}
	if err := os.Rename(b.path(name), filepath.Join(bad, name)); err != nil {
		return fmt.Errorf("loader: spool: %w", err)
	}
	return nil
}
