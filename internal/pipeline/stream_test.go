package pipeline

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/crawler/simulator"
	"github.com/govreports/govreports/internal/testenv"
)

// Several sites through one stream at once, as run --sites and serve do: every site's reports
// reach the server exactly once, the sites are crawled at the same time (each portal is asked
// for its first page before the others have had their last, though each waits a real delay
// between requests), and a site that stalls holds up nobody: the healthy sites finish and load
// while it still waits for its first answer (it is then cancelled).
func TestStreamCrawlsSitesAtOnce(t *testing.T) {
	sink := openSinks(t)["server"]
	const sites, reports = 3, 6
	prov := simulator.NewProvince(sites, func(int) int { return reports }, simulator.Options{CrawlDelay: "0"})
	defer prov.Close()

	// A portal that accepts connections and never answers.
	release := make(chan struct{})
	stalled := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer stalled.Close()
	defer close(release)

	var cfgs []crawler.Config
	for k := range prov.Portals {
		c := testenv.CrawlConfig(prov.Portals[k], t.TempDir(), t.TempDir())
		c.StartURLs = []string{prov.StartURL(k)}
		c.Site = crawler.SiteInfo{Name: simulator.ProvinceSiteName(k)}
		c.Delay, c.Parallelism = 20*time.Millisecond, 1
		cfgs = append(cfgs, c)
	}
	c := testenv.CrawlConfig(prov.Portals[0], t.TempDir(), t.TempDir())
	c.StartURLs, c.AllowedHosts, c.Site = []string{stalled.URL + "/"}, nil, crawler.SiteInfo{Name: "stalled"}
	c.ReadTimeout, c.RequestTimeout = time.Minute, time.Minute // it waits until cancelled
	cfgs = append(cfgs, c)
	stalledCtx, stopStalled := context.WithCancel(context.Background())
	defer stopStalled()
	var healthy sync.WaitGroup
	healthy.Add(sites)
	var stalledDone atomic.Bool
	heldUp := make(chan bool, 1)
	go func() {
		healthy.Wait()
		heldUp <- stalledDone.Load() // the stalled site must still be running
		stopStalled()
	}()

	fleet := crawler.NewFleet(crawler.FleetOptions{MaxInFlight: 4})
	stream := NewStream(context.Background(), Options{Sink: sink, BatchReports: 4, FlushEvery: 20 * time.Millisecond})
	stats := make([]Stats, len(cfgs))
	errs := fleet.Each(context.Background(), len(cfgs), func(ctx context.Context, i int) error {
		cfg := cfgs[i]
		cfg.Fleet = fleet
		if i == sites {
			ctx = stalledCtx
			defer stalledDone.Store(true)
		} else {
			defer healthy.Done()
		}
		st, err := stream.Run(ctx, cfg, Options{})
		stats[i] = st
		return err
	})
	if <-heldUp {
		t.Error("the stalled site ended before the healthy ones")
	}
	total, fetches, err := stream.Close()
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < sites; i++ {
		if errs[i] != nil {
			t.Errorf("site %d: %v", i, errs[i])
		}
		if stats[i].Parsed != reports || stats[i].Loaded.Reports != reports {
			t.Errorf("site %d: parsed %d, loaded %d; want %d", i, stats[i].Parsed, stats[i].Loaded.Reports, reports)
		}
	}
	if stats[sites].Crawl.Pages != 0 {
		t.Errorf("stalled site emitted %d pages", stats[sites].Crawl.Pages)
	}
	if total.Reports != sites*reports || fetches == 0 {
		t.Errorf("stream loaded %d reports, %d fetch rows; want %d reports", total.Reports, fetches, sites*reports)
	}

	var firstLast, lastFirst time.Time // the latest first request, the earliest last request
	for k, p := range prov.Portals {
		reqs := p.Requests()
		if len(reqs) < reports+2 { // robots.txt, the column page, the reports (and a few 404 links)
			t.Errorf("portal %d: %d requests, want at least %d", k, len(reqs), reports+2)
			for _, r := range reqs {
				t.Log(r.Path, r.Status)
			}
			continue
		}
		if f := reqs[0].Time; f.After(lastFirst) {
			lastFirst = f
		}
		if l := reqs[len(reqs)-1].Time; firstLast.IsZero() || l.Before(firstLast) {
			firstLast = l
		}
	}
	if !lastFirst.Before(firstLast) {
		t.Errorf("portals crawled one after another: a first request at %v, a last one at %v", lastFirst, firstLast)
	}

	tab, err := sink.Query(context.Background(), "SELECT count(), uniqExact(id) FROM reports FINAL WHERE agency LIKE '示例省第%'")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := tab.Write(&b, "csv"); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(b.String()); !strings.HasSuffix(got, "18,18") {
		t.Errorf("reports in the server: %q, want 18 distinct", got)
	}
}
