package crawler

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestJournalTornLineAndResume(t *testing.T) {
	dir := t.TempDir()
	j, st, err := openJournal(dir)
	if err != nil {
		t.Fatal(err)
	}
	if st.resume {
		t.Fatal("fresh dir resumes")
	}
	j.add(jrec{T: "q", U: "http://x/a", D: 0})
	j.add(jrec{T: "q", U: "http://x/b", D: 1, S: 1})
	j.add(jrec{T: "q", U: "http://x/c", D: 1, K: "a"})
	j.add(jrec{T: "f", U: "http://x/a", O: OutcomeOK, St: 200, E: `"e1"`, C: []child{{U: "http://x/b"}}})
	if err := j.close(); err != nil {
		t.Fatal(err)
	}
	// A crash mid-write leaves half a line.
	path := filepath.Join(dir, "journal.jsonl")
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"t":"f","u":"http://x/b","o":"o`)
	f.Close()

	j, st, err = openJournal(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !st.resume || st.finished != 1 || len(st.pending) != 2 || st.pending[0].U != "http://x/b" || st.pending[1].K != "a" {
		t.Fatalf("resume state: %+v", st)
	}
	if p := st.prev["http://x/a"]; p == nil || p.etag != `"e1"` || len(p.children) != 1 {
		t.Fatalf("validators: %+v", p)
	}
	// The torn tail is gone, so appending yields a valid journal.
	j.add(jrec{T: "f", U: "http://x/b", O: OutcomeOK, St: 200})
	j.add(jrec{T: "f", U: "http://x/c", O: OutcomeNotModified, St: 304})
	if err := j.finish(); err != nil {
		t.Fatal(err)
	}
	j.close()

	// After a completed run the next open compacts and starts fresh.
	j, st, err = openJournal(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer j.close()
	if st.resume || st.prev["http://x/a"] == nil || st.prev["http://x/a"].etag != `"e1"` {
		t.Fatalf("fresh run after end: %+v", st)
	}
	b, _ := os.ReadFile(path)
	if n := countLines(b); n != 2 { // one "v" line (x/a has validators) + the new "run"
		t.Errorf("compacted journal has %d lines:\n%s", n, b)
	}
}

func TestJournalLocked(t *testing.T) {
	dir := t.TempDir()
	j, _, err := openJournal(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer j.close()
	if _, _, err := openJournal(dir); !errors.Is(err, ErrStateLocked) {
		t.Fatalf("second open: %v, want ErrStateLocked", err)
	}
}

func countLines(b []byte) int {
	n := 0
	for _, c := range b {
		if c == '\n' {
			n++
		}
	}
	return n
}
