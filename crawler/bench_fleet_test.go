package crawler_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/crawler/simulator"
	"github.com/govreports/govreports/internal/testenv"
)

// BenchmarkFleet measures how the crawler's memory grows with the number of
// hosts crawled at once: a made province of 50 and of 500 portals (each its
// own loopback port, 40 reports, 200ms between requests to one host, archive
// and journal on), every portal admitted at once (MaxSites = portals), so
// the figure is the cost of a host, not of the cap. It reports the peak live
// heap (sampled every 20ms), that peak per portal, the heap left per portal
// while the crawl runs (the idle part of a host: a site whose requests wait
// out its delay), and the wall time. The simulated portals share the process
// but keep no request log and no pages beyond robots.txt (BigOnly,
// NoRequestLog), so the heap is the crawler's.
//
//	go test ./crawler -run '^$' -bench Fleet -benchtime 1x
func BenchmarkFleet(b *testing.B) {
	for _, n := range []int{50, 500} {
		b.Run(fmt.Sprintf("portals=%d", n), func(b *testing.B) {
			prov := simulator.NewProvince(n, func(int) int { return 40 }, simulator.Options{CrawlDelay: "0", NoRequestLog: true})
			defer prov.Close()
			runtime.GC()
			base := liveHeap()
			for i := 0; i < b.N; i++ {
				fleet := crawler.NewFleet(crawler.FleetOptions{MaxSites: n})
				var peak atomic.Uint64
				stop := make(chan struct{})
				go func() {
					t := time.NewTicker(20 * time.Millisecond)
					defer t.Stop()
					for {
						select {
						case <-stop:
							return
						case <-t.C:
							if h := liveHeap(); h > peak.Load() {
								peak.Store(h)
							}
						}
					}
				}()
				var reports atomic.Int64
				start := time.Now()
				errs := fleet.Each(context.Background(), n, func(ctx context.Context, k int) error {
					cfg := testenv.CrawlConfig(prov.Portals[k], b.TempDir(), b.TempDir())
					cfg.StartURLs = []string{prov.StartURL(k)}
					cfg.Site.Name = simulator.ProvinceSiteName(k)
					cfg.Delay, cfg.Parallelism, cfg.Workers = 200*time.Millisecond, 1, 2
					cfg.ReadTimeout, cfg.ConnectTimeout = 10*time.Second, 10*time.Second
					cfg.Fleet = fleet
					c, err := crawler.New(cfg, nil)
					if err != nil {
						return err
					}
					sum, err := c.Run(ctx, nil)
					reports.Add(int64(sum.Reports))
					return err
				})
				el := time.Since(start)
				close(stop)
				for k, err := range errs {
					if err != nil {
						b.Fatalf("portal %d: %v", k, err)
					}
				}
				if got := reports.Load(); got != int64(40*n) {
					b.Fatalf("%d reports, want %d", got, 40*n)
				}
				live := float64(peak.Load()) - float64(base)
				b.ReportMetric(el.Seconds(), "wall_s")
				b.ReportMetric(float64(peak.Load())/(1<<20), "peakLiveMB")
				b.ReportMetric(live/float64(n)/1024, "peakLiveKB/portal")
				b.ReportMetric(float64(vmHWM())/1024, "peakRSS_MB")
			}
		})
	}
}

func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// vmHWM is the process's peak resident set in KiB (Linux /proc), 0 if unknown.
func vmHWM() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}
