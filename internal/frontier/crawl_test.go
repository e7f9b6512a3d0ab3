package frontier

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/crawler/simulator"
	"github.com/govreports/govreports/internal/testenv"
)

// Two sites of one node whose start pages are on one host: with the frontier's host leases the
// host is asked by one crawl at a time and keeps its delay between them; without, the two
// crawls (two collectors, two LimitRules) ask it at once. Both crawls are the real crawler.
func TestHostLeaseHoldsAcrossTwoCrawlsOfOneHost(t *testing.T) {
	const delay = 60 * time.Millisecond
	run := func(t *testing.T, shared bool) simulator.Politeness {
		p := simulator.New(simulator.Options{Big: 12, BigOnly: true, BigComplete: true, CrawlDelay: "0", Latency: 15 * time.Millisecond})
		defer p.Close()
		r := testenv.StartRedis(t)
		f := open(t, r, "n", 5*time.Second)
		var wg sync.WaitGroup
		for _, site := range []string{"first", "second"} {
			cfg := testenv.CrawlConfig(p, t.TempDir(), t.TempDir())
			cfg.StartURLs = []string{p.URL() + "/big/index.html"}
			cfg.Site.Name = site
			cfg.Delay, cfg.Parallelism, cfg.Workers = delay, 1, 2
			if shared {
				c, st, _ := claim(t, f, site, Round{Kind: "run", N: 1})
				if st != Claimed {
					t.Fatal(st)
				}
				cfg = c.Configure(cfg)
			}
			cr, err := crawler.New(cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
				defer cancel()
				if _, err := cr.Run(ctx, nil); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		return p.Politeness()
	}
	without := run(t, false)
	with := run(t, true)
	t.Logf("two crawls of one host: without leases %+v; with %+v", without, with)
	if without.MaxInFlight < 2 {
		t.Errorf("without leases the two crawls never overlapped (%+v): the test cannot tell leases from luck", without)
	}
	if with.MaxInFlight != 1 || with.Overlaps != 0 {
		t.Errorf("with host leases the host served %d at once (%d overlaps), want 1", with.MaxInFlight, with.Overlaps)
	}
	if with.MinGap < delay-5*time.Millisecond {
		t.Errorf("with host leases the shortest gap was %v, want the delay %v", with.MinGap, delay)
	}
}
