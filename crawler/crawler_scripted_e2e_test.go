package crawler_test

import (
	"context"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/govreports/govreports/crawler/simulator"
)

// TestCrawlScriptedPortal crawls the scripted portal (simulator.NewScripted),
// whose columns are paged or listed only by scripts: a goPage(n) pager, a
// <select> year picker, a zTree loaded from JSON, and a goPage that posts a
// form (which must be noted, not guessed at).
func TestCrawlScriptedPortal(t *testing.T) {
	p := simulator.NewScripted(simulator.Options{})
	defer p.Close()
	cfg := testConfig(t, p)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	res := crawl(t, ctx, cfg, nil)
	if res.err != nil {
		t.Fatalf("Run: %v", res.err)
	}
	want := simulator.ScriptedExpectedReports()
	sort.Strings(want)
	if got := res.reports(); !slices.Equal(got, want) {
		t.Errorf("%d reports, want %d; missing %q", len(got), len(want), missing(want, got))
	}
	for _, path := range []string{"/gp/list_2.html", "/gp/list_4.html", "/nb/2021/index_1.html", "/tree/nodes.json", "/tree/other.html"} {
		if n := p.Count(path); n != 1 {
			t.Errorf("%s requested %d times, want 1", path, n)
		}
	}
	if n := p.Count("/gp/list_5.html"); n != 0 {
		t.Errorf("a page past 共4页 was asked for %d times", n)
	}
	for _, r := range p.Requests() {
		if r.Host != "portal" {
			t.Errorf("request to %s: %s", r.Host, r.Path)
		}
	}
	var noted []string
	for _, sp := range res.sum.ScriptPagers {
		noted = append(noted, sp.Kind+" "+pathOf(sp.URL))
	}
	if !slices.Equal(noted, []string{"goPage /form/index.html"}) {
		t.Errorf("ScriptPagers %v, want the form-posting goPage only", res.sum.ScriptPagers)
	}
}
