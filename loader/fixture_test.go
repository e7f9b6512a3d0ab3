package loader

import (
	"github.com/govreports/govreports/parser"
)

func f64(v float64) *float64 { return &v }

// sampleResult is a hand-built report with known cells (one NULL) and issues.
func sampleResult(id string) *parser.Result {
	return &parser.Result{
		Report: parser.Report{
			ID: id, Title: "某区2022年政府信息公开工作年度报告", Agency: "某区人民政府",
			Year: 2022, Form: "2021", Source: "testdata/x.html", SHA256: "abc",
			Encoding: "utf-8", Published: "2023-01-15", URL: "http://www.example.gov.cn/x.html",
			Fetched: "2024-03-01T10:20:30+08:00", InputFormat: "html",
			ParserVersion: parser.Version, Status: "warnings",
		},
		Cells: []parser.Cell{
			{Section: "active", Row: "rules", Col: "issued", Value: f64(3), Raw: "3", Flags: []string{}},
			{Section: "active", Row: "fees", Col: "amount_wan_yuan", Value: f64(697.449), Raw: "697.449万元", Unit: "万元",
				Flags: []string{parser.FlagUnitStripped}},
			{Section: "requests", Row: "received", Col: "total", Value: nil, Raw: "—", Flags: []string{parser.FlagDash}},
			{Section: "requests", Row: "carried_in", Col: "total", Value: f64(0), Raw: "0"},
		},
		Issues: []parser.Issue{
			{Rule: "sum.requests", Severity: parser.SeverityWarning, Section: "requests", Row: "received", Col: "total",
				Message: "total ≠ sum of applicants", Expected: "12", Actual: "11"},
			{Rule: "sum.requests", Severity: parser.SeverityWarning, Section: "requests", Row: "received", Col: "total",
				Message: "another finding \"quoted\"\n second line", Expected: "1", Actual: "2"},
			{Rule: "spam", Severity: parser.SeverityError, Message: "spam text",
				Span: &parser.Span{Start: 10, End: 20, Text: "x"}},
		},
	}
}
