package pipeline

import (
	"context"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/crawler/simulator"
	"github.com/govreports/govreports/internal/testenv"
	"github.com/govreports/govreports/loader"
	"github.com/govreports/govreports/parser"
)

// The pipeline runs against the portal simulator on 127.0.0.1 and the real ClickHouse targets:
// the server started by scripts/clickhouse.sh and chDB through the helper built here.

var helperBin string

func TestMain(m *testing.M) {
	os.Exit(testenv.RunWithBinary(m, "cmd/govreports-chdb", &helperBin))
}

func crawlConfig(t *testing.T, p *simulator.Portal) crawler.Config {
	c := testenv.CrawlConfig(p, t.TempDir(), t.TempDir())
	c.Site = crawler.SiteInfo{Name: "sim", RegionCode: "320582", RegionName: "张家港市"}
	return c
}

func openSinks(t *testing.T) map[string]loader.Sink {
	dsn, database := testenv.ServerDSN("govreports_pipetest")
	ctx := context.Background()
	sinks := map[string]loader.Sink{}
	for name, opts := range map[string]loader.Options{
		"server":   {DSN: dsn},
		"embedded": {DataDir: t.TempDir(), HelperPath: helperBin},
	} {
		s, err := loader.Open(ctx, opts)
		if err != nil {
			t.Fatalf("%s: %v (%s)", name, err, testenv.ServerHint())
		}
		if err := s.Migrate(ctx); err != nil {
			t.Fatalf("%s migrate: %v", name, err)
		}
		t.Cleanup(func() {
			if name == "server" {
				s.Query(ctx, "DROP DATABASE IF EXISTS "+database)
			}
			s.Close()
		})
		sinks[name] = s
	}
	return sinks
}

// timedSink records when each Load happened; it delegates everything to the real sink.
type timedSink struct {
	loader.Sink
	mu    sync.Mutex
	loads []time.Time
}

func (s *timedSink) Load(ctx context.Context, rs []*parser.Result) (loader.Stats, error) {
	s.mu.Lock()
	s.loads = append(s.loads, time.Now())
	s.mu.Unlock()
	return s.Sink.Load(ctx, rs)
}

func TestRunStreamsReportsIntoBothTargets(t *testing.T) {
	counts := map[string]string{}
	for name, sink := range openSinks(t) {
		t.Run(name, func(t *testing.T) {
			p := simulator.New(simulator.Options{Stall: 50 * time.Millisecond})
			defer p.Close()
			cfg := crawlConfig(t, p)
			ts := &timedSink{Sink: sink}
			st, err := Run(context.Background(), cfg, Options{Sink: ts, BatchReports: 1, FlushEvery: 20 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			want := len(simulator.ExpectedReports())
			if st.Parsed != want || st.Loaded.Reports != want || st.ParseErrors != 0 {
				t.Fatalf("parsed %d, loaded %d, parse errors %d; want %d reports", st.Parsed, st.Loaded.Reports, st.ParseErrors, want)
			}
			if st.Fetches == 0 {
				t.Fatal("no fetch-log rows loaded")
			}
			// Streaming: the first report was loaded while the crawl was still running.
			if len(ts.loads) == 0 || !ts.loads[0].Before(st.Crawl.Finished) {
				t.Fatalf("first load at %v, crawl finished at %v: not streamed", ts.loads, st.Crawl.Finished)
			}
			db := ""
			if name == "embedded" {
				db = "govreports."
			}
			q := func(sql string) string {
				tab, err := sink.Query(context.Background(), strings.ReplaceAll(sql, "DB.", db))
				if err != nil {
					t.Fatalf("%s: %v", sql, err)
				}
				var b strings.Builder
				if err := tab.Write(&b, "csv"); err != nil {
					t.Fatal(err)
				}
				return strings.TrimSpace(b.String())
			}
			agencies := q("SELECT agency, year, form FROM DB.reports FINAL ORDER BY agency, year")
			if !strings.Contains(agencies, "示例市财政局,2022,2021") || !strings.Contains(agencies, "示例市人民政府办公室,2020,2019") {
				t.Fatalf("reports:\n%s", agencies)
			}
			if got := q("SELECT countIf(outcome = 'robots_disallowed') > 0, countIf(outcome = 'ok') > 0 FROM DB.fetches FINAL"); !strings.HasSuffix(got, "1,1") {
				t.Fatalf("fetch log outcomes: %s", got)
			}
			counts[name] = agencies + "\n" + q("SELECT count() FROM DB.cells FINAL")

			// The archive re-parses offline to the same reports.
			var ids []string
			err = crawler.ReadWARC(cfg.ArchiveDir, func(pg crawler.Page) error {
				if pg.IsReport && pg.Complete() {
					res, err := parser.Parse(pg.Body, SourceOf(pg, nil))
					if err != nil {
						return err
					}
					ids = append(ids, res.Report.ID)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			sort.Strings(ids)
			loaded := strings.Split(q("SELECT id FROM DB.reports FINAL ORDER BY id"), "\n")
			if strings.Join(ids, ",") != strings.Join(loaded[1:], ",") {
				t.Fatalf("WARC re-parse ids %v, loaded %v", ids, loaded[1:])
			}
		})
	}
	if counts["server"] != counts["embedded"] {
		t.Fatalf("targets differ:\n%s\n---\n%s", counts["server"], counts["embedded"])
	}
}

// A second run of an unchanged site sends conditional requests: nothing is parsed again.
func TestRerunIsIncremental(t *testing.T) {
	p := simulator.New(simulator.Options{Stall: 50 * time.Millisecond})
	defer p.Close()
	cfg := crawlConfig(t, p)
	first, err := Run(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	second, err := Run(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if first.Parsed != len(simulator.ExpectedReports()) || second.Parsed != 0 || second.Crawl.NotModified == 0 {
		t.Fatalf("first parsed %d, second parsed %d with %d not-modified", first.Parsed, second.Parsed, second.Crawl.NotModified)
	}
}
