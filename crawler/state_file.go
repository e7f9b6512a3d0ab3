package crawler

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"

	"github.com/govreports/govreports/internal/durable"
)

// fileJournal is the default JournalStore: state/journal.jsonl in the site's
// state folder, held by an flock on state/lock for the life of the crawl.
type fileJournal struct {
	path string
	f    *os.File // open for appending once Read has run
	lock *os.File
	good int64 // bytes of intact lines Read accepted; -1 after Replace
}

var _ JournalStore = (*fileJournal)(nil)

func openFileJournal(dir string) (*fileJournal, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	lock, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	// flock, not a PID file: the kernel drops it when the holder dies, even by
	// kill -9, so a crash never leaves a stale lock behind.
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		lock.Close()
		return nil, fmt.Errorf("%w: %s", ErrStateLocked, dir)
	}
	return &fileJournal{path: filepath.Join(dir, "journal.jsonl"), lock: lock, good: -1}, nil
}

// Read passes every complete line to keep; good becomes the byte length of
// the intact prefix, which the first Append truncates the file to.
func (s *fileJournal) Read(keep func([]byte) bool) error {
	s.good = 0
	f, err := os.Open(s.path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 256<<10)
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 && line[len(line)-1] == '\n' {
			if !keep(line[:len(line)-1]) {
				return nil
			}
			s.good += int64(len(line))
		}
		if err != nil {
			return nil // io.EOF, or a torn last line without '\n'
		}
	}
}

// Append writes lines at the end of the file (opening it first, and dropping
// a torn tail Read found, so the next line starts clean).
func (s *fileJournal) Append(lines []byte, sync bool) error {
	if s.f == nil {
		f, err := os.OpenFile(s.path, os.O_CREATE|os.O_RDWR, 0o644)
		if err != nil {
			return err
		}
		if s.good >= 0 {
			if err := f.Truncate(s.good); err != nil {
				f.Close()
				return err
			}
		}
		if _, err := f.Seek(0, io.SeekEnd); err != nil {
			f.Close()
			return err
		}
		s.f = f
	}
	if _, err := s.f.Write(lines); err != nil {
		return err
	}
	if sync {
		return s.f.Sync()
	}
	return nil
}

// Replace writes a temporary file, fsyncs it and renames it over the journal.
func (s *fileJournal) Replace(write func(io.Writer) error) error {
	if s.f != nil {
		return errors.New("crawler: journal replaced after appending")
	}
	tmp := s.path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 256<<10)
	err = write(w)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, s.path); err != nil {
		return err
	}
	s.good = -1
	return durable.SyncDir(filepath.Dir(s.path))
}

func (s *fileJournal) Close() error {
	var err error
	if s.f != nil {
		err = s.f.Close()
	}
	s.lock.Close()
	return err
}
