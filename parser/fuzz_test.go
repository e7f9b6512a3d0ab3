package parser

import (
	"os"
	"path/filepath"
	"testing"
)

// addCorpusSeeds seeds a fuzz target with every real and made page of the repository.
func addCorpusSeeds(f *testing.F, patterns ...string) {
	for _, pat := range patterns {
		files, _ := filepath.Glob(pat)
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
}

// checkInvariants holds for any input: no panic (the fuzzer catches those), and a result that
// keeps the contract: codes on every cell, NULL cells flagged, spans inside the text.
func checkInvariants(t *testing.T, res *Result, err error) {
	if err != nil {
		return
	}
	if res.Report.ID == "" || res.Report.Form == "" || res.Report.SHA256 == "" {
		t.Fatalf("report without id/form/sha256: %+v", res.Report)
	}
	for _, c := range res.Cells {
		if c.Section == "" || c.Row == "" || c.Col == "" {
			t.Fatalf("cell without codes: %+v", c)
		}
		if c.Value == nil && len(c.Flags) == 0 {
			t.Fatalf("NULL cell without a flag: %+v", c)
		}
	}
	for _, i := range res.Issues {
		if i.Rule == "" || (i.Severity != SeverityError && i.Severity != SeverityWarning && i.Severity != SeverityInfo) {
			t.Fatalf("bad issue: %+v", i)
		}
		if i.Span != nil && (i.Span.Start < 0 || i.Span.End < i.Span.Start) {
			t.Fatalf("bad span: %+v", i.Span)
		}
	}
}

func FuzzParseText(f *testing.F) {
	addCorpusSeeds(f, "../testdata/corpus/*.txt", "../testdata/corpus/partial/*.txt", "../testdata/corpus/extracted/*.md", "testdata/text/*.txt")
	f.Add([]byte("## 二、主动公开政府信息情况\n### 第二十条第（一）项\n22\n（其中修订 16 件）\n| 规章 | 22 | 235 |\n|---|---|\n— 5 —\n（四）无2.没有\n| 法提供行制作 | 1 |\n"))
	f.Add([]byte("二、主动公开政府信息情况\n规章 | 1 | | --3 |\n|\n|||\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		res, err := Parse(b, Source{Name: "fuzz", Format: "text"})
		checkInvariants(t, res, err)
	})
}

func FuzzParseHTML(f *testing.F) {
	addCorpusSeeds(f, "testdata/html/*.html")
	f.Add([]byte(`<table><tr><td rowspan="99999">规章</td><td colspan="-1">1</td></tr><table>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		res, err := Parse(b, Source{Name: "fuzz", Format: "html"})
		checkInvariants(t, res, err)
	})
}
