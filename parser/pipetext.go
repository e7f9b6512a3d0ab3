package parser

import "strings"

// textTokens splits a pipe-delimited text dump into tokens. Every field between pipes is a cell
// (one cell per line ending " |", or a whole row on one line split by |); a line without pipes
// is prose or a cell printed on its own line. Empty fields are dropped: in these dumps runs of |
// stand for merged as well as empty cells, so their count carries no position. Rows are rebuilt
// later from the form's structure, not from line breaks.
func textTokens(doc string) []Token {
	var toks []Token
	line := 0
	for pos := 0; pos < len(doc); line++ {
		end := strings.IndexByte(doc[pos:], '\n')
		if end < 0 {
			end = len(doc) - pos
		}
		l := doc[pos : pos+end]
		if !strings.Contains(l, "|") {
			if t := strings.TrimSpace(l); t != "" {
				toks = appendPlainLine(toks, l, t, pos, line)
			}
		} else if strings.TrimSpace(strings.ReplaceAll(l, "|", "")) == "" {
			// A line of pipes only. Exactly one pipe is one empty cell (dumps that print every
			// cell on its own line, blanks included); runs of pipes are merged-cell filler.
			if strings.Count(l, "|") == 1 && len(toks) > 0 && !toks[len(toks)-1].InTable && toks[len(toks)-1].Row == line-1 {
				// "行政规范性文件\n|": the pipe closes the cell printed on the line above.
				toks[len(toks)-1].InTable = true
			} else if strings.Count(l, "|") == 1 {
				toks = append(toks, Token{Text: "", Empty: true, InTable: true, Offset: pos, Table: -1, Row: line})
			}
		} else {
			// A row (or part of one) on one line: interior empty fields are blank cells; leading
			// ones stand for cells spanned from rows above, and the field after the last pipe is
			// no cell at all.
			col := 0
			fields := strings.Split(l, "|")
			off := pos
			seenText := false
			for fi, f := range fields {
				t := strings.TrimSpace(f)
				if isMarkdownRule(t) {
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
				}
				off += len(f) + 1
			}
		}
		pos += end + 1
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

// appendPlainLine adds a line without pipes: a tab-separated row (copied from a web page), a
// label followed by numbers separated by spaces (text taken out of a PDF: "规章 0 0 0"), or
// else one cell or line of prose.
func appendPlainLine(toks []Token, l, t string, pos, line int) []Token {
	if strings.Contains(t, "\t") {
		col := 0
		off := pos
		for _, f := range strings.Split(l, "\t") {
			if ft := strings.TrimSpace(f); ft != "" {
				toks = append(toks, Token{Text: foldSpace(ft), Offset: off + strings.Index(f, ft), InTable: true, Table: -1, Row: line, Col: col})
				col++
			}
			off += len(f) + 1
		}
		return toks
	}
	fields := strings.Fields(t)
	k := 0 // trailing fields that read as values
	for k < len(fields) && looksLikeValue(fields[len(fields)-1-k]) {
		k++
	}
	if k == 0 || k == len(fields) {
		return append(toks, Token{Text: foldSpace(t), Offset: pos + strings.Index(l, t), Table: -1, Row: line})
	}
	label := strings.Join(fields[:len(fields)-k], " ")
	toks = append(toks, Token{Text: label, Offset: pos + strings.Index(l, fields[0]), InTable: true, Table: -1, Row: line})
	off := pos + strings.Index(l, fields[len(fields)-k-1]) + len(fields[len(fields)-k-1])
	for i, f := range fields[len(fields)-k:] {
		at := strings.Index(l[off-pos:], f)
		toks = append(toks, Token{Text: f, Offset: off + at, InTable: true, Table: -1, Row: line, Col: i + 1})
		off += at + len(f)
	}
	return toks
}

// isMarkdownRule tells a markdown table's separator field (---, :---:) from a cell.
func isMarkdownRule(s string) bool {
	s = strings.Trim(s, ":")
	return len(s) >= 3 && strings.Trim(s, "-") == ""
}
