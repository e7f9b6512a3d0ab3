package parser

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// The made document fixtures of testdata/docs (gen_docs.py: LibreOffice converting a made
// report to DOCX, DOC and PDF in a WPS-like layout) hold the report of
// testdata/html/a_2021_complete_utf8.html: each must give every cell of that page, the same
// content id (one report, wherever it was read from) and its own input format.
func TestDocumentFixturesGiveThePageCells(t *testing.T) {
	var want htmlFixture
	b, err := os.ReadFile(filepath.Join("testdata", "html", "a_2021_complete_utf8.expect.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	page, err := Parse(readFixture(t, "a_2021_complete_utf8.html"), Source{Name: "a.html"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ file, format string }{
		{"wps_2021_ruled.pdf", FormatPDF},
		{"chromium_2021_ruled.pdf", FormatPDF},
		{"wps_2021_ruled.docx", FormatDOCX},
		{"wps_2021_ruled.doc", FormatDOC},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "docs", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			res, err := Parse(data, Source{Name: tc.file})
			if err != nil {
				t.Fatal(err)
			}
			r := res.Report
			if r.InputFormat != tc.format || r.Status != "clean" || r.Year != want.Year || r.Agency != want.Agency || r.Form != want.Form {
				t.Errorf("report: format %q status %q year %d agency %q form %q; want %q clean %d %q %q",
					r.InputFormat, r.Status, r.Year, r.Agency, r.Form, tc.format, want.Year, want.Agency, want.Form)
			}
			if r.ID != page.Report.ID {
				t.Errorf("id %s, the page's is %s: the same report must have one id", r.ID, page.Report.ID)
			}
			got := map[string]Cell{}
			for _, c := range res.Cells {
				got[c.Section+"."+c.Row+"."+c.Col] = c
			}
			if len(res.Cells) != len(want.Cells) {
				t.Errorf("%d cells, want %d", len(res.Cells), len(want.Cells))
			}
			for _, w := range want.Cells {
				k := w.Section + "." + w.Row + "." + w.Col
				g, ok := got[k]
				switch {
				case !ok:
					t.Errorf("%s: missing", k)
				case (g.Value == nil) != (w.Value == nil) || (g.Value != nil && *g.Value != *w.Value) || g.Raw != w.Raw || !slices.Equal(g.Flags, w.Flags):
					t.Errorf("%s: got %v %q %v, want %v %q %v", k, deref(g.Value), g.Raw, g.Flags, deref(w.Value), w.Raw, w.Flags)
				}
			}
			for _, i := range res.Issues {
				if i.Severity != SeverityInfo {
					t.Errorf("issue %s %s.%s: %s", i.Rule, i.Section, i.Row, i.Message)
				}
			}
		})
	}
}

// hasRule tells whether a result holds an issue of the rule.
func findRule(res *Result, rule string) *Issue {
	for i := range res.Issues {
		if res.Issues[i].Rule == rule {
			return &res.Issues[i]
		}
	}
	return nil
}

// A report whose tables are only pictures says so, and names them: a scanned PDF (pages of
// images, no text) and a web page with the tables pasted as <img>.
func TestTablesAsImages(t *testing.T) {
	scan, err := os.ReadFile(filepath.Join("testdata", "docs", "scan_2021_images.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	page := []byte(`<html><head><title>某镇2022年政府信息公开工作年度报告</title></head><body>
<a href="/"><img src="/logo.png"></a><img src="/icons/print.gif" width="16">
<h1>某镇2022年政府信息公开工作年度报告</h1><p>二、主动公开政府信息情况</p>
<p><img src="/uploads/2023/table2.jpg"></p><p>三、收到和处理政府信息公开申请情况</p><p><img src="/uploads/2023/table3.jpg" width="600"></p></body></html>`)
	for _, tc := range []struct {
		name   string
		data   []byte
		format string
		images string
	}{
		{"scanned pdf", scan, FormatPDF, "page 1 (1 image(s), no text)"},
		{"html images", page, FormatHTML, "/uploads/2023/table2.jpg, /uploads/2023/table3.jpg"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Parse(tc.data, Source{Name: tc.name})
			if err != nil {
				t.Fatal(err)
			}
			if res.Report.Status != "no_tables" || res.Report.InputFormat != tc.format {
				t.Errorf("status %q format %q, want no_tables %q", res.Report.Status, res.Report.InputFormat, tc.format)
			}
			i := findRule(res, "form.tables_as_images")
			if i == nil {
				t.Fatalf("no form.tables_as_images issue: %+v", res.Issues)
			}
			if i.Actual != tc.images {
				t.Errorf("images named %q, want %q", i.Actual, tc.images)
			}
		})
	}
}

// Without LibreOffice a DOC report is not dropped: it comes out as a report with status
// no_tables and an issue naming the missing converter.
func TestDOCWithoutConverterIsAnIssue(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "docs", "wps_2021_ruled.doc"))
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", t.TempDir())
	res, err := Parse(data, Source{Name: "report.doc", URL: "http://www.example.gov.cn/a/report.doc"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Report.Status != "no_tables" || res.Report.InputFormat != FormatDOC {
		t.Errorf("status %q format %q, want no_tables doc", res.Report.Status, res.Report.InputFormat)
	}
	if i := findRule(res, "input.converter_missing"); i == nil || i.Severity != SeverityError {
		t.Errorf("no input.converter_missing error: %+v", res.Issues)
	}
}

// A damaged document is a report with an input.document error, not a parse failure.
func TestDamagedDocumentsAreIssues(t *testing.T) {
	pdf, err := os.ReadFile(filepath.Join("testdata", "docs", "wps_2021_ruled.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"pdf cut short", pdf[:len(pdf)/3]},
		{"docx not a zip", append([]byte("PK\x03\x04word/"), make([]byte, 100)...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Parse(tc.data, Source{Name: tc.name})
			if err != nil {
				t.Fatal(err)
			}
			if res.Report.Status != "no_tables" && res.Report.Status != "errors" {
				t.Errorf("status %q", res.Report.Status)
			}
			if findRule(res, "input.document") == nil && res.Report.Status == "no_tables" && len(res.Cells) == 0 && findRule(res, "form.no_tables") == nil {
				t.Errorf("nothing says why: %+v", res.Issues)
			}
		})
	}
}

// An attachment takes its page's URL, title, date and agency; its own URL is attachment_url.
func TestAttachmentTakesItsPage(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "docs", "wps_2021_ruled.docx"))
	if err != nil {
		t.Fatal(err)
	}
	pageURL := "http://www.shili.gov.cn/zfxxgk/2023/0120/report.html"
	res, err := Parse(data, Source{Name: "x.docx", URL: "http://www.shili.gov.cn/uploads/x.docx",
		Page: &PageMeta{URL: pageURL, Title: "示例县自然资源局2022年政府信息公开工作年度报告_示例县人民政府", Published: "2023-01-21", Agency: "示例县自然资源局"}})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Report
	if r.URL != pageURL || r.AttachmentURL != "http://www.shili.gov.cn/uploads/x.docx" || r.Published != "2023-01-21" ||
		r.Title != "示例县自然资源局2022年政府信息公开工作年度报告" || r.Agency != "示例县自然资源局" || r.Year != 2022 {
		t.Errorf("report %+v", r)
	}
}
