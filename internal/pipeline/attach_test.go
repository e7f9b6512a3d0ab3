package pipeline

import (
	"testing"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/parser"
)

func result(id, status string, rules ...string) *parser.Result {
	r := &parser.Result{Report: parser.Report{ID: id, Status: status, URL: "http://x.gov.cn/p.html"}}
	for _, rule := range rules {
		r.Issues = append(r.Issues, parser.Issue{Rule: rule})
	}
	return r
}

// Which attachment reports are loaded. The resumed-crawl case (page read by an earlier run,
// unknown here) is the regression of TestInterruptThenRestartLosesNothing: a table-less file
// there was loaded as an eighth report.
func TestAttachmentRedundant(t *testing.T) {
	page := crawler.Page{URL: "http://x.gov.cn/p.html", FinalURL: "http://x.gov.cn/p.html", Status: 200}
	att := func(ref string) crawler.Page {
		return crawler.Page{URL: "http://x.gov.cn/a.pdf", Referrer: ref, Attachment: true, Status: 200}
	}
	for _, tc := range []struct {
		name      string
		pageRes   *parser.Result // nil: the page is not known
		stub      bool
		res       *parser.Result
		redundant bool
	}{
		{"same tables as the page", result("A", "clean"), false, result("A", "clean"), true},
		{"other tables than the page", result("A", "clean"), false, result("B", "clean"), false},
		{"no tables beside a page with tables", result("A", "clean"), false, result("C", "no_tables", "form.no_tables"), true},
		{"the report of a stub page", nil, true, result("C", "clean"), false},
		{"a scan on a stub page", nil, true, result("C", "no_tables", "form.tables_as_images"), false},
		{"unknown page, tables", nil, false, result("C", "errors"), false},
		{"unknown page, a scan", nil, false, result("C", "no_tables", "form.tables_as_images"), false},
		{"unknown page, converter missing", nil, false, result("C", "no_tables", "input.converter_missing"), false},
		{"unknown page, damaged file", nil, false, result("C", "no_tables", "input.document"), true},
		{"unknown page, no tables", nil, false, result("C", "no_tables", "form.no_tables"), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := NewAttachmentLinker()
			switch {
			case tc.pageRes != nil:
				l.Report(page, tc.pageRes)
			case tc.stub:
				l.put(page, linkedPage{meta: parser.PageMeta{URL: page.URL, Title: "某局2022年政府信息公开工作年度报告"}})
			}
			a := att(page.URL)
			if got := l.Redundant(a, tc.res); got != tc.redundant {
				t.Errorf("Redundant = %v, want %v", got, tc.redundant)
			}
			src := l.Source(a, nil)
			if known := tc.pageRes != nil || tc.stub; (src.Page != nil) != known {
				t.Errorf("Source.Page = %+v, page known %v", src.Page, known)
			}
		})
	}
}
