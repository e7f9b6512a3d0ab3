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
