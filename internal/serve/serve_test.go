package serve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/crawler/simulator"
	"github.com/govreports/govreports/internal/pipeline"
	"github.com/govreports/govreports/loader"
	"github.com/govreports/govreports/parser"
)

// A 300ms schedule fires again and again; the first run loads the simulator's reports, later
// ones find them unchanged (conditional requests), and /metrics says exactly that.
func TestScheduleFiresAndLoads(t *testing.T) {
	p := simulator.New(simulator.Options{Stall: 50 * time.Millisecond})
	defer p.Close()
	sink, query := openSink(t)
	started0 := time.Now()
	srv, err := New(Options{
		Sites: []Site{{Name: "sim", Schedule: "@every 300ms", Crawl: crawlConfig(t, p, "sim", 0)}},
		Sink:  sink, Logger: testLogger(t), Listen: "127.0.0.1:0",
		StateFile: filepath.Join(t.TempDir(), "serve-state.json"), BatchReports: 2, FlushEvery: 20 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	base, stop := started(t, srv)

	waitFor(t, 60*time.Second, "three successful runs", func() bool {
		return scrape(t, base).sum("govreports_runs_total", `result="success"`) >= 3
	})
	m := scrape(t, base)
	want := len(simulator.ExpectedReports())
	cells, issues := query("SELECT count() FROM DB.cells FINAL"), query("SELECT count() FROM DB.issues FINAL")
	exact := []struct {
		series string
		labels []string
		want   string
	}{
		{"govreports_reports_parsed_total", []string{`site="sim"`}, fmt.Sprint(want)}, // once: later runs get 304s
		{"govreports_rows_loaded_total", []string{`site="sim"`, `table="reports"`}, fmt.Sprint(want)},
		{"govreports_rows_loaded_total", []string{`table="cells"`}, cells},
		{"govreports_rows_loaded_total", []string{`table="issues"`}, issues},
		{"govreports_issues_total", nil, issues},
		{"govreports_runs_total", []string{`result="failure"`}, "0"},
		{"govreports_runs_total", []string{`result="interrupted"`}, "0"},
		{"govreports_report_parse_errors_total", nil, "0"},
	}
	for _, e := range exact {
		if got := fmt.Sprint(m.sum(e.series, e.labels...)); got != e.want {
			t.Errorf("%s%v = %s, want %s", e.series, e.labels, got, e.want)
		}
	}
	if got := query("SELECT count() FROM DB.reports FINAL"); got != fmt.Sprint(want) {
		t.Errorf("reports in ClickHouse: %s, want %d", got, want)
	}
	positive := [][]string{
		{"govreports_fetches_total", `outcome="ok"`},
		{"govreports_fetches_total", `outcome="not_modified"`}, // the reruns
		{"govreports_fetches_total", `outcome="robots_disallowed"`},
		{"govreports_fetch_errors_total", `reason="truncated"`}, // the simulator's cut-short page
		{"govreports_fetch_bytes_total"},
		{"govreports_rows_loaded_total", `table="fetches"`},
		{"govreports_run_duration_seconds_count"},
	}
	for _, p := range positive {
		if m.sum(p[0], p[1:]...) <= 0 {
			t.Errorf("%s%v is not positive", p[0], p[1:])
		}
	}
	if ls := m.sum("govreports_last_success_timestamp_seconds", `site="sim"`); ls < float64(started0.Unix()) {
		t.Errorf("last success %v before the test started", ls)
	}
	if fmt.Sprint(m.sum("govreports_fetch_errors_total", `reason="robots_disallowed"`)) != "0" {
		t.Error("robots.txt refusals counted as fetch errors")
	}

	for path, code := range map[string]int{"/healthz": 200, "/readyz": 200, "/status": 200, "/nope": 404} {
		if got, body := get(t, base+path); got != code {
			t.Errorf("%s: %d %s, want %d", path, got, body, code)
		}
	}
	_, body := get(t, base+"/status")
	var st struct{ Sites []SiteStatus }
	if err := json.Unmarshal([]byte(body), &st); err != nil || len(st.Sites) != 1 || st.Sites[0].Record.LastResult != ResultSuccess || st.Sites[0].Next.IsZero() {
		t.Errorf("/status: %v\n%s", err, body)
	}
	if err := stop(); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
}

// A run slower than its schedule: triggers during a run are skipped and counted, and the site
// never has two runs in flight.
func TestOverlappingTriggersAreSkipped(t *testing.T) {
	p := simulator.New(simulator.Options{Stall: 50 * time.Millisecond})
	defer p.Close()
	sink, _ := openSink(t)
	w := newRunWatch()
	// 30ms between requests over ~35 requests: a run takes over a second; triggers every 50ms.
	srv, err := New(Options{
		Sites: []Site{{Name: "slow", Schedule: "@every 50ms", Crawl: crawlConfig(t, p, "slow", 30*time.Millisecond)}},
		Sink:  sink, Logger: testLogger(t), Listen: "127.0.0.1:0", Run: w.run, FlushEvery: 20 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	base, stop := started(t, srv)
	waitFor(t, 60*time.Second, "two successful runs", func() bool {
		m := scrape(t, base)
		if g := m.sum("govreports_runs_in_flight", `site="slow"`); g > 1 {
			t.Fatalf("runs in flight gauge %v", g)
		}
		return m.sum("govreports_runs_total", `result="success"`) >= 2
	})
	m := scrape(t, base)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if w.maxSite["slow"] != 1 {
		t.Fatalf("%d runs of one site at once", w.maxSite["slow"])
	}
	if skipped := m.sum("govreports_triggers_skipped_total", `site="slow"`); skipped < 5 {
		t.Fatalf("skipped triggers %v, want many (a >1s run, a 50ms schedule)", skipped)
	}
	if f := m.sum("govreports_runs_total", `result="failure"`); f != 0 {
		t.Fatalf("%v failed runs (an overlapping run would find the crawl state locked)", f)
	}
	// The portal saw the runs one after another: every request it received falls inside one
	// run's span, the spans do not overlap, and each run asked for robots.txt once.
	for i := 1; i < len(w.spans); i++ {
		if w.spans[i].start.Before(w.spans[i-1].end) {
			t.Fatalf("run %d started at %v, before run %d ended at %v", i, w.spans[i].start, i-1, w.spans[i-1].end)
		}
	}
	robots := 0
	for _, r := range p.Requests() {
		if r.Host != "portal" {
			continue
		}
		if r.Path == simulator.PathRobots {
			robots++
		}
		in := 0
		for _, s := range w.spans {
			if !r.Time.Before(s.start) && !r.Time.After(s.end) {
				in++
			}
		}
		if in != 1 {
			t.Fatalf("request %s at %v inside %d runs", r.Path, r.Time, in)
		}
	}
	// Every completed run asked for robots.txt exactly once; a run interrupted by the shutdown
	// at most once (it may have been cancelled before its first request arrived).
	completed, interrupted := 0, 0
	for _, s := range w.spans {
		if s.interrupted {
			interrupted++
		} else {
			completed++
		}
	}
	if robots < completed || robots > completed+interrupted {
		t.Fatalf("robots.txt requested %d times in %d completed and %d interrupted runs", robots, completed, interrupted)
	}
	t.Logf("%d runs, %v triggers skipped, %d portal requests", len(w.spans), m.sum("govreports_triggers_skipped_total"), len(p.Requests()))
}

// At most Concurrency sites run at once.
func TestConcurrencyLimit(t *testing.T) {
	sink, query := openSink(t)
	w := newRunWatch()
	var sites []Site
	for i := range 3 {
		p := simulator.New(simulator.Options{Stall: 50 * time.Millisecond})
		defer p.Close()
		name := fmt.Sprintf("site%d", i)
		crawl := crawlConfig(t, p, name, 10*time.Millisecond)
		// Archiving on: three crawlers write WARC files in one process (regression: gowarc's
		// globals raced under -race until every gowarc call in crawler/ took one lock).
		sites = append(sites, Site{Name: name, Schedule: "@every 100ms", Crawl: crawl})
	}
	srv, err := New(Options{Sites: sites, Sink: sink, Logger: testLogger(t), Listen: "127.0.0.1:0",
		Concurrency: 2, Run: w.run, FlushEvery: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	base, stop := started(t, srv)
	waitFor(t, 60*time.Second, "every site to succeed once", func() bool {
		m := scrape(t, base)
		for _, s := range sites {
			if m.sum("govreports_runs_total", `site="`+s.Name+`"`, `result="success"`) < 1 {
				return false
			}
		}
		return true
	})
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if w.maxTotal != 2 {
		t.Fatalf("at most %d runs at once, want exactly the limit 2", w.maxTotal)
	}
	for name, n := range w.maxSite {
		if n != 1 {
			t.Fatalf("%s: %d runs at once", name, n)
		}
	}
	// The three portals serve the same reports: same content ids, loaded once each.
	if got := query("SELECT count() FROM DB.reports FINAL"); got != fmt.Sprint(len(simulator.ExpectedReports())) {
		t.Fatalf("reports: %s", got)
	}
}

// hungSink answers nothing to queries until released: a ClickHouse that accepts connections and
// never replies. It ignores its context on purpose (the probe must not rely on it).
type hungSink struct {
	loader.Sink
	release chan struct{}
}

func (h hungSink) Query(context.Context, string) (*loader.Table, error) {
	<-h.release
	return nil, errors.New("released")
}

func TestReadyz(t *testing.T) {
	real, _ := openSink(t)
	noRun := func(context.Context, crawler.Config, pipeline.Options) (pipeline.Stats, error) {
		return pipeline.Stats{}, nil
	}
	release := make(chan struct{})
	defer close(release)
	tests := []struct {
		name string
		sink loader.Sink
		code int
	}{
		{"clickhouse answers", real, 200},
		{"clickhouse hangs", hungSink{real, release}, 503},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, err := New(Options{Sites: []Site{{Name: "x", Crawl: crawler.Config{StartURLs: []string{"http://127.0.0.1:1/"}}}},
				Sink: tt.sink, Listen: "127.0.0.1:0", ReadyTimeout: 200 * time.Millisecond, Run: noRun, Logger: testLogger(t)})
			if err != nil {
				t.Fatal(err)
			}
			base, stop := started(t, srv)
			begin := time.Now()
			if code, body := get(t, base+"/readyz"); code != tt.code {
				t.Fatalf("/readyz %d %s, want %d", code, body, tt.code)
			}
			if took := time.Since(begin); took > 2*time.Second {
				t.Fatalf("/readyz took %v with a 200ms timeout", took)
			}
			if code, _ := get(t, base+"/healthz"); code != 200 {
				t.Fatalf("/healthz %d: the process is alive whatever ClickHouse does", code)
			}
			if err := stop(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestNewRejects(t *testing.T) {
	sink := hungSink{}
	site := Site{Name: "a", Crawl: crawler.Config{StartURLs: []string{"http://127.0.0.1:1/"}}}
	lockedState := filepath.Join(t.TempDir(), "serve-state.json")
	held, err := openStore(lockedState, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer held.close()
	tests := []struct {
		name string
		opts Options
		want error
	}{
		{"no sites", Options{Sink: sink}, ErrNoSites},
		{"bad site schedule", Options{Sink: sink, Sites: []Site{{Name: "a", Schedule: "every day"}}}, ErrSchedule},
		{"bad default schedule", Options{Sink: sink, Sites: []Site{site}, DefaultSchedule: "0 2 * *"}, ErrSchedule},
		{"state in use", Options{Sink: sink, Sites: []Site{site}, StateFile: lockedState}, ErrStateLocked},
		{"address in use", Options{Sink: sink, Sites: []Site{site}, Listen: "127.0.0.1:1"}, ErrListen},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.want == ErrListen && os.Getuid() == 0 {
				// root may bind port 1; take a port and hold it instead.
				srv, err := New(Options{Sink: sink, Sites: []Site{site}, Listen: "127.0.0.1:0"})
				if err != nil {
					t.Fatal(err)
				}
				defer srv.ln.Close()
				defer srv.store.close()
				tt.opts.Listen = srv.Addr().String()
			}
			if _, err := New(tt.opts); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

// Cancelled in the middle of a run (as SIGTERM does), then started again: the restart runs the
// interrupted site at once, the crawl resumes, and ClickHouse holds every report exactly once.
func TestInterruptThenRestartLosesNothing(t *testing.T) {
	p := simulator.New(simulator.Options{Stall: 50 * time.Millisecond})
	defer p.Close()
	sink, query := openSink(t)
	state := filepath.Join(t.TempDir(), "serve-state.json")
	crawl := crawlConfig(t, p, "sim", 40*time.Millisecond) // slow enough to interrupt mid-way
	opts := Options{
		Sites: []Site{{Name: "sim", Schedule: "@every 1h", Crawl: crawl}},
		Sink:  sink, Logger: testLogger(t), Listen: "127.0.0.1:0", StateFile: state,
		BatchReports: 1, FlushEvery: 10 * time.Millisecond,
	}
	srv, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	base, stop := started(t, srv)
	waitFor(t, 60*time.Second, "the first report loaded", func() bool {
		return scrape(t, base).sum("govreports_rows_loaded_total", `table="reports"`) >= 1
	})
	if err := stop(); err != nil {
		t.Fatalf("graceful stop: %v", err)
	}
	var f stateFile
	b, _ := os.ReadFile(state)
	if err := json.Unmarshal(b, &f); err != nil || f.Sites["sim"] == nil || f.Sites["sim"].LastResult != ResultInterrupted || f.Sites["sim"].Running {
		t.Fatalf("state after interrupt: %v %s", err, b)
	}
	firstLoaded := query("SELECT count() FROM DB.reports FINAL")
	t.Logf("loaded before the interrupt: %s of %d", firstLoaded, len(simulator.ExpectedReports()))

	srv, err = New(opts)
	if err != nil {
		t.Fatal(err)
	}
	base, stop = started(t, srv)
	waitFor(t, 60*time.Second, "the resumed run to succeed", func() bool {
		return scrape(t, base).sum("govreports_runs_total", `result="success"`) >= 1
	})
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	assertLoadedOnce(t, query)
}

// assertLoadedOnce checks ClickHouse against the simulator's reports parsed directly: every
// report present once, and exactly their cells.
func assertLoadedOnce(t *testing.T, query func(string) string) {
	t.Helper()
	ids, cells := expectedReports(t)
	if got := query("SELECT count() FROM DB.reports FINAL"); got != fmt.Sprint(len(ids)) {
		t.Errorf("reports FINAL: %s, want %d", got, len(ids))
	}
	if got := query("SELECT arrayStringConcat(groupArray(id), ' ') FROM (SELECT id FROM DB.reports FINAL ORDER BY id)"); strings.Trim(got, `"`) != strings.Join(ids, " ") {
		t.Errorf("report ids:\n%s\nwant\n%s", got, strings.Join(ids, " "))
	}
	if got := query("SELECT count() FROM DB.cells FINAL"); got != fmt.Sprint(cells) {
		t.Errorf("cells FINAL: %s, want %d", got, cells)
	}
	if got := query("SELECT count() FROM (SELECT report_id, section, row, col FROM DB.cells FINAL GROUP BY report_id, section, row, col HAVING count() > 1)"); got != "0" {
		t.Errorf("%s cells present more than once", got)
	}
}

// expectedReports fetches the simulator's expected reports from a fresh portal and parses
// them: their ids (sorted) and how many cells they have.
func expectedReports(t *testing.T) ([]string, int) {
	t.Helper()
	p := simulator.New(simulator.Options{Stall: 50 * time.Millisecond})
	defer p.Close()
	crawl := crawlConfig(t, p, "reference", 0)
	crawl.StateDir, crawl.ArchiveDir = "", ""
	var ids []string
	cells := 0
	c, err := crawler.New(crawl, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Run(context.Background(), func(pg crawler.Page) error {
		if !pg.IsReport || !pg.Complete() {
			return nil
		}
		res, err := parser.Parse(pg.Body, pipeline.SourceOf(pg, nil))
		if err != nil {
			return err
		}
		ids = append(ids, res.Report.ID)
		cells += len(res.Cells)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != len(simulator.ExpectedReports()) {
		t.Fatalf("reference crawl found %d reports", len(ids))
	}
	slices.Sort(ids)
	return ids, cells
}
