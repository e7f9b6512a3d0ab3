// Package layout is the neutral shape of a report read from a document file (PDF, DOCX, DOC):
// paragraphs and tables of cells placed on a grid, in reading order. The document readers
// (parser/pdf, parser/docx, parser/doc) produce it; package parser turns it into the same tokens
// as an HTML table and runs the one form matcher over them. It has no dependencies, so a reader
// never imports the parser and the parser never knows how a file format is laid out.
package layout

// Document is one report file as blocks in reading order.
type Document struct {
	// Title is the document's own title (PDF Info /Title, DOCX core properties), when set.
	Title  string
	Blocks []Block
	// Images names the pictures that stand where text could be (a page that is only a scan, a
	// picture in the body), so a report whose tables are images can say which ones.
	Images []string
	// Pages is the number of pages read (PDF), 0 when the format has none.
	Pages int
	// Notes are findings of the reader worth an issue (pages skipped, a limit reached).
	Notes []string
}

// Block is a paragraph (Table nil) or a table.
type Block struct {
	Text  string
	Table *Table
}

// Table is a grid of cells. Every physical cell appears once, at its top-left slot.
type Table struct {
	Cells []Cell
}

// Cell is one physical cell of a table; RowSpan and ColSpan are at least 1.
type Cell struct {
	Row, Col         int
	RowSpan, ColSpan int
	Text             string
}

// Limits shared by the readers: a report's tables have a few hundred cells; anything far
// larger is not a report and would only cost memory.
const (
	MaxCells  = 20000 // cells over all tables of one document
	MaxBlocks = 50000 // paragraphs and tables of one document
	MaxText   = 8 << 20
)
