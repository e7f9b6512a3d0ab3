package pipeline

import (
	"bufio"
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/crawler/simulator"
	"github.com/govreports/govreports/internal/testenv"
	"github.com/govreports/govreports/loader"
)

// BenchmarkProvince is issue 16's measure: a made province of 50 portals × 40 reports on
// loopback, 200ms between requests to one host (real pacing, robots.txt included), crawled,
// parsed and loaded into the ClickHouse server through one stream, as `run --sites` does. It
// first runs the largest portal alone (fresh database), then the whole province (another fresh
// database), and reports both wall times and their ratio (goal ≤ 3: the run takes about as long
// as its slowest portal, not the sum), the reports loaded and the distinct report ids in the
// server (both must be 2,000: every report exactly once), and the process's peak RSS (the
// simulated portals included).
//
//	go test ./internal/pipeline -run '^$' -bench Province -benchtime 1x
func BenchmarkProvince(b *testing.B) {
	const portals, reports, delay = 50, 40, 200 * time.Millisecond
	prov := simulator.NewProvince(portals, func(int) int { return reports }, simulator.Options{CrawlDelay: "0", NoRequestLog: true})
	defer prov.Close()
	for i := 0; i < b.N; i++ {
		alone, aloneLoaded, _ := runProvince(b, prov, []int{0}, delay)
		if aloneLoaded != reports {
			b.Fatalf("largest portal alone: %d reports loaded, want %d", aloneLoaded, reports)
		}
		all := make([]int, portals)
		for k := range all {
			all[k] = k
		}
		wall, loaded, distinct := runProvince(b, prov, all, delay)
		if loaded != portals*reports || distinct != portals*reports {
			b.Fatalf("province: %d reports loaded, %d distinct in the server; want %d each", loaded, distinct, portals*reports)
		}
		b.ReportMetric(alone.Seconds(), "alone_s")
		b.ReportMetric(wall.Seconds(), "all_s")
		b.ReportMetric(wall.Seconds()/alone.Seconds(), "all/alone")
		b.ReportMetric(float64(loaded), "reports")
		b.ReportMetric(float64(peakRSS())/1024, "peakRSS_MB")
	}
}

// runProvince crawls the given portals at once into a fresh database of the server and returns
// the wall time, the reports the stream loaded and the distinct report ids the server then holds.
func runProvince(b *testing.B, prov *simulator.Province, which []int, delay time.Duration) (time.Duration, int, int) {
	b.Helper()
	ctx := context.Background()
	dsn, database := testenv.ServerDSN("govreports_bench_province")
	sink, err := loader.Open(ctx, loader.Options{DSN: dsn})
	if err != nil {
		b.Fatalf("%v (%s)", err, testenv.ServerHint())
	}
	defer func() {
		sink.Query(ctx, "DROP DATABASE IF EXISTS "+database)
		sink.Close()
	}()
	if err := sink.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	fleet := crawler.NewFleet(crawler.FleetOptions{})
	stream := NewStream(ctx, Options{Sink: sink})
	start := time.Now()
	errs := fleet.Each(ctx, len(which), func(ctx context.Context, i int) error {
		k := which[i]
		cfg := testenv.CrawlConfig(prov.Portals[k], b.TempDir(), b.TempDir())
		cfg.StartURLs = []string{prov.StartURL(k)}
		code, name := simulator.ProvinceRegion(k)
		cfg.Site = crawler.SiteInfo{Name: simulator.ProvinceSiteName(k), RegionCode: code, RegionName: name}
		cfg.Delay, cfg.MaxCrawlDelay, cfg.Parallelism, cfg.Workers = delay, delay, 1, 2
		cfg.ReadTimeout, cfg.ConnectTimeout = 10*time.Second, 10*time.Second
		cfg.Fleet = fleet
		_, err := stream.Run(ctx, cfg, Options{})
		return err
	})
	total, _, err := stream.Close()
	wall := time.Since(start)
	if err != nil {
		b.Fatal(err)
	}
	for i, err := range errs {
		if err != nil {
			b.Fatalf("portal %d: %v", which[i], err)
		}
	}
	tab, err := sink.Query(ctx, "SELECT uniqExact(id) FROM reports")
	if err != nil {
		b.Fatal(err)
	}
	var sb strings.Builder
	if err := tab.Write(&sb, "csv"); err != nil {
		b.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(sb.String()), "\n")
	distinct, err := strconv.Atoi(lines[len(lines)-1])
	if err != nil {
		b.Fatalf("distinct ids: %q", sb.String())
	}
	return wall, total.Reports, distinct
}

// peakRSS is the process's peak resident set in KiB (Linux /proc), 0 if unknown.
func peakRSS() int64 {
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
