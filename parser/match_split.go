package parser

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/govreports/govreports/schemas"
)

// deinterleaved reads a row label that a PDF extraction interleaved with the merged label of its
// row group, line by line: the group label's column and the row label's column printed side by
// side, "（四）无" + "2.没有现成信息需要另" on one line, "法提供" + "行制作" on the next. The first
// token is the group's ordinal and the start of its label, then the row's ordinal and the start
// of its label; the next token (if any) starts with the rest of the group label. It returns the
// row and how many tokens its label took.
func (m *matcher) deinterleaved(s *schemas.Section, i, end int) (labelHit, int, bool) {
	t := m.toks[i]
	if t.Empty || looksLikeValue(t.Text) || len(s.RowGroups) == 0 {
		return labelHit{}, 0, false
	}
	n := m.norm(t.Text)
	if n.ord == "" {
		return labelHit{}, 0, false
	}
	// The next token, past the pipe opening its line ("| 法提供行制作 | 2 | …").
	j := i + 1
	for j < end && m.toks[j].Lead {
		j++
	}
	var next *Token
	if j < end && !m.toks[j].Empty && !looksLikeValue(m.toks[j].Text) && !m.toks[j].Heading && !m.toks[j].HeaderLine {
		next = &m.toks[j]
	}
	for _, rg := range s.RowGroups {
		group := m.norm(rg.Label).rest
		// p: the part of the group label on this line; what follows it must be a row ordinal.
		for p := group; p != ""; p = dropLastRune(p) {
			after, ok := strings.CutPrefix(n.rest, p)
			if !ok {
				continue
			}
			rowRest, rowOrd := schemas.StripOrdinal(after)
			if rowOrd == "" || rowRest == "" {
				continue
			}
			var cands []labelCand
			if next != nil {
				nn := m.norm(next.Text).norm
				if tail := strings.TrimPrefix(group, p); tail != "" && strings.HasPrefix(nn, tail) && len(nn) > len(tail) {
					cands = append(cands, labelCand{rowRest + nn[len(tail):], j - i + 1})
				}
				cands = append(cands, labelCand{rowRest + nn, j - i + 1})
			}
			cands = append(cands, labelCand{rowRest, 1})
			for _, c := range cands {
				// Looked up without the matcher's memo: candidates are made-up texts, and a
				// hostile page of such lines must not grow it.
				for _, h := range m.ix.lookupKey(schemas.NormalizeLabel(c.text), rowOrd) {
					if h.kind != kindRow || h.section != s.Code || !strings.HasPrefix(h.code, rg.Prefix+".") {
						continue
					}
					m.issue(Issue{Rule: RuleLabelInterleaved, Severity: SeverityInfo, Section: s.Code, Row: h.code,
						Message:  fmt.Sprintf("row label %q read from lines interleaved with its group label %q", rowOrd+"."+c.text, rg.Label),
						Expected: h.official, Actual: t.Text})
					return h, c.consumed, true
				}
			}
			break // the longest part of the group label that fits decides
		}
	}
	return labelHit{}, 0, false
}

// labelCand is one reading of an interleaved label and the tokens it takes.
type labelCand struct {
	text     string
	consumed int
}

func dropLastRune(s string) string {
	_, size := utf8.DecodeLastRuneInString(s)
	return s[:len(s)-size]
}
