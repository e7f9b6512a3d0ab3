package serve

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/govreports/govreports/internal/durable"
)

// Record is what the scheduler remembers about one site between restarts. The crawl itself
// (queue, visited URLs, validators) lives in the crawler's journal; this is only the run
// history that /status, /metrics and the start-up decision need.
type Record struct {
	LastStart   time.Time `json:"last_start,omitzero"`
	LastEnd     time.Time `json:"last_end,omitzero"`
	LastSuccess time.Time `json:"last_success,omitzero"`
	// LastResult is success, failure or interrupted (shut down mid-run).
	LastResult string `json:"last_result,omitempty"`
	LastError  string `json:"last_error,omitempty"`
	// Running is set when a run starts and cleared when it ends: found set on start-up, it
	// means the process died mid-run (kill -9, power cut) and the site is run again at once.
	Running bool `json:"running,omitempty"`
	Runs    int  `json:"runs"`
	// LastParsed and LastLoaded are the reports of the last run, for a glance at /status.
	LastParsed int `json:"last_parsed"`
	LastLoaded int `json:"last_loaded"`
}

// Run results, as recorded and as the result label of govreports_runs_total.
const (
	ResultSuccess     = "success"
	ResultFailure     = "failure"
	ResultInterrupted = "interrupted"
)

// stateFile is the on-disk form: a version, so a later format can tell old files apart.
type stateFile struct {
	Version int                `json:"version"`
	Sites   map[string]*Record `json:"sites"`
}

// store keeps the records and writes them after every change. Writes are whole-file, to a temp
// file then renamed, so a crash leaves the old or the new file, never half of one. It holds an
// flock on path+".lock" for the life of the process: two serve processes on one state
// directory would run every site twice and overwrite each other's records.
type store struct {
	path string
	log  *slog.Logger
	lock *os.File
	mu   sync.Mutex
	recs map[string]*Record
}

// openStore loads path (an empty path keeps records in memory only). A missing file is a first
// start; an unreadable one is logged and replaced, since losing the run history only costs one
// early run per site, while refusing to start would stop all crawling.
func openStore(path string, log *slog.Logger) (*store, error) {
	s := &store{path: path, log: log, recs: map[string]*Record{}}
	if path == "" {
		return s, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("serve: state: %w", err)
	}
	lock, err := os.OpenFile(path+".lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("serve: state: %w", err)
	}
	// flock, not a PID file: the kernel drops it when the holder dies, even by kill -9.
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		lock.Close()
		return nil, fmt.Errorf("%w: %s", ErrStateLocked, path)
	}
	s.lock = lock
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		s.close()
		return nil, fmt.Errorf("serve: state: %w", err)
	default:
		var f stateFile
		if err := json.Unmarshal(b, &f); err != nil || f.Sites == nil {
			log.Warn("scheduler state unreadable; starting without run history", "file", path, "err", err)
		} else {
			s.recs = f.Sites
		}
	}
	return s, nil
}

// get returns a copy of a site's record (the zero Record if it never ran).
func (s *store) get(name string) Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r := s.recs[name]; r != nil {
		return *r
	}
	return Record{}
}

// all returns a copy of every record.
func (s *store) all() map[string]Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]Record, len(s.recs))
	for k, v := range s.recs {
		out[k] = *v
	}
	return out
}

// update changes a site's record and saves the file. A failed save is logged, not returned:
// the run it describes has happened either way, and the next save retries.
func (s *store) update(name string, fn func(*Record)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.recs[name]
	if r == nil {
		r = &Record{}
		s.recs[name] = r
	}
	fn(r)
	if err := s.saveLocked(); err != nil {
		s.log.Error("saving scheduler state", "file", s.path, "err", err)
	}
}

// save writes the file (on shutdown, so the last word is on disk even if an update's failed).
func (s *store) save() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.saveLocked()
}

func (s *store) saveLocked() error {
	if s.path == "" {
		return nil
	}
	b, err := json.MarshalIndent(stateFile{Version: 1, Sites: s.recs}, "", "  ")
	if err != nil {
		return err
	}
	return durable.WriteFile(s.path, append(b, '\n'), 0o644)
}

// close releases the lock.
func (s *store) close() {
	if s.lock != nil {
		s.lock.Close()
		s.lock = nil
	}
}
