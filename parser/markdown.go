package parser

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text that other tools extracted from report PDFs (pdfminer- or OCR-style output, often written
// as markdown) carries marks that are no text of the report: heading marks (## 表二：…), bold
// (**…**), markdown table rules (|---|), and the page numbers of the PDF (— 5 —) between the
// lines of a table. The helpers here tell them apart so that textTokens keeps the words only.

// lineKind is what one line of a text dump is, before it is split into tokens.
type lineKind int

const (
	lineText     lineKind = iota
	lineBlank             // nothing but white space
	linePageMark          // "— 5 —", "- 12 -", "第 3 页": a page number of the PDF
	lineRule              // |---|:--:|: a markdown table's separator
)

// classifyLine tells page marks and markdown rules from text.
func classifyLine(l string) lineKind {
	t := strings.TrimSpace(l)
	switch {
	case t == "":
		return lineBlank
	case isPageMark(t):
		return linePageMark
	case strings.Contains(t, "---") && strings.Contains(t, "|") && isRuleLine(t):
		return lineRule
	}
	return lineText
}

// isRuleLine: every field between pipes is a markdown rule (---, :---:) or empty, one at least a rule.
func isRuleLine(t string) bool {
	rule := false
	for _, f := range strings.Split(t, "|") {
		f = strings.TrimSpace(f)
		switch {
		case f == "":
		case isMarkdownRule(f):
			rule = true
		default:
			return false
		}
	}
	return rule
}

// isPageMark reads a page number set between dashes ("— 5 —", "－ 12 －", "- 3 -") or written
// "第 5 页" / "第5页 共9页". A bare number is no page mark: in dumps of one cell per paragraph it
// is a value.
func isPageMark(t string) bool {
	if moreRunesThan(t, 16) {
		return false
	}
	if strings.HasPrefix(t, "第") && strings.Contains(t, "页") {
		rest := strings.NewReplacer("第", "", "页", "", "共", "", " ", "", "/", "").Replace(t)
		return rest != "" && strings.Trim(rest, "0123456789") == ""
	}
	first, _ := utf8.DecodeRuneInString(t)
	if !isDashRune(first) || !isDashRune(lastRune(t)) {
		return false
	}
	core := strings.TrimFunc(t, isDash)
	return core != "" && strings.Trim(core, "0123456789") == ""
}

func isDash(r rune) bool { return isDashRune(r) || unicode.IsSpace(r) }

func isDashRune(r rune) bool { return strings.ContainsRune("—–-－─", r) }

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// stripMarkdown removes markdown marks from a line: a heading's leading #s and bold **. heading
// says the line was a heading. Only a heading in the report's own words counts: "# MADE FIXTURE"
// (a note in English at the top of a file) is left as it is.
func stripMarkdown(l string) (out string, heading bool) {
	t := strings.TrimLeft(l, " \t")
	if strings.HasPrefix(t, "#") {
		rest := strings.TrimLeft(t, "#")
		if r, _ := utf8.DecodeRuneInString(rest); len(t)-len(rest) <= 6 && (r == ' ' || r >= 0x80) {
			body := strings.TrimLeft(rest, " ")
			if r, _ := utf8.DecodeRuneInString(strings.TrimPrefix(body, "**")); r >= 0x80 || unicode.IsDigit(r) || r == '(' {
				l, heading = body, true
			}
		}
	}
	if strings.Contains(l, "**") {
		l = strings.ReplaceAll(l, "**", "")
	}
	return l, heading
}

// reTableNumber is the numbering "表二：", "表 3 " a heading gives its table. Tools and bodies
// number the tables differently (表一 for the first statistical table, 表二 for 二、…), so the
// number says nothing of which table it is: the words after it do.
var reTableNumber = regexp.MustCompile(`^表\s*(?:[一二三四五六七八九十]{1,2}|[0-9]{1,2})\s*[：:、.．]?\s*`)

// dropTableNumber removes that numbering from a heading ("## 表二：主动公开政府信息情况").
func dropTableNumber(l string) string {
	t := strings.TrimSpace(l)
	loc := reTableNumber.FindStringIndex(t)
	if loc == nil || loc[1] == len(t) {
		return l
	}
	if r, _ := utf8.DecodeRuneInString(t[loc[1]:]); r < 0x80 {
		return l
	}
	return t[loc[1]:]
}

// headerFields returns the text fields of a pipe line when every one is a word (no value): a
// table's header. nil otherwise.
func headerFields(l string) []string {
	var out []string
	for i, f := range strings.Split(l, "|") {
		f = strings.TrimSpace(f)
		if f == "" {
			if i == 0 {
				continue // the pipe opening the line
			}
			out = append(out, "")
			continue
		}
		if looksLikeValue(f) {
			return nil
		}
		out = append(out, foldSpace(f))
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
