package pipeline

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/crawler/simulator"
	"github.com/govreports/govreports/internal/testenv"
	"github.com/govreports/govreports/loader"
)

// With a write-ahead spool, reports parsed while the server is down are not lost: the crawl
// finishes, its pages are journaled as done (a recrawl gets 304s), and the next run loads the
// spooled reports. Without the spool they would be gone until the pages change. The fetch log
// of the outage run waits in the spool too and reaches the fetches table with the next run,
// every attempt a row of its own (a 503 and its retry in the same second were one row before
// the attempt column joined the key).
func TestWriteAheadSurvivesServerOutage(t *testing.T) {
	srv := testenv.StartPrivateServer(t)
	ctx := context.Background()
	sink, err := loader.Open(ctx, loader.Options{DSN: srv.DSN("govreports"),
		DialTimeout: time.Second, RetryFor: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()
	if err := sink.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	spool, err := loader.OpenSpool(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	p := simulator.New(simulator.Options{Stall: 50 * time.Millisecond})
	defer p.Close()
	cfg := crawlConfig(t, p)
	want := len(simulator.ExpectedReports())
	var logged, retries, skipped int // fetch records of the current run
	cfg.FetchLog = func(r crawler.FetchRecord) {
		logged++
		if r.Outcome == crawler.OutcomeRetry {
			retries++
		}
		if r.Attempts == 0 { // not requested: robots, traps, off-site
			skipped++
		}
	}

	srv.Stop()
	first, err := Run(ctx, cfg, Options{Sink: sink, WriteAhead: spool, BatchReports: 2, FlushEvery: 50 * time.Millisecond})
	if !errors.Is(err, ErrLoad) || !strings.Contains(err.Error(), "spool") {
		t.Fatalf("run with the server down: err = %v, want ErrLoad naming the spool", err)
	}
	if first.Parsed != want || first.Loaded.Reports != 0 || first.Crawl.Reports != want {
		t.Fatalf("first run: parsed %d, loaded %d, crawled %d reports", first.Parsed, first.Loaded.Reports, first.Crawl.Reports)
	}
	if files, _ := spool.Pending(); len(files) != want {
		t.Fatalf("%d spool files, want %d", len(files), want)
	}
	fs := spool.Fetches()
	if files, _ := fs.Pending(); len(files) == 0 || first.Fetches != 0 {
		t.Fatalf("fetch rows: %d spool files, %d loaded; want them spooled", len(files), first.Fetches)
	}
	firstLogged, firstRetries, firstSkipped := logged, retries, skipped
	if firstRetries == 0 {
		t.Fatal("the simulator's 503 and 429 pages gave no retry records")
	}
	logged, retries, skipped = 0, 0, 0
	// The fetches key has whole seconds: start the second run in a later second than the first
	// ended, so the two runs' fetches of one URL are distinct rows.
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second)))

	srv.Start()
	second, err := Run(ctx, cfg, Options{Sink: sink, WriteAhead: spool, BatchReports: 2, FlushEvery: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if second.Parsed != 0 || second.Crawl.NotModified == 0 {
		t.Fatalf("second run parsed %d pages (want 0: unchanged pages answer 304)", second.Parsed)
	}
	if second.Loaded.Reports != want {
		t.Fatalf("second run loaded %d spooled reports, want %d", second.Loaded.Reports, want)
	}
	tab, err := sink.Query(ctx, "SELECT count() FROM reports FINAL")
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(tab.Rows[0][0]); got != strconv.Itoa(want) {
		t.Fatalf("reports FINAL = %s, want %d", got, want)
	}
	if files, _ := spool.Pending(); len(files) != 0 {
		t.Fatalf("%d spool files left", len(files))
	}
	if files, _ := fs.Pending(); len(files) != 0 {
		t.Fatalf("%d fetch spool files left", len(files))
	}
	if second.Fetches != firstLogged+logged {
		t.Errorf("second run loaded %d fetch rows, want %d spooled + %d of its own", second.Fetches, firstLogged, logged)
	}
	for _, c := range []struct {
		sql  string
		want int
	}{
		{"SELECT count() FROM fetches FINAL", firstLogged + logged},
		{"SELECT count() FROM fetches FINAL WHERE outcome = 'retry'", firstRetries + retries},
		{"SELECT count() FROM fetches FINAL WHERE attempt = 0", firstSkipped + skipped},
	} {
		tab, err := sink.Query(ctx, c.sql)
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(tab.Rows[0][0]); got != strconv.Itoa(c.want) {
			t.Errorf("%s = %s, want %d", c.sql, got, c.want)
		}
	}
}
