package parser

import "strings"

// textTokens splits a pipe-delimited text dump into tokens. Every field between pipes is a cell
// (one cell per line ending " |", or a whole row on one line split by |); a line without pipes
// is prose or a cell printed on its own line. Empty fields are dropped: in these dumps runs of |
// stand for merged as well as empty cells, so their count carries no position. Rows are rebuilt
// later from the form's structure, not from line breaks.
func textTokens(doc string) []Token {
	var toks []Token
	lines := splitLines(doc)
	kinds := make([]lineKind, len(lines))
	for i, l := range lines {
		kinds[i] = classifyLine(l.text)
	}
	// In markdown (a document with |---| rules), the pipe opening a line is syntax: no cell.
	markdown := false
	for _, k := range kinds {
		markdown = markdown || k == lineRule
	}
	var header []string // the header of the markdown table being read, nil outside one
	prevLine := -1      // the last line that was not blank
	for line, ln := range lines {
		pos := ln.pos
		l, heading := stripMarkdown(ln.text)
		if heading {
			l = dropTableNumber(l)
			pos += len(ln.text) - len(l)
		}
		switch kinds[line] {
		case lineBlank:
			header = nil
			continue
		case linePageMark:
			continue // a page number of the PDF, even inside a table: no text of the report
		case lineRule:
			continue // the rule under a markdown table's header
		}
		first := len(toks)
		headerLine := false
		if !strings.Contains(l, "|") {
			header = nil
			if t := strings.TrimSpace(l); t != "" {
				toks = appendPlainLine(toks, l, t, pos, line)
			}
		} else if strings.TrimSpace(strings.ReplaceAll(l, "|", "")) == "" {
			// A line of pipes only. Exactly one pipe is one empty cell (dumps that print every
			// cell on its own line, blanks included); runs of pipes are merged-cell filler.
			if strings.Count(l, "|") == 1 && len(toks) > 0 && !toks[len(toks)-1].InTable && toks[len(toks)-1].Row == prevLine {
				// "行政规范性文件\n|": the pipe closes the cell printed on the line above (blank
				// lines between, in dumps that double every line break, change nothing).
				toks[len(toks)-1].InTable = true
			} else if strings.Count(l, "|") == 1 {
				toks = append(toks, Token{Text: "", Empty: true, InTable: true, Offset: pos, Table: -1, Row: line})
			}
		} else {
			// A markdown table's header: words only, and the rule line under it.
			if markdown && nextKind(kinds, line) == lineRule {
				if hf := headerFields(l); hf != nil {
					header, headerLine = hf, true
				}
			}
			toks = appendPipeLine(toks, l, pos, line, markdown)
		}
		for i := first; i < len(toks); i++ {
			toks[i].Heading = heading
			toks[i].HeaderLine = headerLine
		}
		if !headerLine && header != nil {
			labelHeaders(toks[first:], header)
		}
		prevLine = line
	}
	return toks
}

// textLine is one line of a dump and its byte offset.
type textLine struct {
	text string
	pos  int
}

func splitLines(doc string) []textLine {
	var out []textLine
	for pos := 0; pos < len(doc); {
		end := strings.IndexByte(doc[pos:], '\n')
		if end < 0 {
			end = len(doc) - pos
		}
		out = append(out, textLine{doc[pos : pos+end], pos})
		pos += end + 1
	}
	return out
}

// nextKind is the kind of the next line that is not blank (lineBlank at the end).
func nextKind(kinds []lineKind, line int) lineKind {
	for j := line + 1; j < len(kinds); j++ {
		if kinds[j] != lineBlank {
			return kinds[j]
		}
	}
	return lineBlank
}

// labelHeaders gives each cell of a markdown table's row the header above it, when the row has
// exactly the header's cells: evidence of which column a value stands in, when a row has fewer
// values than the form has columns.
func labelHeaders(row []Token, header []string) {
	n := 0
	for _, t := range row {
		if !t.Lead {
			n++
		}
	}
	if n != len(header) {
		return
	}
	for i := range row {
		if !row[i].Lead && row[i].Col < len(header) {
			row[i].Header = header[row[i].Col]
		}
	}
}

// appendPipeLine adds a row (or part of one) on one line: interior empty fields are blank cells;
// leading ones stand for cells spanned from rows above (or open the row, or are the blank first
// cells of table 四's row: marked Lead), and the field after the last pipe is no cell. In
// markdown the pipe opening the line is syntax only.
func appendPipeLine(toks []Token, l string, pos, line int, markdown bool) []Token {
	col := 0
	fields := strings.Split(l, "|")
	off := pos
	seenText := false
	for fi, f := range fields {
		t := strings.TrimSpace(f)
		if fi == 0 && t == "" && markdown {
			off += len(f) + 1
			continue // "| 1 | 0 |": the opening pipe of a markdown row
		}
		rule := isMarkdownRule(t)
		if rule {
			t = "" // |---|:--:| under a markdown table's header: no cell
		}
		switch {
		case t != "":
			seenText = true
			toks = append(toks, Token{Text: foldSpace(t), Offset: off + strings.Index(f, t),
				InTable: true, Table: -1, Row: line, Col: col})
			col++
		case seenText && fi < len(fields)-1:
			toks = append(toks, Token{Empty: true, InTable: true, Offset: off, Table: -1, Row: line, Col: col})
			col++
		case !rule && fi < len(fields)-1:
			toks = append(toks, Token{Empty: true, Lead: true, InTable: true, Offset: off, Table: -1, Row: line, Col: col})
		}
		off += len(f) + 1
	}
	return toks
}

// foldSpace folds runs of white space (including full-width spaces and NBSP) into one space.
func foldSpace(s string) string {
	if !strings.ContainsAny(s, " \t\r\u00a0\u3000") {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\r' || r == '\u00a0' || r == '\u3000'
	}), " ")
}

// appendPlainLine adds a line without pipes: a row whose cells are separated by tabs (copied
// from a web page) or by runs of spaces (pdftotext -layout: "规章      0      0      2"), a label
// followed by numbers separated by single spaces (text taken out of a PDF: "规章 0 0 0"), a line
// of numbers only (table 四's one row of values), or else one cell or line of prose.
func appendPlainLine(toks []Token, l, t string, pos, line int) []Token {
	if strings.Contains(t, "\t") || strings.Contains(t, "  ") {
		// Columns. Each one may still be a label and numbers, or numbers only, separated by
		// single spaces where pdftotext had little room between narrow columns.
		col := 0
		off := pos
		for _, f := range splitColumns(l) {
			at := off + strings.Index(l[off-pos:], f)
			toks, col = appendFields(toks, f, at, line, col, true)
			off = at + len(f)
		}
		return toks
	}
	toks, _ = appendFields(toks, t, pos+strings.Index(l, t), line, 0, false)
	return toks
}

// splitColumns splits a line at tabs and at runs of two or more spaces; a single space stays
// inside its column.
func splitColumns(l string) []string {
	var out []string
	start := 0
	for i := 0; i < len(l); {
		if l[i] != '\t' && !(l[i] == ' ' && i+1 < len(l) && l[i+1] == ' ') {
			i++
			continue
		}
		if f := strings.TrimSpace(l[start:i]); f != "" {
			out = append(out, f)
		}
		for i < len(l) && (l[i] == '\t' || l[i] == ' ') {
			i++
		}
		start = i
	}
	if f := strings.TrimSpace(l[start:]); f != "" {
		out = append(out, f)
	}
	return out
}

// appendFields adds the space-separated fields of one column (or of a whole line when cell is
// false): a label with its trailing values becomes the label and one token per value; fields
// that are all values become one token each when they are a row of numbers. Anything else is
// one token, a table cell when cell is true and prose otherwise. It returns the next column.
func appendFields(toks []Token, t string, off, line, col int, cell bool) ([]Token, int) {
	fields := strings.Fields(t)
	k := 0 // trailing fields that read as values
	for k < len(fields) && looksLikeValue(fields[len(fields)-1-k]) {
		k++
	}
	if k == len(fields) && !cell && !numberRow(fields) {
		k = 0 // "— 2 —", "2 / 5": a page number, not a row of values
	}
	if k == 0 || (k == len(fields) && len(fields) == 1) {
		return append(toks, Token{Text: foldSpace(t), Offset: off, InTable: cell, Table: -1, Row: line, Col: col}), col + 1
	}
	at := 0
	if k < len(fields) {
		label := strings.Join(fields[:len(fields)-k], " ")
		toks = append(toks, Token{Text: label, Offset: off, InTable: true, Table: -1, Row: line, Col: col})
		col++
		last := fields[len(fields)-k-1]
		at = strings.Index(t, last) + len(last)
	}
	for _, f := range fields[len(fields)-k:] {
		i := strings.Index(t[at:], f)
		toks = append(toks, Token{Text: f, Offset: off + at + i, InTable: true, Table: -1, Row: line, Col: col})
		col++
		at += i + len(f)
	}
	return toks, col
}

// numberRow tells a line of values only (table 四's row: "1 0 0 0 1 …") from a page number or
// footer made of value-like fields: it needs at least three fields with digits.
func numberRow(fields []string) bool {
	digits := 0
	for _, f := range fields {
		if strings.ContainsAny(f, "0123456789０１２３４５６７８９") {
			digits++
		}
	}
	return digits >= 3
}

// isMarkdownRule tells a markdown table's separator field (---, :---:) from a cell.
func isMarkdownRule(s string) bool {
	s = strings.Trim(s, ":")
	return len(s) >= 3 && strings.Trim(s, "-") == ""
}
