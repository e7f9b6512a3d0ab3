package serve

import (
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestStoreRoundTripAndLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "serve-state.json")
	log := slog.New(slog.DiscardHandler)
	s, err := openStore(path, log)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 3, 5, 10, 0, 0, 0, time.UTC)
	s.update("a", func(r *Record) { r.LastStart, r.Running = at, true })

	// A second process on the same state is refused while the first holds it.
	if _, err := openStore(path, log); !errors.Is(err, ErrStateLocked) {
		t.Fatalf("second open: %v, want ErrStateLocked", err)
	}
	s.close()

	s2, err := openStore(path, log)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.close()
	if r := s2.get("a"); !r.Running || !r.LastStart.Equal(at) {
		t.Fatalf("record after reopen: %+v", r)
	}
	if r := s2.get("never"); r != (Record{}) {
		t.Fatalf("unknown site: %+v", r)
	}
}

func TestStoreUnreadableFileStartsFresh(t *testing.T) {
	for name, content := range map[string]string{"torn": `{"version":1,"sites":{"a":{"runs":`, "not json": "hello", "empty": ""} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "serve-state.json")
			os.WriteFile(path, []byte(content), 0o644)
			s, err := openStore(path, slog.New(slog.DiscardHandler))
			if err != nil {
				t.Fatal(err)
			}
			defer s.close()
			if len(s.all()) != 0 {
				t.Fatalf("records from a bad file: %v", s.all())
			}
			s.update("a", func(r *Record) { r.Runs = 1 })
			if err := s.save(); err != nil {
				t.Fatal(err)
			}
		})
	}
}
