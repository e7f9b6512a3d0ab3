package pipeline

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govreports/govreports/crawler/simulator"
	"github.com/govreports/govreports/internal/testenv"
	"github.com/govreports/govreports/loader"
)

// Reports published only as a PDF/DOC have no reports row (attachments are archived, not
// parsed), but the crawl log says where they are: the question of docs/clickhouse.md ("which
// reports exist only as an attachment?") answered on the county portal, whose 卫生健康委 and
// 住房和城乡建设局 reports are PDF-only stubs and whose 教育局 2022 page has its tables and a PDF.
func TestAttachmentOnlyReportsFromTheCrawlLog(t *testing.T) {
	dsn, database := testenv.ServerDSN("govreports_attachtest")
	ctx := context.Background()
	sink, err := loader.Open(ctx, loader.Options{DSN: dsn})
	if err != nil {
		t.Fatalf("%v (%s)", err, testenv.ServerHint())
	}
	defer sink.Close()
	if err := sink.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	defer sink.Query(ctx, "DROP DATABASE IF EXISTS "+database)

	p := simulator.NewCounty(simulator.Options{Stall: 50 * time.Millisecond})
	defer p.Close()
	cfg := crawlConfig(t, p)
	if _, err := Run(ctx, cfg, Options{Sink: sink, BatchReports: 4, FlushEvery: 20 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	rows := func(sql string) []string {
		tab, err := sink.Query(ctx, sql)
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		var out []string
		for _, r := range tab.Rows {
			var cells []string
			for _, c := range r {
				cells = append(cells, strings.TrimPrefix(c.(string), p.URL()))
			}
			out = append(out, strings.Join(cells, " "))
		}
		return out
	}

	// The query as docs/clickhouse.md gives it.
	got := rows(`SELECT url, referrer FROM fetches FINAL
WHERE kind = 'attachment' AND outcome = 'ok' AND referrer NOT IN (SELECT url FROM reports FINAL)
ORDER BY url`)
	want := []string{
		simulator.CountyPathHousingPDF + " " + simulator.CountyPathHousing2022,
		simulator.CountyPathHealthPDF + " " + simulator.CountyPathHealth2023,
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("attachment-only reports:\n got  %q\n want %q", got, want)
	}

	// Every row says what it was for; report pages are flagged; robots.txt is its own kind.
	if got := rows("SELECT kind, toString(count()) FROM fetches FINAL WHERE kind NOT IN ('page', 'attachment', 'robots') GROUP BY kind"); len(got) != 0 {
		t.Errorf("unknown kinds: %q", got)
	}
	if got := rows("SELECT url FROM fetches FINAL WHERE kind = 'robots'"); !slices.Equal(got, []string{simulator.CountyPathRobots}) {
		t.Errorf("robots rows: %q", got)
	}
	reports := append([]string(nil), simulator.CountyExpectedReports()...)
	slices.Sort(reports)
	if got := rows("SELECT url FROM fetches FINAL WHERE is_report = 1 AND outcome = 'ok' ORDER BY url"); !slices.Equal(got, reports) {
		t.Errorf("report pages in the crawl log:\n got  %q\n want %q", got, reports)
	}
}
