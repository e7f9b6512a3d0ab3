package parser

import (
	"errors"
	"fmt"

	"github.com/govreports/govreports/parser/doc"
	"github.com/govreports/govreports/parser/docx"
	"github.com/govreports/govreports/parser/layout"
	"github.com/govreports/govreports/parser/pdf"
)

// documentRead is what a document reader gave, as the parser uses it.
type documentRead struct {
	toks   []Token
	title  string
	images []string
	issues []Issue
}

func isDocumentFormat(f string) bool { return f == FormatPDF || f == FormatDOCX || f == FormatDOC }

// sniffDocument tells document files by their magic bytes: %PDF, a zip with word/ entries, an
// OLE2 compound file (Word 97–2003 and WPS). Anything else is left to the text sniffer ("").
func sniffDocument(data []byte) string {
	head := data[:min(len(data), 1024)]
	switch {
	case pdf.Sniff(head):
		return FormatPDF
	case docx.Sniff(data):
		return FormatDOCX
	case doc.Sniff(data):
		return FormatDOC
	}
	return ""
}

// readDocument runs the reader of the format. A file its reader cannot read (damaged, over a
// limit, a converter missing) is still a report of the crawl: it comes back as an issue, so the
// report shows up with status no_tables and the reason, never as a silent drop.
func readDocument(format string, data []byte) (documentRead, error) {
	var (
		d   *layout.Document
		err error
	)
	switch format {
	case FormatDOCX:
		d, err = docx.Read(data)
	case FormatPDF:
		d, err = readPDF(data)
	case FormatDOC:
		d, err = readDOC(data)
	}
	var out documentRead
	if errors.Is(err, doc.ErrConverterMissing) {
		out.issues = append(out.issues, Issue{Rule: RuleInputConverterMissing, Severity: SeverityError,
			Message:  fmt.Sprintf("%s file not read: %v", format, err),
			Expected: "soffice", Actual: "missing"})
		return out, nil
	}
	if err != nil {
		out.issues = append(out.issues, Issue{Rule: RuleInputDocument, Severity: SeverityError,
			Message:  fmt.Sprintf("%s file could not be read: %v", format, err),
			Expected: "a readable " + format + " file", Actual: err.Error()})
		return out, nil
	}
	out.toks = documentTokens(d)
	out.title = d.Title
	out.images = d.Images
	for _, n := range d.Notes {
		out.issues = append(out.issues, Issue{Rule: RuleInputDocumentNote, Severity: SeverityWarning,
			Message: n, Expected: "", Actual: n})
	}
	return out, nil
}

func readPDF(data []byte) (*layout.Document, error) { return pdf.Read(data) }

func readDOC(data []byte) (*layout.Document, error) { return doc.Read(data) }
