package parser

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/govreports/govreports/schemas"
)

// spamHit is one place injected text stands in the decoded page: bytes [start, end).
type spamHit struct{ start, end int }

// findSpamHits finds every place injected gambling text stands in the decoded page, in order.
func findSpamHits(doc string, rules *schemas.SpamRules) []spamHit {
	var hits []spamHit
	overlaps := func(s, e int) bool {
		for _, h := range hits {
			if s < h.end && e > h.start {
				return true
			}
		}
		return false
	}
	sn := needlesFor(rules)
	occ := sn.find(doc) // every brand and keyword, in one pass
	for k, b := range rules.Brands {
		for _, i := range occ[k] {
			hits = append(hits, spamHit{i, i + len(b)})
		}
	}
	for pi, p := range rules.Patterns {
		first := sn.first[pi]
		for _, w := range windowsAround(doc, p.Keywords, occ[first:first+len(p.Keywords)]) {
			for _, loc := range p.Compiled.FindAllStringIndex(doc[w[0]:w[1]], -1) {
				s, e := w[0]+loc[0], w[0]+loc[1]
				s += rules.Trim(doc[s:e])
				if p.Matches(doc[s:e]) && !overlaps(s, e) {
					hits = append(hits, spamHit{s, e})
				}
			}
		}
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].start < hits[j].start })
	return hits
}

// spamIssues reports the hits: one issue per distinct string, with the first span and the count
// of places it stands in.
func spamIssues(doc string, hits []spamHit) []Issue {
	byText := map[string][]spamHit{}
	var order []string
	for _, h := range hits {
		t := doc[h.start:h.end]
		if _, ok := byText[t]; !ok {
			order = append(order, t)
		}
		byText[t] = append(byText[t], h)
	}
	var issues []Issue
	for _, t := range order {
		hs := byText[t]
		var offs []string
		for _, h := range hs {
			offs = append(offs, fmt.Sprint(h.start))
		}
		issues = append(issues, Issue{
			Rule: RuleContentSpam, Severity: SeverityWarning,
			Message: fmt.Sprintf("injected gambling text %q in %d place(s) (byte offsets %s): the page is a tampered copy, suspect mirror",
				t, len(hs), strings.Join(offs, ", ")),
			Expected: "", Actual: t,
			Span: &Span{Start: hs[0].start, End: hs[0].end, Text: t},
		})
	}
	return issues
}

// findSpam reports injected gambling text in the decoded page (findSpamHits, then spamIssues).
func findSpam(doc string, rules *schemas.SpamRules) []Issue {
	return spamIssues(doc, findSpamHits(doc, rules))
}

// withoutSpam returns the tokens as the table matcher should read them: injected text removed
// from the tokens it stands in, and tokens that were nothing but injected text dropped. Mirrors
// put spam lines between the cells of a table ("3 |" / "澳门太阳城赌城-【官网娱乐网站】" / "0 |"): read
// as a cell, such a line ends a row early or stands where a number belongs. toks is not changed
// (the title and the article text keep what the page says); without hits it is returned as is.
func withoutSpam(toks []Token, hits []spamHit, rules *schemas.SpamRules) []Token {
	if len(hits) == 0 {
		return toks
	}
	out := make([]Token, 0, len(toks))
	for _, t := range toks {
		if t.Empty || t.Offset < 0 || !overlapsHit(hits, t.Offset, t.Offset+len(t.Text)) {
			out = append(out, t)
			continue
		}
		t.Text = strings.TrimSpace(stripSpam(t.Text, rules))
		if t.Text != "" {
			out = append(out, t)
		}
	}
	return out
}

// overlapsHit tells whether [start, end) overlaps a hit. A page has a handful of hits at most.
func overlapsHit(hits []spamHit, start, end int) bool {
	for _, h := range hits {
		if h.start < end && start < h.end {
			return true
		}
	}
	return false
}

// spamWindow is how far around a keyword a spam pattern may reach (bytes; ~40 Han characters).
const spamWindow = 120

// keywordWindows returns the merged byte ranges around every keyword occurrence, aligned to
// rune boundaries, so the patterns run only where they can match.
func keywordWindows(doc string, keywords []string) [][2]int {
	return windowsAround(doc, keywords, findNeedles(doc, keywords))
}

// windowsAround is keywordWindows given the occurrences of each keyword (occ[k] for
// keywords[k], as findNeedles returns them).
func windowsAround(doc string, keywords []string, occ [][]int) [][2]int {
	var ws [][2]int
	for k, starts := range occ {
		for _, i := range starts {
			s, e := max(0, i-spamWindow), min(len(doc), i+len(keywords[k])+spamWindow)
			for s > 0 && !utf8.RuneStart(doc[s]) {
				s--
			}
			for e < len(doc) && !utf8.RuneStart(doc[e]) {
				e++
			}
			ws = append(ws, [2]int{s, e})
		}
	}
	sort.Slice(ws, func(i, j int) bool { return ws[i][0] < ws[j][0] })
	var merged [][2]int
	for _, w := range ws {
		if n := len(merged); n > 0 && w[0] <= merged[n-1][1] {
			merged[n-1][1] = max(merged[n-1][1], w[1])
			continue
		}
		merged = append(merged, w)
	}
	return merged
}

// stripSpam removes spam spans from a string (for ids and agency names).
func stripSpam(s string, rules *schemas.SpamRules) string {
	for _, b := range rules.Brands {
		s = strings.ReplaceAll(s, b, "")
	}
	for _, p := range rules.Patterns {
		if len(keywordWindows(s, p.Keywords)) > 0 {
			s = p.Compiled.ReplaceAllStringFunc(s, func(m string) string {
				n := rules.Trim(m)
				if p.Matches(m[n:]) {
					return m[:n]
				}
				return m
			})
		}
	}
	return s
}
