package parser

import (
	"slices"
	"strings"

	"github.com/govreports/govreports/schemas"
)

// span is a section's tokens [start, end).
type span struct{ start, end int }

// sections finds where each table starts and ends: at its heading (二、主动公开政府信息情况), or,
// for a page without headings, at its first unmistakable label.
func (m *matcher) sections() map[string]span {
	// starts: the first token of each table's span; boundaries: where a span must end (a heading,
	// a trailing heading such as 五、存在的主要问题, or an anchor that starts another table).
	type boundary struct {
		pos     int
		section string // the table this boundary starts ("" for a trailing heading)
	}
	starts := map[string]int{}
	var boundaries []boundary
	loose := map[string]int{} // section → first heading found by ordinal + keyword
	for i, t := range m.toks {
		if t.Empty {
			continue
		}
		for _, h := range m.headingHits(t) {
			switch h.kind {
			case kindSection:
				if _, ok := starts[h.section]; !ok {
					starts[h.section] = i + 1
					boundaries = append(boundaries, boundary{i, h.section})
				}
			case kindTrailing:
				boundaries = append(boundaries, boundary{i, ""})
			}
		}
		if code, trailing := m.looseHeading(t); trailing {
			boundaries = append(boundaries, boundary{i, ""})
		} else if code != "" {
			if _, ok := loose[code]; !ok {
				loose[code] = i
			}
		}
	}
	// Headings worded otherwise ("四、因政府信息公开工作被申请行政复议…"): only where no exact one is.
	for code, i := range loose {
		if _, ok := starts[code]; !ok {
			starts[code] = i + 1
			boundaries = append(boundaries, boundary{i, code})
		}
	}
	// Pages that drop the headings: start at the first label that only this section has.
	for _, s := range m.form.Sections {
		if _, ok := starts[s.Code]; ok {
			continue
		}
		if i := m.anchor(&s); i >= 0 {
			starts[s.Code] = i // the anchor itself belongs to the section
			boundaries = append(boundaries, boundary{i, s.Code})
		}
	}
	out := map[string]span{}
	for code, st := range starts {
		end := len(m.toks)
		for _, b := range boundaries {
			if b.section != code && b.pos >= st && b.pos < end {
				end = b.pos
			}
		}
		if end < st {
			end = st
		}
		out[code] = span{st, end}
	}
	return out
}

// headingHits returns section/trailing meanings of a token that reads as a heading: the label
// alone (after its ordinal), not a sentence of prose that mentions it.
func (m *matcher) headingHits(t Token) []labelHit {
	if moreRunesThan(t.Text, 40) {
		return nil
	}
	ord := m.norm(t.Text).ord
	var out []labelHit
	for _, h := range m.lookup(t.Text) {
		switch {
		case h.kind == kindTrailing:
			out = append(out, h)
		case h.kind == kindSection:
			// "(一)主动公开情况" under 一、总体情况 is not table 二: a heading that carries an
			// ordinal must carry its table's.
			if ord != "" && ord != m.form.Section(h.section).Ordinal {
				continue
			}
			out = append(out, h)
		}
	}
	return out
}

// looseHeading reads a short numbered line: "五、…" (any wording) ends the tables; "四、…" with
// one of table 四's heading keywords may be its heading. Other numberings ("(五)", "五.", "5.")
// also number rows of table 三 and parts of 一、总体情况: such a line ends the tables only when
// its words start as one of the trailing headings does ("(五)存在的问题及改进措施").
func (m *matcher) looseHeading(t Token) (section string, trailing bool) {
	if moreRunesThan(t.Text, 40) {
		return "", false
	}
	nl := m.norm(t.Text)
	n, rest, ord := nl.norm, nl.rest, nl.ord
	if ord == "" {
		if o, r, ok := partOrdinal(n); ok {
			return "", m.trailingWords(o, r) // "第五部分 存在的问题"
		}
		return "", false
	}
	if !strings.HasPrefix(n, ord+",") {
		return "", m.trailingWords(hanOrdinal(ord), rest)
	}
	// "七、总计", "六、其他处理": rows of table 三 numbered the way headings are. A label of
	// the form is a row, never the end of the tables.
	for _, h := range m.lookup(t.Text) {
		if h.kind == kindRow || h.kind == kindRowGroup || h.kind == kindColumn {
			return "", false
		}
	}
	for _, o := range m.form.TrailingOrdinals {
		if ord == o {
			return "", true
		}
	}
	for _, s := range m.form.Sections {
		if s.Ordinal != ord {
			continue
		}
		for _, k := range s.HeadingKeywords {
			if strings.Contains(rest, k) {
				return s.Code, false
			}
		}
	}
	return "", false
}

// trailingWords tells a heading of the parts after the tables numbered otherwise than "五、": a
// trailing ordinal, and words that start with a trailing heading (schemas: trailing_headings).
func (m *matcher) trailingWords(ord, rest string) bool {
	if rest == "" || !slices.Contains(m.form.TrailingOrdinals, ord) {
		return false
	}
	for _, h := range m.form.TrailingHeadings {
		if k := m.norm(h).rest; k != "" && strings.HasPrefix(rest, k) {
			return true
		}
	}
	return false
}

// hanOrdinal writes a one-digit ordinal in Chinese numerals ("5" → "五"), as the form's ordinals
// are written; any other ordinal is returned as it is.
func hanOrdinal(ord string) string {
	if len(ord) == 1 && ord[0] >= '1' && ord[0] <= '9' {
		return string([]rune("一二三四五六七八九")[ord[0]-'1'])
	}
	return ord
}

// partOrdinal reads the numbering "第五部分" of a normalized label: ordinal 五 and the rest.
func partOrdinal(n string) (ord, rest string, ok bool) {
	after, found := strings.CutPrefix(n, "第")
	if !found {
		return "", "", false
	}
	i := strings.Index(after, "部分")
	if i <= 0 || strings.Trim(after[:i], "一二三四五六七八九十") != "" {
		return "", "", false
	}
	return after[:i], after[i+len("部分"):], true
}

// anchor finds the first token of a section when its heading is missing: the first of the
// section's anchor labels (schemas: anchors) standing alone in a cell.
func (m *matcher) anchor(s *schemas.Section) int {
	keys := map[string]bool{}
	for _, a := range s.Anchors {
		k, _ := schemas.StripOrdinal(schemas.NormalizeLabel(a))
		keys[k] = true
	}
	for i, t := range m.toks {
		if t.Empty || len(t.Text) > 200 {
			continue
		}
		if k, _ := schemas.StripOrdinal(schemas.NormalizeLabel(t.Text)); keys[k] {
			return i
		}
	}
	return -1
}
