package crawler_test

import (
	"context"
	"fmt"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/crawler/simulator"
)

// BenchmarkCrawl measures pages/s against the simulator's synthetic /big/
// column with delays off, WARC archiving and the state journal on (the
// real-world configuration minus politeness). It also reports the peak
// live heap during the crawl (runtime/metrics' /gc/heap/live:bytes, the
// heap marked live by the latest GC, sampled every 100 pages) and that
// peak per report: flat memory means the per-report figure falls as the
// site grows, because only the visited set grows with it. The simulator
// keeps no request log here (NoRequestLog), so the figure is the crawler's.
//
//	go test ./crawler -run '^$' -bench Crawl -benchtime 1x
func BenchmarkCrawl(b *testing.B) {
	for _, n := range []int{2000, 20000} {
		b.Run(fmt.Sprintf("reports=%d", n), func(b *testing.B) {
			p := simulator.New(simulator.Options{Big: n, BigOnly: true, NoRequestLog: true, CrawlDelay: "0"})
			defer p.Close()
			var pages, secs, peak float64
			sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
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
					if emitted.Add(1)%100 == 0 {
						metrics.Read(sample) // emit runs on one goroutine: no race on sample
						peak = max(peak, float64(sample[0].Value.Uint64()))
					}
					return nil
				})
				el := time.Since(start)
				if err != nil {
					b.Fatal(err)
				}
				if sum.Reports < n {
					b.Fatalf("found %d reports, want ≥ %d", sum.Reports, n)
				}
				pages += float64(emitted.Load())
				secs += el.Seconds()
			}
			b.ReportMetric(pages/secs, "pages/s")
			b.ReportMetric(peak/float64(n), "peakLiveB/report")
			b.ReportMetric(peak/(1<<20), "peakLiveMB")
		})
	}
}
