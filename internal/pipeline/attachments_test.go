package pipeline

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govreports/govreports/crawler/simulator"
	"github.com/govreports/govreports/internal/testenv"
	"github.com/govreports/govreports/loader"
)

// Reports published only as an attachment are read from it, as their page's report: on the
// county portal the 卫生健康委 (a PDF behind a pdf.js viewer) and 住房和城乡建设局 (a DOCX behind
// download.jsp) pages are stubs whose report is the attachment, made documents that name
// another body (示例县自然资源局): the page's title, agency and year win, the file's URL is kept
// as attachment_url. The 教育局 2022 page has its tables and a PDF without them: one report, the
// page's. The crawl log still says where every attachment came from.
func TestAttachmentReportsTakeTheirPage(t *testing.T) {
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
	st, err := Run(ctx, cfg, Options{Sink: sink, BatchReports: 4, FlushEvery: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if st.Attachments != 2 || st.AttachmentsRedundant != 1 {
		t.Errorf("attachments read as reports %d, redundant %d; want 2 and 1", st.Attachments, st.AttachmentsRedundant)
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
				cells = append(cells, strings.TrimPrefix(fmt.Sprint(c), p.URL()))
			}
			out = append(out, strings.Join(cells, " "))
		}
		return out
	}

	got := rows(`SELECT url, attachment_url, input_format, agency, toString(year), title, status, toString(cells), length(sha256)
FROM reports FINAL WHERE attachment_url != '' ORDER BY url`)
	want := []string{
		strings.Join([]string{simulator.CountyPathHealth2023, simulator.CountyPathHealthPDF, "pdf", simulator.CountyHealth2023.Agency, "2023", simulator.CountyHealth2023.Title(), "clean", "200", "64"}, " "),
		strings.Join([]string{simulator.CountyPathHousing2022, simulator.CountyPathHousingPDF, "docx", simulator.CountyHousing2022.Agency, "2022", simulator.CountyHousing2022.Title(), "clean", "200", "64"}, " "),
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("reports from attachments:\n got  %q\n want %q", got, want)
	}
	if got := rows("SELECT count() FROM reports FINAL WHERE url = '" + p.URL() + simulator.CountyPathEdu2022 + "'"); !slices.Equal(got, []string{"1"}) {
		t.Errorf("the 教育局 2022 page and its PDF: %q reports, want 1", got)
	}

	// The crawl log's answer to "which attachments are not a report's page" is now empty: each
	// attachment's referrer is a report.
	if got := rows(`SELECT url FROM fetches FINAL
WHERE kind = 'attachment' AND outcome = 'ok' AND referrer NOT IN (SELECT url FROM reports FINAL)`); len(got) != 0 {
		t.Errorf("attachments whose page has no report: %q", got)
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
