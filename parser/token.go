package parser

// Token is one cell (or one line of prose) of the page in reading order: the common input of the
// form matcher, whatever the page format. Step 1 (html.go, pipetext.go) turns bytes into tokens;
// step 2 (match.go) walks the form over them.
type Token struct {
	// Text is the cell text as published (inner whitespace folded, <br> as a space).
	Text string
	// Offset is the byte offset of the token in the decoded document text (for spans); -1 if unknown.
	Offset int
	// InTable is true for a cell of an HTML table or a pipe-delimited line, false for prose.
	InTable bool
	// Table is the index of the source table (HTML) or -1.
	Table int
	// Row and Col locate the cell in its table's resolved grid (HTML: rowspan/colspan resolved).
	// In pipe text, rows are unreliable: Row is the line number and Col the position in the line.
	Row, Col int
	// Header is the text of the column header cell above this cell in the resolved grid, when the
	// source has a real grid (HTML). The matcher uses it to catch values under a header that does
	// not exist (shifted columns). In pipe text, the header line of a markdown table, for the
	// rows with as many cells as it has; empty otherwise.
	Header string
	// Empty marks a cell that exists in the grid but holds no text (an HTML <td></td>, or an
	// explicit empty field in a pipe row). The matcher keeps these as blank cells when the grid is
	// reliable, and ignores them in pipe text where runs of | also stand for merged cells.
	Empty bool
	// Lead marks an empty field of a pipe line before its first text ("| | 2.其他法律…"): a slot
	// covered by a rowspan from above, the pipe opening a row, or the blank first cells of a row
	// without a label (table 四's values). Only that row's reader takes them as cells.
	Lead bool
	// Heading marks a token of a markdown heading line ("### 第二十条第（一）项"): a title, a
	// section or group heading, never a row of values.
	Heading bool
	// HeaderLine marks a token of a markdown table's header line (the line above its |---|
	// rule, words only: "| 类别 | 数据1 | 数据2 |"): column names, never a row or a value.
	HeaderLine bool
}
