package crawler_test

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/crawler/simulator"
)

// BenchmarkCrawl measures pages/s against the simulator's synthetic /big/
// column with delays off, WARC archiving and the state journal on (the
// real-world configuration minus politeness). It also reports the heap in
// use after the crawl per page, which must stay flat as the site grows.
//
//	go test ./crawler -run '^$' -bench Crawl -benchtime 1x
func BenchmarkCrawl(b *testing.B) {
	for _, n := range []int{2000, 20000} {
		b.Run(fmt.Sprintf("reports=%d", n), func(b *testing.B) {
			p := simulator.New(simulator.Options{Big: n, BigOnly: true})
			defer p.Close()
			var pages, secs, heap float64
			for i := 0; i < b.N; i++ {
				cfg := testConfig(b, p)
				cfg.MaxCrawlDelay = time.Nanosecond
				cfg.Workers, cfg.Parallelism = 8, 8
				cfg.ReadTimeout = 2 * time.Second
				// The big column only (BigOnly): the portal's deliberately slow
				// and stalling pages would measure our timeouts, not throughput.
				cfg.StartURLs = []string{p.URL() + "/big/index.html"}
				cfg.MaxPages = 10 * n
				var emitted atomic.Int64
				c, err := crawler.New(cfg, nil)
				if err != nil {
					b.Fatal(err)
				}
				start := time.Now()
				sum, err := c.Run(context.Background(), func(pg crawler.Page) error {
					emitted.Add(1)
					return nil
				})
				el := time.Since(start)
				if err != nil {
					b.Fatal(err)
				}
				if sum.Reports < n {
					b.Fatalf("found %d reports, want ≥ %d", sum.Reports, n)
				}
				runtime.GC()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				pages += float64(emitted.Load())
				secs += el.Seconds()
				heap = float64(ms.HeapInuse)
			}
			b.ReportMetric(pages/secs, "pages/s")
			b.ReportMetric(heap/float64(n), "heapB/report")
			b.ReportMetric(heap/(1<<20), "heapMB")
		})
	}
}
