package parser

import (
	"unicode/utf8"

	"github.com/govreports/govreports/schemas"
)

// fuzzyMin is the least similarity (2·LCS / total length, over normalized labels) at which an
// unknown label is read as a row of the form. 0.8 accepts a changed or missing character in a
// label of ten, not a different row: the rows of a section differ far more than that.
const fuzzyMin = 0.8

// fuzzyRow finds the one row of the section, not yet seen, closest to a label.
func (m *matcher) fuzzyRow(s *schemas.Section, text string, seen map[string]bool) (labelHit, float64, bool) {
	k, _ := schemas.StripOrdinal(schemas.NormalizeLabel(text))
	n := utf8.RuneCountInString(k)
	if n < 4 || n > 60 {
		return labelHit{}, 0, false
	}
	var best labelHit
	bestScore, second := 0.0, 0.0
	for gi, r := range s.AllRows() {
		if seen[r.Code] || r.Label == "" {
			continue
		}
		for _, l := range append([]string{r.Label}, r.Variants...) {
			lk, _ := schemas.StripOrdinal(schemas.NormalizeLabel(l))
			sc := similarity(k, lk)
			switch {
			case sc > bestScore:
				second = bestScore
				bestScore = sc
				best = labelHit{kind: kindRow, section: s.Code, group: rowGroupIndex(s, gi), code: r.Code, official: r.Label}
			case sc > second && best.code != r.Code:
				second = sc
			}
		}
	}
	// Close enough, and clearly closer to one row than to any other.
	if bestScore >= fuzzyMin && bestScore-second >= 0.1 {
		return best, bestScore, true
	}
	return labelHit{}, 0, false
}

// rowGroupIndex is the index of the group holding the i-th row of AllRows (-1 without groups).
func rowGroupIndex(s *schemas.Section, i int) int {
	for gi, g := range s.Groups {
		if i < len(g.Rows) {
			return gi
		}
		i -= len(g.Rows)
	}
	return -1
}

// similarity is 2·LCS(a, b) / (|a| + |b|) over runes: 1 for equal strings.
func similarity(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	if len(ra) == 0 || len(rb) == 0 {
		return 0
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			switch {
			case ra[i-1] == rb[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return 2 * float64(prev[len(rb)]) / float64(len(ra)+len(rb))
}
