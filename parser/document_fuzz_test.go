package parser

import "testing"

// FuzzParseDocument: any bytes sniffed as a PDF, DOCX or DOC (mutations of the made documents)
// parse without a panic into a result that keeps the contract, or a clear error.
func FuzzParseDocument(f *testing.F) {
	addCorpusSeeds(f, "testdata/docs/*.pdf", "testdata/docs/*.docx")
	f.Add([]byte("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF"))
	f.Add([]byte("PK\x03\x04word/document.xml"))
	f.Fuzz(func(t *testing.T, b []byte) {
		format := sniffDocument(b)
		if format == FormatDOC || format == "" {
			return // the converter is a process of seconds; the DOCX it writes is fuzzed here
		}
		res, err := Parse(b, Source{Name: "fuzz"})
		checkInvariants(t, res, err)
	})
}

// FuzzReadPageMeta: the quick metadata read of a page that links its report never panics and
// returns the page's URL.
func FuzzReadPageMeta(f *testing.F) {
	addCorpusSeeds(f, "testdata/html/*.html", "../testdata/corpus/partial/*.txt")
	f.Fuzz(func(t *testing.T, b []byte) {
		m := ReadPageMeta(b, Source{URL: "http://www.example.gov.cn/a.html"})
		if m.URL != "http://www.example.gov.cn/a.html" {
			t.Fatalf("url %q", m.URL)
		}
	})
}
