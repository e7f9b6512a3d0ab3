package loader

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The fetch spool needs no server: these are its file-level guarantees. Its path through a real
// outage is in internal/pipeline's TestWriteAheadSurvivesServerOutage.
func TestFetchSpool(t *testing.T) {
	sp, err := OpenSpool(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	fs := sp.Fetches()
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	batches := [][]Fetch{
		{{URL: "http://a.gov.cn/1", Status: 503, Outcome: "retry", Attempt: 1, FetchedAt: at}},
		{{URL: "http://a.gov.cn/1", Status: 200, Outcome: "ok", Attempt: 2, FetchedAt: at}, {URL: "http://a.gov.cn/2", Outcome: "robots_disallowed"}},
	}
	for _, b := range batches {
		if err := fs.Put(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := fs.Put(nil); err != nil {
		t.Fatal(err)
	}
	// A file damaged on disk sorts last and must not block the others.
	if err := os.WriteFile(filepath.Join(fs.Dir(), "99999999999999999999-000001.jsonl"), []byte("{not json\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// The report spool does not see fetch batches.
	if names, _ := sp.Pending(); len(names) != 0 {
		t.Fatalf("report spool lists %v", names)
	}

	down := errors.New("server down")
	n, err := fs.Replay(context.Background(), func(context.Context, []Fetch) error { return down })
	if !errors.Is(err, down) || n != 0 {
		t.Fatalf("replay against a dead server: %d, %v", n, err)
	}
	if names, _ := fs.Pending(); len(names) != 3 {
		t.Fatalf("after a failed replay %d files, want 3 kept", len(names))
	}

	var got [][]Fetch
	n, err = fs.Replay(context.Background(), func(_ context.Context, rows []Fetch) error {
		got = append(got, rows)
		return nil
	})
	if !errors.Is(err, ErrSpoolCorrupt) || n != 3 {
		t.Fatalf("replay: %d rows, err %v; want 3 and ErrSpoolCorrupt", n, err)
	}
	if len(got) != 2 || got[0][0].Attempt != 1 || got[1][0].Attempt != 2 || !got[0][0].FetchedAt.Equal(at) || got[1][1].Outcome != "robots_disallowed" {
		t.Fatalf("replayed %+v", got)
	}
	if names, _ := fs.Pending(); len(names) != 0 {
		t.Fatalf("left %v", names)
	}
	if bad, _ := filepath.Glob(filepath.Join(fs.Dir(), "bad", "*.jsonl")); len(bad) != 1 {
		t.Fatalf("bad files %v, want the damaged one", bad)
	}
}
