package crawler_test

import (
	"context"
	"maps"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/crawler/simulator"
)

// TestCrawlCountyPortal crawls the county portal (simulator.NewCounty), whose
// reports sit behind a JavaScript redirect, a navigation tree with year
// columns named only 2023年/2022年/2021年, script-written pagers, an iframe
// list, a Hanweb datastore and PDF viewers (see simulator/site2.go), and
// checks exactly what it finds. It asserts sets and counts, never timings.
func TestCrawlCountyPortal(t *testing.T) {
	p := simulator.NewCounty(simulator.Options{})
	defer p.Close()
	cfg := testConfig(t, p)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res := crawl(t, ctx, cfg, nil)
	if res.err != nil {
		t.Fatalf("Run: %v", res.err)
	}
	want := simulator.CountyExpectedReports()
	sort.Strings(want)

	t.Run("exactly the expected reports, once each", func(t *testing.T) {
		if got := res.reports(); !slices.Equal(got, want) {
			t.Errorf("reports:\n got  %q\n want %q\n missing %q", got, want, missing(want, got))
		}
		for _, path := range want {
			if n := len(res.byPath(path)); n != 1 {
				t.Errorf("%s emitted %d times", path, n)
			}
		}
		if res.sum.Reports != len(want) {
			t.Errorf("Summary.Reports = %d, want %d", res.sum.Reports, len(want))
		}
	})

	t.Run("attachments archived, once each", func(t *testing.T) {
		var got []string
		for _, pg := range res.pages {
			if pg.Attachment && pg.Complete() {
				got = append(got, pathOf(pg.URL))
			}
		}
		sort.Strings(got)
		wantA := simulator.CountyExpectedAttachments()
		sort.Strings(wantA)
		if !slices.Equal(got, wantA) {
			t.Errorf("attachments:\n got  %q\n want %q", got, wantA)
		}
		if res.sum.Attachments != len(wantA) {
			t.Errorf("Summary.Attachments = %d, want %d", res.sum.Attachments, len(wantA))
		}
		referrers := map[string]string{
			simulator.CountyPathEdu2022PDF: simulator.CountyPathEdu2022,
			simulator.CountyPathHealthPDF:  simulator.CountyPathHealth2023,
			simulator.CountyPathHousingPDF: simulator.CountyPathHousing2022,
		}
		for path, ref := range referrers {
			pages := res.byPath(path)
			if len(pages) != 1 {
				continue // reported above
			}
			if !strings.HasPrefix(string(pages[0].Body), "%PDF-") && !strings.HasPrefix(string(pages[0].Body), "PK\x03\x04") {
				t.Errorf("%s: body is not the PDF or DOCX: %.40q", path, pages[0].Body)
			}
			if pathOf(pages[0].Referrer) != ref {
				t.Errorf("%s: referrer %q, want %s", path, pages[0].Referrer, ref)
			}
		}
	})

	t.Run("copies are duplicates", func(t *testing.T) {
		dups := simulator.CountyDuplicates()
		for copyPath, orig := range dups {
			pages := res.byPath(copyPath)
			if len(pages) != 1 {
				t.Errorf("%s emitted %d times", copyPath, len(pages))
				continue
			}
			if pathOf(pages[0].DuplicateOf) != orig {
				t.Errorf("%s: DuplicateOf %q, want %s", copyPath, pages[0].DuplicateOf, orig)
			}
		}
		if res.sum.Duplicates != len(dups) {
			t.Errorf("Summary.Duplicates = %d, want %d", res.sum.Duplicates, len(dups))
		}
	})

	t.Run("the notice about reports is not a report", func(t *testing.T) {
		pages := res.byPath(simulator.CountyPathNotice)
		if len(pages) != 1 || pages[0].IsReport {
			t.Errorf("notice: %d pages, report=%v", len(pages), len(pages) == 1 && pages[0].IsReport)
		}
	})

	t.Run("every list page reached", func(t *testing.T) {
		for _, path := range []string{simulator.CountyPathXxgkHome, simulator.CountyPathLatest,
			simulator.CountyPath2023p2, simulator.CountyPath2023p3, simulator.CountyPath2022p2,
			simulator.CountyPath2022p3, simulator.CountyPath2022p4, simulator.CountyPath2021List,
			simulator.CountyPath2021List2, simulator.CountyPathDeptNB} {
			if n := p.Count(path); n != 1 {
				t.Errorf("%s requested %d times, want 1", path, n)
			}
		}
	})

	t.Run("never requested", func(t *testing.T) {
		for _, path := range simulator.CountyNeverRequested() {
			if n := p.Count(path); n != 0 {
				t.Errorf("%s requested %d times", path, n)
			}
		}
		for _, r := range p.Requests() {
			if r.Host == "offsite" {
				t.Errorf("off-site host requested: %s", r.Path)
			}
			if l := strings.ToLower(r.Path); strings.Contains(l, "javascript") || strings.Contains(l, "mailto") ||
				strings.Contains(l, "void(0)") || strings.Contains(l, "void%280%29") {
				t.Errorf("script or mail link requested: %s", r.Path)
			}
		}
		for _, path := range []string{simulator.CountyPathSearch, simulator.CountyPathAdmin} {
			if got := res.outcome(path); !slices.Equal(got, []crawler.Outcome{crawler.OutcomeRobotsDisallowed}) {
				t.Errorf("%s outcomes %v, want robots_disallowed", path, got)
			}
		}
	})

	t.Run("each URL requested once, robots.txt first", func(t *testing.T) {
		reqs := p.Requests()
		if len(reqs) == 0 || reqs[0].Path != simulator.CountyPathRobots {
			t.Fatalf("first request %+v, want robots.txt", reqs)
		}
		seen := map[string]int{}
		for _, r := range reqs {
			seen[r.Path]++
			if r.Status == 404 {
				t.Errorf("requested a URL the portal does not have: %s", r.Path)
			}
		}
		for path, n := range seen {
			if n > 1 {
				t.Errorf("%s requested %d times", path, n)
			}
		}
	})

	t.Run("GBK pages decode", func(t *testing.T) {
		for path, title := range map[string]string{
			simulator.CountyPathWater2022: simulator.CountyWater2022.Title(),
			simulator.CountyPathXxgkHome:  "示例县政府信息公开网",
			simulator.CountyPath2022p3:    "2022年_示例县政府信息公开网",
		} {
			pages := res.byPath(path)
			if len(pages) != 1 {
				t.Errorf("%s: %d pages", path, len(pages))
				continue
			}
			if pages[0].Title != title || pages[0].Encoding != "gbk" || pages[0].EncodingSource != "meta" {
				t.Errorf("%s: title %q encoding %q from %q", path, pages[0].Title, pages[0].Encoding, pages[0].EncodingSource)
			}
		}
	})

	t.Run("archive re-reads", func(t *testing.T) {
		var reports, attachments []string
		err := crawler.ReadWARC(cfg.ArchiveDir, func(pg crawler.Page) error {
			if pg.IsReport && pg.Complete() {
				reports = append(reports, pathOf(pg.URL))
			}
			if pg.Attachment {
				attachments = append(attachments, pathOf(pg.URL))
			}
			return nil
		})
		if err != nil {
			t.Fatalf("ReadWARC: %v", err)
		}
		sort.Strings(reports)
		sort.Strings(attachments)
		wantA := simulator.CountyExpectedAttachments()
		sort.Strings(wantA)
		if !slices.Equal(reports, want) || !slices.Equal(attachments, wantA) {
			t.Errorf("WARC:\n reports     %q\n want        %q\n attachments %q\n want        %q", reports, want, attachments, wantA)
		}
	})
}

// TestRecrawlCountyPortal: a recrawl of the unchanged county portal, where
// most pages are reached through pages that are on topic by their own
// breadcrumb rather than by the link that led there, revalidates exactly the
// URLs the first crawl fetched, each with one 304, and downloads nothing.
func TestRecrawlCountyPortal(t *testing.T) {
	p := simulator.NewCounty(simulator.Options{})
	defer p.Close()
	_, second, okFirst := recrawl(t, p)
	revalidated := map[string]bool{}
	for _, r := range p.Requests() {
		switch {
		case r.Path == simulator.CountyPathRobots:
		case r.Status == 304 && !revalidated[r.Path]:
			revalidated[r.Path] = true
		default:
			t.Errorf("recrawl: %s answered %d", r.Path, r.Status)
		}
	}
	if !maps.Equal(okFirst, revalidated) {
		t.Errorf("recrawl revalidated %d URLs, the first crawl fetched %d; missing %q, extra %q",
			len(revalidated), len(okFirst), missing(slices.Sorted(maps.Keys(okFirst)), slices.Sorted(maps.Keys(revalidated))),
			missing(slices.Sorted(maps.Keys(revalidated)), slices.Sorted(maps.Keys(okFirst))))
	}
	if second.sum.ReportsUnchanged != len(simulator.CountyExpectedReports()) {
		t.Errorf("recrawl: %d reports unchanged, want %d", second.sum.ReportsUnchanged, len(simulator.CountyExpectedReports()))
	}
}

// missing is the elements of want (sorted) not in got (sorted).
func missing(want, got []string) []string {
	var out []string
	for _, w := range want {
		if _, ok := slices.BinarySearch(got, w); !ok {
			out = append(out, w)
		}
	}
	return out
}
