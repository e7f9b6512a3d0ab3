package serve

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/crawler/simulator"
	"github.com/govreports/govreports/internal/pipeline"
	"github.com/govreports/govreports/internal/testenv"
	"github.com/govreports/govreports/loader"
)

// These tests run the real pipeline against the portal simulator on 127.0.0.1 and the
// ClickHouse server started by scripts/clickhouse.sh (GOVREPORTS_TEST_CLICKHOUSE), each in a
// database of its own. Nothing is skipped: without the server they fail and say how to start it.

// crawlConfig is polite to real portals in shape but fast against the simulator: its robots.txt
// asks for Crawl-delay 2s, capped here by MaxCrawlDelay.
func crawlConfig(t *testing.T, p *simulator.Portal, name string, delay time.Duration) crawler.Config {
	c := testenv.CrawlConfig(p, t.TempDir(), t.TempDir())
	c.Site = crawler.SiteInfo{Name: name, RegionCode: "320582", RegionName: "张家港市"}
	if delay != 0 {
		c.Delay = delay
	}
	return c
}

// openSink opens the test server in a fresh database; query runs SQL in it (DB. is replaced by
// the database name) and returns the CSV answer.
func openSink(t *testing.T) (loader.Sink, func(sql string) string) {
	t.Helper()
	dsn, db := testenv.ServerDSN("govreports_servetest")
	ctx := context.Background()
	sink, err := loader.Open(ctx, loader.Options{DSN: dsn})
	if err != nil {
		t.Fatalf("%v (%s)", err, testenv.ServerHint())
	}
	if err := sink.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sink.Query(ctx, "DROP DATABASE IF EXISTS "+db)
		sink.Close()
	})
	return sink, func(sql string) string {
		t.Helper()
		tab, err := sink.Query(ctx, strings.ReplaceAll(sql, "DB.", db+"."))
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		var b strings.Builder
		if err := tab.Write(&b, "csv"); err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitN(strings.TrimSpace(b.String()), "\n", 2) // drop the header
		if len(lines) < 2 {
			return ""
		}
		return lines[1]
	}
}

// testLogger writes through t.Log, so a failing test shows the service's own account.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(b), "\n"))
	return len(b), nil
}

// started runs srv in the background; stop cancels it and returns Run's error.
func started(t *testing.T, srv *Server) (base string, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- srv.Run(ctx) }()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-errc:
			case <-time.After(60 * time.Second):
				err = fmt.Errorf("Run did not return 60s after cancel")
			}
		})
		return err
	}
	t.Cleanup(func() { stop() })
	if srv.Addr() != nil {
		base = "http://" + srv.Addr().String()
	}
	return base, stop
}

// metrics is one scrape of /metrics: series (name{labels}) → value.
type metrics map[string]float64

func scrape(t *testing.T, base string) metrics {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("/metrics: %s", resp.Status)
	}
	m := metrics{}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("bad metrics line %q", line)
		}
		m[line[:i]] = v
	}
	return m
}

// sum adds the series of a metric whose labels include every given `k="v"`.
func (m metrics) sum(name string, labels ...string) float64 {
	var s float64
	for k, v := range m {
		if k != name && !strings.HasPrefix(k, name+"{") {
			continue
		}
		ok := true
		for _, l := range labels {
			ok = ok && strings.Contains(k, l)
		}
		if ok {
			s += v
		}
	}
	return s
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", within, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// runWatch wraps pipeline.Run to record how many runs are in flight, per site and in all.
type runWatch struct {
	mu       sync.Mutex
	now      map[string]int
	maxSite  map[string]int
	total    int
	maxTotal int
	started  int
	spans    []span
}

// span is one run's time in flight.
type span struct {
	site        string
	start, end  time.Time
	interrupted bool // cancelled by the shutdown
}

func newRunWatch() *runWatch { return &runWatch{now: map[string]int{}, maxSite: map[string]int{}} }

func (w *runWatch) run(ctx context.Context, cfg crawler.Config, opts pipeline.Options) (pipeline.Stats, error) {
	name := cfg.Site.Name
	start := time.Now()
	w.mu.Lock()
	w.started++
	w.now[name]++
	w.total++
	w.maxSite[name] = max(w.maxSite[name], w.now[name])
	w.maxTotal = max(w.maxTotal, w.total)
	w.mu.Unlock()
	st, err := pipeline.Run(ctx, cfg, opts)
	w.mu.Lock()
	w.now[name]--
	w.total--
	// A run cut by shutdown may end before its first request reached the portal.
	w.spans = append(w.spans, span{name, start, time.Now(), ctx.Err() != nil})
	w.mu.Unlock()
	return st, err
}
