package parser

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/govreports/govreports/internal/charset"
	"github.com/govreports/govreports/parser/layout"
	"github.com/govreports/govreports/schemas"
)

// documentTokens turns a document read by parser/pdf, parser/docx or parser/doc into the tokens
// an HTML page gives: paragraphs as prose, table cells on their resolved grid with the header
// above them (the same assignHeaders as HTML tables), so one matcher reads every format.
func documentTokens(d *layout.Document) []Token {
	var toks []Token
	tables := 0
	for _, b := range d.Blocks {
		if b.Table == nil {
			if t := foldCellText(b.Text); t != "" {
				toks = append(toks, Token{Text: t, Offset: -1, Table: -1})
			}
			continue
		}
		cells := gridCells(b.Table)
		if len(cells) == 0 {
			continue
		}
		for _, c := range cells {
			toks = append(toks, Token{Text: c.text, Offset: -1, InTable: true, Table: tables,
				Row: c.row, Col: c.col, Header: c.header, Empty: c.text == ""})
		}
		tables++
	}
	return toks
}

// gridCells orders the cells of a table row-major and fills their headers row by row.
func gridCells(t *layout.Table) []gridCell {
	cells := make([]gridCell, 0, len(t.Cells))
	width := 0
	for _, c := range t.Cells {
		if c.Row < 0 || c.Col < 0 || c.Col >= maxGridCols {
			continue
		}
		cs := min(max(c.ColSpan, 1), maxGridCols-c.Col)
		cells = append(cells, gridCell{text: foldCellText(c.Text), row: c.Row, col: c.Col,
			rowspan: max(c.RowSpan, 1), colspan: cs})
		width = max(width, c.Col+cs)
	}
	slices.SortStableFunc(cells, func(a, b gridCell) int {
		return cmp.Or(cmp.Compare(a.row, b.row), cmp.Compare(a.col, b.col))
	})
	lastHeader := make([]string, width)
	for i := 0; i < len(cells); {
		j := i + 1
		for j < len(cells) && cells[j].row == cells[i].row {
			j++
		}
		assignHeaders(cells[i:j], lastHeader)
		i = j
	}
	return cells
}

// noTablesIssues explains a report without tables: form.no_tables always, and
// form.tables_as_images naming the pictures when the page or document has some (a scan, or the
// tables pasted as images), so those reports can be counted and sent to OCR later.
func noTablesIssues(images []string) []Issue {
	out := []Issue{{Rule: RuleFormNoTables, Severity: SeverityError,
		Message:  "no statistical table found: the tables may be images or attachments, or this is not a report page",
		Expected: "3 tables", Actual: "0"}}
	if len(images) == 0 {
		return out
	}
	names := images
	if len(names) > 20 {
		names = names[:20]
	}
	list := strings.Join(names, ", ")
	if len(images) > len(names) {
		list += fmt.Sprintf(", … (%d in all)", len(images))
	}
	return append(out, Issue{Rule: RuleFormTablesAsImages, Severity: SeverityError,
		Message:  fmt.Sprintf("no table as text, but %d image(s) where the tables may be: %s", len(images), list),
		Expected: "tables as text", Actual: list})
}

// withPage lets the page that links an attachment speak for it: its title (with the year in
// it), publish date and agency are the portal's record of the report, which a PDF's first
// lines or a Word file's properties often lack or garble. What the page does not say, the
// document still may.
func (m meta) withPage(p PageMeta) meta {
	if t := cleanTitle(p.Title); t != "" && strings.Contains(t, "报告") {
		m.Title = t
		if y := yearOf(t); y > 0 {
			m.Year = y
		}
		if a := agencyOf(t); a != "" {
			m.Agency = a
		}
	}
	if p.Published != "" {
		m.Published = p.Published
	}
	if p.Agency != "" {
		m.Agency = p.Agency
	}
	return m
}

// maxMetaBytes is how much of a page ReadPageMeta reads.
const maxMetaBytes = 256 << 10

// ReadPageMeta reads what a page says about its report (title, publish date, agency) without
// reading its tables: for a page whose report is an attachment, so the attachment's report
// can carry it (Source.Page).
func ReadPageMeta(data []byte, src Source) PageMeta {
	if len(data) > MaxInputBytes {
		return PageMeta{URL: src.URL}
	}
	dec, _ := charset.Decode(data, src.ContentType)
	// What a page says about its report is at its top: a bounded head is read, so a huge page
	// costs no more than a small one (the tables are not needed here).
	text := dec.Text
	if len(text) > maxMetaBytes {
		text = text[:maxMetaBytes]
	}
	var title string
	var toks []Token
	if sniffFormat(text) == FormatHTML {
		text, _ = MarkupPrefix(text)
		title, toks, _ = htmlTokens(text)
	} else {
		text, _ = fieldsPrefix(text)
		toks = textTokens(text)
	}
	md := readMeta(title, toks, text)
	spam, err := schemas.Spam()
	agency := md.Agency
	if err == nil {
		agency = strings.TrimSpace(stripSpam(md.Agency, spam))
	}
	return PageMeta{URL: src.URL, Title: md.Title, Published: md.Published, Agency: agency}
}
