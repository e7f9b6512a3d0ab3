package parser

import (
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Limits on spans. Browsers cap colspan at 1000 and rowspan at 65534; a rowspan is further
// clamped to the rows that remain in its row group, and the grid is at most maxGridCols wide, so
// a hostile page costs at most O(maxColspan) work per cell.
const (
	maxColspan  = 1000
	maxRowspan  = 65534
	maxGridCols = 4096
)

// gridCell is one physical cell placed in the resolved grid of a data table.
type gridCell struct {
	text     string
	row, col int // top-left slot
	rowspan  int
	colspan  int
	header   string
}

// tableRow is a <tr> and the end (exclusive row index) of its row group, for rowspan="0".
type tableRow struct {
	tr       *html.Node
	groupEnd int
}

// resolveGrid places every cell of a data table in its grid (the HTML table model, without
// the overlap repair browsers do) and fills the header of value cells. Cells come out in
// row-major reading order, each physical cell once.
// The cells are appended to buf (empty; a slice kept from an earlier table).
func resolveGrid(table *html.Node, buf []gridCell) []gridCell {
	rows := tableRows(table)
	n := 0 // the cells, counted first: the slice grew a dozen times a table
	for _, tr := range rows {
		for td := tr.tr.FirstChild; td != nil; td = td.NextSibling {
			if td.Type == html.ElementNode && (td.DataAtom == atom.Td || td.DataAtom == atom.Th) {
				n++
			}
		}
	}
	var (
		cells = slices.Grow(buf, n)
		// busyUntil[c] is the first row at which grid column c is free again.
		busyUntil []int
		// lastHeader[c] is the nearest header text above the current row in column c.
		lastHeader []string
	)
	for r, tr := range rows {
		first := len(cells)
		col := 0
		for td := tr.tr.FirstChild; td != nil; td = td.NextSibling {
			if td.Type != html.ElementNode || (td.DataAtom != atom.Td && td.DataAtom != atom.Th) {
				continue
			}
			for col < len(busyUntil) && busyUntil[col] > r {
				col++
			}
			rs := spanAttr(td, "rowspan", maxRowspan)
			if rs == 0 || r+rs > tr.groupEnd {
				rs = tr.groupEnd - r // rowspan="0" and overlong spans end with the row group
			}
			cs := max(spanAttr(td, "colspan", maxColspan), 1)
			if col+cs > maxGridCols {
				cs = max(maxGridCols-col, 0)
			}
			for k := col; k < col+cs; k++ {
				if k == len(busyUntil) {
					busyUntil = append(busyUntil, 0)
					lastHeader = append(lastHeader, "")
				}
				busyUntil[k] = r + rs
			}
			cells = append(cells, gridCell{text: cellText(td), row: r, col: col, rowspan: rs, colspan: cs})
			col += cs
		}
		assignHeaders(cells[first:], lastHeader)
	}
	return cells
}

// assignHeaders sets the header of the value cells of one row and then, if the row is a header
// row, records its text cells as the headers of the columns they cover.
//
// The heuristic, checked against the real layouts (docs in the fixtures of testdata/html):
//   - A value cell is one whose text is blank or looks like a number or a null mark (—, /, 无).
//   - A row is a data row when it holds a non-blank value cell, or when it has text and more than
//     half of its cells are blank (a row of the form left unfilled: "规章 | | |"). A row whose
//     only blank cell is an extra trailing column ("信息内容 | 本年新制作数量 | … | ") is not.
//   - The header of a value cell is the text of the nearest cell above it, in the grid column of
//     its top-left slot, that belongs to a row that is not a data row. Row labels (规章,
//     (三)不予公开 with its rowspan) sit in data rows, so they never become headers; the
//     group rows inside a one-table section 二 (第二十条第(五)项 / 信息内容 | 本年处理决定数量)
//     replace the headers of the previous group. A value pushed into a label column of 三
//     (a row with one cell too few) gets the 勾稽关系 note as header, and one pushed past the
//     last column (one cell too many) gets none: both tell the matcher it is out of place.
//   - For a multi-level header (三: 法人或其他组织 over 商业企业; 四: 行政诉讼 over 未经复议直接起诉
//     over 结果维持) the lowest level is the header.
func assignHeaders(row []gridCell, lastHeader []string) {
	values, blanks, texts := 0, 0, 0
	for i := range row {
		switch {
		case row[i].text == "":
			blanks++
		case valueLike(row[i].text):
			values++
		default:
			texts++
		}
	}
	dataRow := values > 0 || (texts > 0 && blanks*2 > len(row))
	for i := range row {
		c := &row[i]
		if (c.text == "" || valueLike(c.text)) && c.col < len(lastHeader) {
			c.header = lastHeader[c.col]
		}
	}
	if dataRow {
		return
	}
	for _, c := range row {
		if c.text == "" || valueLike(c.text) {
			continue
		}
		for k := c.col; k < c.col+c.colspan && k < len(lastHeader); k++ {
			lastHeader[k] = c.text
		}
	}
}

// tableRows lists the rows of a table in order, not those of tables nested in its cells.
func tableRows(table *html.Node) []tableRow {
	var rows []tableRow
	addGroup := func(g *html.Node) {
		start := len(rows)
		for tr := g.FirstChild; tr != nil; tr = tr.NextSibling {
			if tr.Type == html.ElementNode && tr.DataAtom == atom.Tr {
				rows = append(rows, tableRow{tr: tr})
			}
		}
		for i := start; i < len(rows); i++ {
			rows[i].groupEnd = len(rows)
		}
	}
	for c := table.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch c.DataAtom {
		case atom.Thead, atom.Tbody, atom.Tfoot:
			addGroup(c)
		case atom.Tr: // only in hand-built trees: the HTML parser always adds a tbody
			rows = append(rows, tableRow{tr: c, groupEnd: len(rows) + 1})
		}
	}
	return rows
}

// spanAttr reads a rowspan/colspan attribute the way browsers do: leading digits after optional
// white space ("2", " 3", "2px"); missing or unreadable means 1; values are capped at limit.
func spanAttr(n *html.Node, name string, limit int) int {
	for _, a := range n.Attr {
		if a.Key == name {
			return spanValue(a.Val, limit)
		}
	}
	return 1
}

// spanValue parses the value of a span attribute (see spanAttr).
func spanValue(val string, limit int) int {
	s := strings.TrimLeft(val, " \t\r\n\f")
	v, digits := 0, 0
	for ; digits < len(s) && s[digits] >= '0' && s[digits] <= '9'; digits++ {
		if v < limit {
			v = v*10 + int(s[digits]-'0')
		}
	}
	if digits == 0 {
		return 1
	}
	return min(v, limit)
}

// valueLike tells whether cell text reads as a statistical value rather than a label: a number
// (full-width digits, sign, decimals, thousands separators, a unit, a footnote mark) or a null
// mark (—, -, /, 无). It is deliberately narrower than the value parser: it only decides what
// can carry a header, and what makes a row a data row.
func valueLike(s string) bool {
	if s == "" {
		return true
	}
	switch s {
	case "无", "-", "—", "——", "－", "–", "―", "─", "/", "／", "\\", "、", "*":
		return true
	}
	if moreRunesThan(s, 24) {
		return false
	}
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r >= '０' && r <= '９':
			digits++
		case strings.ContainsRune(" .,，、．+-－—*＊%％增减加", r):
		case strings.ContainsRune("万亿元件条个项次宗份人户起", r):
		default:
			return false
		}
	}
	return digits > 0
}
