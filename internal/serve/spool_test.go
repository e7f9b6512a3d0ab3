package serve

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/govreports/govreports/crawler/simulator"
	"github.com/govreports/govreports/internal/testenv"
	"github.com/govreports/govreports/loader"
)

// With ClickHouse down, a scheduled run fails but keeps its reports and fetch rows in the site's
// spool, and /metrics says how many files wait there; once the server is back the next run loads
// them and the gauge goes back to 0. A real server is stopped and started (its own data dir).
func TestSpoolGaugeThroughOutage(t *testing.T) {
	srv := testenv.StartPrivateServer(t)
	ctx := context.Background()
	sink, err := loader.Open(ctx, loader.Options{DSN: srv.DSN("govreports"), DialTimeout: time.Second, RetryFor: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()
	if err := sink.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	p := simulator.New(simulator.Options{Stall: 50 * time.Millisecond})
	defer p.Close()
	srv.Stop()

	s, err := New(Options{
		Sites: []Site{{Name: "sim", Schedule: "@every 300ms", Crawl: crawlConfig(t, p, "sim", 0)}},
		Sink:  sink, Logger: testLogger(t), Listen: "127.0.0.1:0", SpoolDir: t.TempDir(),
		StateFile: filepath.Join(t.TempDir(), "serve-state.json"), BatchReports: 2, FlushEvery: 20 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	base, stop := started(t, s)
	defer stop()

	waitFor(t, 60*time.Second, "a failed run", func() bool {
		return scrape(t, base).sum("govreports_runs_total", `result="failure"`) >= 1
	})
	m := scrape(t, base)
	want := len(simulator.ExpectedReports())
	if got := m.sum("govreports_spool_pending_files", `kind="reports"`); got != float64(want) {
		t.Errorf("reports spool gauge %v, want %d (one file per report)", got, want)
	}
	if got := m.sum("govreports_spool_pending_files", `kind="fetches"`); got < 1 {
		t.Errorf("fetches spool gauge %v, want ≥ 1", got)
	}

	srv.Start()
	waitFor(t, 60*time.Second, "a successful run", func() bool {
		return scrape(t, base).sum("govreports_runs_total", `result="success"`) >= 1
	})
	m = scrape(t, base)
	for _, kind := range []string{"reports", "fetches"} {
		if got := m.sum("govreports_spool_pending_files", fmt.Sprintf("kind=%q", kind)); got != 0 {
			t.Errorf("%s spool gauge %v after the server came back, want 0", kind, got)
		}
	}
	tab, err := sink.Query(ctx, "SELECT count() FROM reports FINAL")
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(tab.Rows[0][0]); got != fmt.Sprint(want) {
		t.Errorf("reports FINAL = %s, want %d", got, want)
	}
}
