package crawler_test

import (
	"context"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/nlnwa/gowarc/v2"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/crawler/simulator"
)

// TestCrawlHanwebPortal crawls the Hanweb portal (simulator.NewHanweb): its
// columns list most of their reports only through the POST data proxy
// jpage.js asks. Every reachable report must be found, each batch asked for
// once with the column's form, nothing requested off the allowed host, and the
// column whose pager cannot be followed recorded.
func TestCrawlHanwebPortal(t *testing.T) {
	p := simulator.NewHanweb(simulator.Options{})
	defer p.Close()
	cfg := testConfig(t, p)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	res := crawl(t, ctx, cfg, nil)
	if res.err != nil {
		t.Fatalf("Run: %v", res.err)
	}
	want := simulator.HanwebExpectedReports()
	sort.Strings(want)

	t.Run("every reachable report, once", func(t *testing.T) {
		got := res.reports()
		if !slices.Equal(got, want) {
			t.Errorf("%d reports, want %d; missing %q", len(got), len(want), missing(want, got))
		}
		col := simulator.HanwebColumns[0]
		n := 0
		for k := 0; k < col.Reports; k++ {
			if len(res.byPath(col.ReportPath(k))) == 1 {
				n++
			}
		}
		if n != 120 {
			t.Errorf("年报 column: %d of 120 reports crawled", n)
		}
	})

	t.Run("the proxy asked batch by batch, by POST, with the column's form", func(t *testing.T) {
		type ask struct{ col, rng string }
		var got []ask
		for _, r := range p.Requests() {
			if !strings.HasPrefix(r.Path, simulator.HanwebPathProxy) {
				continue
			}
			if r.Method != "POST" || r.Status != 200 {
				t.Errorf("proxy request %s %s: status %d", r.Method, r.Path, r.Status)
			}
			u, _ := url.Parse(r.Path)
			form, _ := url.ParseQuery(r.Body)
			q := u.Query()
			got = append(got, ask{form.Get("columnid"), q.Get("startrecord") + "-" + q.Get("endrecord") + "/" + q.Get("perpage")})
		}
		sort.Slice(got, func(i, j int) bool { return got[i].col+got[i].rng < got[j].col+got[j].rng })
		wantAsks := []ask{{"2001", "46-90/15"}, {"2001", "91-120/15"}, {"2002", "46-50/15"}, {"2004", "46-90/15"}}
		if !slices.Equal(got, wantAsks) {
			t.Errorf("proxy requests %v, want %v", got, wantAsks)
		}
	})

	t.Run("data proxy fetches are in the fetch log", func(t *testing.T) {
		n := 0
		for _, f := range res.records {
			if f.Kind == crawler.KindDataProxy {
				n++
				if f.Outcome != crawler.OutcomeOK || !strings.Contains(f.RequestBody, "columnid=") {
					t.Errorf("data proxy record %+v", f)
				}
			}
		}
		if n != 4 {
			t.Errorf("%d data proxy records in the fetch log, want 4", n)
		}
	})

	t.Run("nothing off the allowed host", func(t *testing.T) {
		for _, r := range p.Requests() {
			if r.Host != "portal" {
				t.Errorf("request to %s: %s", r.Host, r.Path)
			}
		}
		if len(res.sum.OffsiteHosts) != 1 {
			t.Errorf("OffsiteHosts = %v, want the one off-site host", res.sum.OffsiteHosts)
		}
	})

	t.Run("the unfollowable column is recorded", func(t *testing.T) {
		bare := simulator.HanwebColumns[2]
		var notes []crawler.ScriptPager
		for _, sp := range res.sum.ScriptPagers {
			if pathOf(sp.URL) == bare.Path() {
				notes = append(notes, sp)
			}
		}
		if len(notes) != 1 || notes[0].Kind != "jpage" {
			t.Errorf("ScriptPagers for %s: %+v (all: %+v)", bare.Path(), notes, res.sum.ScriptPagers)
		}
	})

	t.Run("the WARC holds the POST bodies", func(t *testing.T) {
		n := 0
		err := crawler.ReadWARC(cfg.ArchiveDir, func(pg crawler.Page) error {
			if strings.HasPrefix(pathOf(pg.URL), simulator.HanwebPathProxy) {
				n++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Error("no data proxy answer in the WARC")
		}
		bodies := warcRequestBodies(t, cfg.ArchiveDir, simulator.HanwebPathProxy)
		if len(bodies) != 4 {
			t.Fatalf("%d archived proxy requests with a body, want 4: %q", len(bodies), bodies)
		}
		for _, b := range bodies {
			if !strings.Contains(b, "columnid=200") {
				t.Errorf("archived request body %q names no column", b)
			}
		}
	})
}

// warcRequestBodies reads the bodies of the archived requests whose target's
// path starts with prefix.
func warcRequestBodies(t *testing.T, dir, prefix string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.warc*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no WARC files in %s (%v)", dir, err)
	}
	var out []string
	for _, f := range files {
		r, err := gowarc.NewWarcFileReader(f, 0)
		if err != nil {
			t.Fatal(err)
		}
		for {
			rec, _, _, err := r.Next()
			if err != nil {
				break
			}
			if rec.Type() == gowarc.Request && strings.HasPrefix(pathOf(rec.WarcHeader().Get(gowarc.WarcTargetURI)), prefix) {
				rd, err := rec.Block().RawBytes()
				if err != nil {
					t.Fatal(err)
				}
				raw, _ := io.ReadAll(rd)
				if _, body, ok := strings.Cut(string(raw), "\r\n\r\n"); ok && body != "" {
					out = append(out, body)
				}
			}
			rec.Close()
		}
		r.Close()
	}
	return out
}

// A recrawl of the unchanged Hanweb portal: the column pages answer 304 and
// replay their links, the data proxy (which sends no validators, and a POST
// cannot be conditional) is asked again, and every report is revalidated.
func TestRecrawlHanwebPortal(t *testing.T) {
	p := simulator.NewHanweb(simulator.Options{})
	defer p.Close()
	cfg := testConfig(t, p)
	// This portal has no stalled page: a read timeout here could only be the machine's load
	// (seen once under -race: a report timed out in the first run and came back "new").
	cfg.ReadTimeout = 5 * time.Second
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	want := len(simulator.HanwebExpectedReports())
	first := crawl(t, ctx, cfg, nil)
	if first.err != nil {
		t.Fatalf("first run: %v", first.err)
	}
	if first.sum.Reports != want {
		t.Fatalf("first run: %d reports, want %d", first.sum.Reports, want)
	}
	p.ResetLog()
	cfg.ArchiveDir = t.TempDir()
	res := crawl(t, ctx, cfg, nil)
	if res.err != nil {
		t.Fatalf("recrawl: %v", res.err)
	}
	if res.sum.ReportsUnchanged != want || res.sum.Reports != 0 {
		t.Errorf("recrawl: %d reports unchanged, %d new; want %d and 0", res.sum.ReportsUnchanged, res.sum.Reports, want)
	}
	posts := 0
	for _, r := range p.Requests() {
		if strings.HasPrefix(r.Path, simulator.HanwebPathProxy) {
			posts++
			if r.IfNoneMatch != "" || r.IfModifiedSince != "" {
				t.Errorf("conditional POST %s", r.Path)
			}
		}
	}
	if posts != 4 {
		t.Errorf("recrawl asked the proxy %d times, want 4", posts)
	}
}

// A crawl stopped right after the first data proxy answer resumes with the
// batches and records it had queued: the journal keeps a POST by URL and body.
func TestResumeHanwebPortal(t *testing.T) {
	p := simulator.NewHanweb(simulator.Options{})
	defer p.Close()
	cfg := testConfig(t, p)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	first := crawl(t, ctx, cfg, func(pg crawler.Page) error {
		if strings.HasPrefix(pathOf(pg.URL), simulator.HanwebPathProxy) {
			return errStop
		}
		return nil
	})
	if first.err != errStop {
		t.Fatalf("first run: %v", first.err)
	}
	second := crawl(t, ctx, cfg, nil)
	if second.err != nil || !second.sum.Resumed {
		t.Fatalf("resumed run: %v (resumed %v)", second.err, second.sum.Resumed)
	}
	got := map[string]bool{}
	for _, r := range append(first.reports(), second.reports()...) {
		got[r] = true
	}
	var miss []string
	for _, w := range simulator.HanwebExpectedReports() {
		if !got[w] {
			miss = append(miss, w)
		}
	}
	if len(miss) > 0 {
		t.Errorf("%d reports never crawled over both runs: %q", len(miss), miss)
	}
}

// The summary says per column what it declared, listed and fetched: the 年报
// column is one column of 120 (its batches are part of it); the column whose
// pager cannot be followed is partial, and so is a column cut by MaxPages.
func TestHanwebColumnCounts(t *testing.T) {
	p := simulator.NewHanweb(simulator.Options{})
	defer p.Close()
	cfg := testConfig(t, p)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	res := crawl(t, ctx, cfg, nil)
	if res.err != nil {
		t.Fatal(res.err)
	}
	for _, c := range simulator.HanwebColumns {
		got := res.sum.Columns[p.URL()+c.Path()]
		want := crawler.ColumnCount{Declared: c.Reports, Listed: c.Reachable(), Fetched: c.Reachable(), Reports: c.Reachable()}
		if c.Template == "nototal" {
			want.Declared = 0 // it does not say
		}
		if got != want {
			t.Errorf("column %s: %+v, want %+v", c.Path(), got, want)
		}
	}
	// The column whose pager cannot be followed declares 30 and shows 15: partial, and said.
	if pc, want := res.sum.PartialColumns(), []string{p.URL() + simulator.HanwebColumns[2].Path()}; !slices.Equal(pc, want) {
		t.Errorf("partial columns %q, want %q", pc, want)
	}

	// With a page budget too small for the column, it is partial, and says so.
	p2 := simulator.NewHanweb(simulator.Options{})
	defer p2.Close()
	cfg2 := testConfig(t, p2)
	cfg2.MaxPages = 60
	res2 := crawl(t, ctx, cfg2, nil)
	if res2.err != nil {
		t.Fatal(res2.err)
	}
	nb := p2.URL() + simulator.HanwebColumns[0].Path()
	got := res2.sum.Columns[nb]
	if got.Declared != 120 || got.Fetched >= 120 || !slices.Contains(res2.sum.PartialColumns(), nb) {
		t.Errorf("budget-cut column: %+v, partial columns %q", got, res2.sum.PartialColumns())
	}
}

// The data proxy POSTs are paced like every other request to the host: each
// starts at least the delay after the request before it.
func TestHanwebPostsArePaced(t *testing.T) {
	p := simulator.NewHanweb(simulator.Options{})
	defer p.Close()
	cfg := testConfig(t, p)
	cfg.Delay = 25 * time.Millisecond
	cfg.MaxCrawlDelay = time.Second
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if res := crawl(t, ctx, cfg, nil); res.err != nil {
		t.Fatal(res.err)
	}
	reqs := p.Requests()
	sort.Slice(reqs, func(i, j int) bool { return reqs[i].Time.Before(reqs[j].Time) })
	posts := 0
	for i, r := range reqs {
		if r.Method != "POST" {
			continue
		}
		posts++
		if i > 0 {
			if gap := r.Time.Sub(reqs[i-1].Time); gap < cfg.Delay {
				t.Errorf("POST %s %v after %s", r.Path, gap, reqs[i-1].Path)
			}
		}
		if i+1 < len(reqs) {
			if gap := reqs[i+1].Time.Sub(r.Time); gap < cfg.Delay {
				t.Errorf("%s %v after POST %s", reqs[i+1].Path, gap, r.Path)
			}
		}
	}
	if posts != 4 {
		t.Errorf("%d POSTs, want 4", posts)
	}
}
