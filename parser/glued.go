package parser

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Glued text dumps: text taken from a report page with innerText-style extraction, where every
// table cell runs into the next with no separator ("一、本年新收政府信息公开申请数量713000074",
// "规章000行政规范性文件8855698第二十条第（五）项…"). The tables are read in three steps: this
// file cuts the text into tokens (labels found by the form's own label list, runs of digits
// kept whole); the matcher reads them as any text dump, handing each row whose run holds several
// cells to the splitter (glued_split.go); the solver (glued_solve.go) decides the splits of a
// table under the constraints the form declares.

// gluedRunMin is the shortest digit run that, right after a label, shows cells glued together:
// table 三's rows have seven cells, so their runs have at least seven digits.
const gluedRunMin = 7

// gluedRowsMin glued rows make a glued dump; fewer may be a telephone number after a word.
const gluedRowsMin = 3

// gluedLineRows: a line holding this many row labels each followed by digits holds a whole table
// on one line (cells glued, or separated by single spaces): no line-based reader can read it.
const gluedLineRows = 8

// isGluedDump tells a glued dump from other text: at least gluedRowsMin runs of gluedRunMin or
// more digits that follow a word (Han text or a closing bracket, a space between allowed) and
// are followed by a word or the end of the field, not by a unit (2022年, 14571条); or a line
// without separators holding the rows of a table one after another (rowsOnOneLine).
func isGluedDump(doc string, lx *labelLexicon) bool {
	n := 0
	for i := 0; i < len(doc); {
		if !isDigit(doc[i]) {
			i++
			continue
		}
		j := i
		for j < len(doc) && isDigit(doc[j]) {
			j++
		}
		if j-i >= gluedRunMin && wordBefore(doc[:i]) && !unitAfter(doc[j:]) {
			n++
			if n >= gluedRowsMin {
				return true
			}
		}
		i = j
	}
	for _, line := range strings.Split(doc, "\n") {
		if len(line) > 200 && !strings.ContainsAny(line, "|\t") && lx.rowsOnOneLine(line) {
			return true
		}
	}
	return false
}

// rowsOnOneLine: the line has gluedLineRows row labels of the forms each followed by a digit
// (perhaps after one space).
func (lx *labelLexicon) rowsOnOneLine(line string) bool {
	rs, _, ends := normRunes(line, len(line))
	hits := 0
	for i := 0; i < len(rs); i++ {
		n := lx.root
		for j := i; j < len(rs); j++ {
			if n = n.next[rs[j]]; n == nil {
				break
			}
			if !n.row {
				continue
			}
			after := strings.TrimPrefix(line[ends[j]:], " ")
			if after != "" && isDigit(after[0]) {
				hits++
				i = j
				break
			}
		}
		if hits >= gluedLineRows {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// wordBefore: the text before a run ends in a Han character or a closing bracket, perhaps
// followed by one space.
func wordBefore(s string) bool {
	s = strings.TrimSuffix(s, " ")
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.Is(unicode.Han, r) || r == '）' || r == ')' || r == '”'
}

// unitAfter: the run is followed by a unit or a separator that makes it a figure of prose or a
// code (a date, a count of documents, a telephone or postal number), not glued cells.
func unitAfter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune("年月日号件条个项次人%万元-—/:：,，.、", r) && !gluedOrdinalAt(s)
}

// dateAfter: s starts with a sign that the figure before it is a date or a share.
func dateAfter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune("年月日号时%％", r)
}

// gluedOrdinalAt: s starts with a stop followed by a word ("2.其他法律…" after the run that
// ends in 2): the stop ends the ordinal of the next row, not the run.
func gluedOrdinalAt(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	if r != '.' && r != '．' && r != '、' {
		return false
	}
	r2, _ := utf8.DecodeRuneInString(s[n:])
	return unicode.Is(unicode.Han, r2)
}

// gluedTokens cuts a glued dump into tokens. Fields separated by white space are cut further at
// the boundaries between digit runs and words; a run of words is cut into the labels of the
// forms it is made of when labels cover most of it (segmentLabels), and kept whole otherwise
// (prose, or a label written otherwise, which the matcher then reads as it reads any label).
// Each token gets a row of its own: a glued dump has no reliable lines.
func gluedTokens(doc string, lx *labelLexicon) []Token {
	var toks []Token
	add := func(text string, off int, inTable bool) {
		toks = append(toks, Token{Text: text, Offset: off, InTable: inTable, Table: -1, Row: len(toks)})
	}
	for _, f := range whiteFields(doc) {
		pieces := cutDigitRuns(f.text, lx)
		for _, p := range pieces {
			off := f.off + p.off
			if p.run {
				add(p.text, off, true)
				continue
			}
			// A sentence's stop ends prose: the words after the last one may be a table's
			// heading and labels run into it ("…严重后果的情况。二、主动公开政府信息情况第二十条…").
			for _, sent := range sentences(p.text) {
				segs, ok := lx.segment(sent.text)
				if !ok {
					add(sent.text, off+sent.off, isShort(sent.text))
					continue
				}
				for _, s := range segs {
					add(sent.text[s[0]:s[1]], off+sent.off+s[0], true)
				}
			}
		}
	}
	return toks
}

type field struct {
	text string
	off  int
}

// whiteFields splits a document at white space (ASCII, full-width and no-break spaces).
func whiteFields(doc string) []field {
	var out []field
	start := -1
	for i, r := range doc {
		sp := unicode.IsSpace(r) || r == '\u3000' || r == '\u00a0'
		switch {
		case sp && start >= 0:
			out = append(out, field{doc[start:i], start})
			start = -1
		case !sp && start < 0:
			start = i
		}
	}
	if start >= 0 {
		out = append(out, field{doc[start:], start})
	}
	return out
}

// piece is a part of a field: a run of value characters, or words.
type piece struct {
	text string
	off  int
	run  bool
}

// cutDigitRuns cuts a field into runs of value characters (digits, a decimal point or a thousands
// separator between digits, a sign between digits: a signed cell glued to the one before) and
// words. Digits
// followed by a stop and a word are the ordinal of the next label ("00000002.其他法律…": the row's
// cells are 0000000, the next label 2.其他法律…): they are moved to the words after them.
func cutDigitRuns(f string, lx *labelLexicon) []piece {
	var out []piece
	wordStart := 0
	for i := 0; i < len(f); {
		// A run starts at a digit, or at a sign right before one that does not follow a digit
		// (-2 in 本年增/减, written apart from the cell before it).
		signed := (f[i] == '-' || f[i] == '+') && i+1 < len(f) && isDigit(f[i+1]) && (i == 0 || !isDigit(f[i-1]))
		if !isDigit(f[i]) && !signed {
			_, n := utf8.DecodeRuneInString(f[i:])
			i += n
			continue
		}
		j := i
		if signed {
			j++
		}
		for j < len(f) {
			switch {
			case isDigit(f[j]):
				j++
			case (f[j] == '.' || f[j] == '-' || f[j] == '+' || f[j] == ',') && j+1 < len(f) && isDigit(f[j+1]) && j > i:
				j += 2
			default:
				goto end
			}
		}
	end:
		runEnd := j
		if gluedOrdinalAt(f[j:]) {
			runEnd = j - lx.ordinalDigits(f[i:j], f[j:])
		} else if dateAfter(f[j:]) {
			runEnd = i // 2022年, 12月, 100%: words, never cells (a caption's year would be a value of table 四)
		}
		if runEnd > i {
			if i > wordStart {
				out = append(out, piece{f[wordStart:i], wordStart, false})
			}
			out = append(out, piece{f[i:runEnd], i, true})
			wordStart = runEnd
		}
		i = j
	}
	if wordStart < len(f) {
		out = append(out, piece{f[wordStart:], wordStart, false})
	}
	return out
}

// sentences cuts words after each sentence stop (。！？；), the stop kept with the sentence it ends.
func sentences(s string) []field {
	var out []field
	start := 0
	for i, r := range s {
		if r == '。' || r == '！' || r == '？' || r == '；' {
			end := i + len(string(r))
			out = append(out, field{s[start:end], start})
			start = end
		}
	}
	if start < len(s) {
		out = append(out, field{s[start:], start})
	}
	return out
}
