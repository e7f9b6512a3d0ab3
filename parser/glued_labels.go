package parser

import (
	"strconv"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/govreports/govreports/schemas"
)

// labelLexicon is every label of every form (headings, group labels, header words, columns,
// rows, row groups and their variants and prefixes), normalized as schemas.NormalizeLabel does
// and without ordinals: what a run of glued words is cut into.
type labelLexicon struct {
	root   *lexNode // the labels as a trie over runes
	maxLen int      // in runes
	// ordinals maps a row label to its place in its row group (1.属于国家秘密 is 1): the number a
	// glued dump writes before it, which may run into the digits of the row above.
	ordinals map[string][]int
}

var (
	lexiconOnce sync.Once
	lexicon     *labelLexicon
)

// formLexicon builds the lexicon of the embedded forms once.
func formLexicon(forms []*schemas.Form) *labelLexicon {
	lexiconOnce.Do(func() { lexicon = newLexicon(forms) })
	return lexicon
}

func newLexicon(forms []*schemas.Form) *labelLexicon {
	lx := &labelLexicon{root: &lexNode{}, ordinals: map[string][]int{}}
	add := func(l string) string { return lx.add(l, false) }
	addRow := func(l string) string { return lx.add(l, true) }
	for _, f := range forms {
		for _, l := range append(append(append([]string{}, f.HeaderWords...), f.TrailingHeadings...), f.Markers...) {
			add(l)
		}
		for _, s := range f.Sections {
			lx.heading(add(s.Heading))
			for _, v := range s.HeadingVariants {
				lx.heading(add(v))
			}
			for _, rg := range s.RowGroups {
				add(rg.Label)
			}
			for _, g := range s.Groups {
				add(g.Label)
			}
			for _, c := range s.AllColumns() {
				add(c.Label)
				add(c.Parent)
				for _, v := range c.Variants {
					add(v)
				}
			}
			place := map[string]int{}
			for _, r := range s.AllRows() {
				ord := 0
				if r.Group != "" {
					place[r.Group]++
					ord = place[r.Group]
				}
				for _, l := range append(append([]string{r.Label}, r.Variants...), r.Prefixes...) {
					if k := addRow(l); k != "" && ord > 0 {
						lx.ordinals[k] = append(lx.ordinals[k], ord)
					}
				}
			}
		}
	}
	return lx
}

// add puts a label into the lexicon (normalized, without its ordinal) and returns its key; row
// marks the labels of rows (what a glued row's digits follow).
func (lx *labelLexicon) add(l string, row bool) string {
	k, _ := schemas.StripOrdinal(schemas.NormalizeLabel(l))
	if k == "" {
		return ""
	}
	n := lx.root
	depth := 0
	for _, r := range k {
		if n.next == nil {
			n.next = map[rune]*lexNode{}
		}
		c := n.next[r]
		if c == nil {
			c = &lexNode{}
			n.next[r] = c
		}
		n = c
		depth++
	}
	n.end = true
	n.row = n.row || row
	lx.maxLen = max(lx.maxLen, depth)
	return k
}

// heading marks a label (a key returned by add) as a table's heading.
func (lx *labelLexicon) heading(k string) {
	n := lx.root
	for _, r := range k {
		if n = n.next[r]; n == nil {
			return
		}
	}
	n.heading = true
}

// normRunes normalizes s rune by rune as schemas.NormalizeLabel does, keeping for each output
// rune the byte range of the input rune it came from.
func normRunes(s string, limit int) (out []rune, start, end []int) {
	for i, r := range s {
		if len(out) >= limit {
			break
		}
		size := len(string(r))
		rs := string(r)
		if r >= 0x80 && !norm.NFKC.IsNormalString(rs) {
			rs = norm.NFKC.String(rs)
		}
		for _, c := range rs {
			switch {
			case unicode.IsSpace(c), c == '\u200b', c == '\ufeff', c == '|':
				continue
			case c == '"' || c == '\'' || c == '“' || c == '”' || c == '‘' || c == '’' || c == '「' || c == '」':
				continue
			case c == '【' || c == '〔' || c == '[':
				c = '('
			case c == '】' || c == '〕' || c == ']':
				c = ')'
			case c == '、' || c == '，' || c == '；' || c == ';':
				c = ','
			}
			out = append(out, c)
			start = append(start, i)
			end = append(end, i+size)
		}
	}
	return out, start, end
}

// gluedSegmentMax: runs of words longer than this (in runes) are prose, never cut.
const gluedSegmentMax = 240

// segmentMinCover is the share of a run of words that labels must cover for it to be cut into
// them: below it, the text is prose that mentions labels ("设立规范性文件库，集中公开现行有效行政规范性
// 文件698件"), kept whole. Runs of table labels are covered all but their ordinals and remarks.
const segmentMinCover = 0.7

// segment cuts a run of words into the labels it is made of, left to right, each the longest
// label (with its ordinal, if one precedes it) starting where the last ended; text between
// labels is a segment of its own. It returns byte ranges of s, and false when labels cover too
// little of s (or s is prose: too long, or made of sentences).
func (lx *labelLexicon) segment(s string) ([][2]int, bool) {
	if strings.Contains(s, "。") || len(s) > gluedSegmentMax*4 {
		return nil, false
	}
	rs, starts, ends := normRunes(s, gluedSegmentMax+1)
	if len(rs) == 0 || len(rs) > gluedSegmentMax {
		return nil, false
	}
	var segs [][2]int
	covered := 0
	gap := -1 // start (rune index) of the text since the last label
	flushGap := func(to int) {
		if gap >= 0 && to > gap {
			segs = append(segs, [2]int{starts[gap], ends[to-1]})
		}
		gap = -1
	}
	for i := 0; i < len(rs); {
		if n := lx.matchAt(rs, i); n > 0 {
			flushGap(i)
			segs = append(segs, [2]int{starts[i], ends[i+n-1]})
			covered += n
			i += n
			continue
		}
		if gap < 0 {
			gap = i
		}
		i++
	}
	flushGap(len(rs))
	if float64(covered) < segmentMinCover*float64(len(rs)) {
		return nil, false
	}
	if len(segs) == 1 {
		return [][2]int{{0, len(s)}}, true
	}
	// The first and last segments reach the ends of s (white space and quotes dropped by the
	// normalization belong to them).
	segs[0][0] = 0
	segs[len(segs)-1][1] = len(s)
	return segs, true
}

// matchAt returns the length in runes of the longest label (ordinal included) starting at rs[i],
// or 0. A heading without its ordinal counts only at the start of the words (see lexNode).
func (lx *labelLexicon) matchAt(rs []rune, i int) int {
	if o := ordinalLen(rs[i:]); o > 0 {
		if n, _ := lx.longest(rs, i+o); n > 0 {
			return o + n
		}
	}
	n, heading := lx.longest(rs, i)
	if heading && i > 0 {
		return 0
	}
	return n
}

// longest returns the length of the longest label starting at rs[i] (0 if none), and whether
// that label is a table's heading.
func (lx *labelLexicon) longest(rs []rune, i int) (int, bool) {
	best, heading := 0, false
	n := lx.root
	for j := i; j < len(rs) && n != nil; j++ {
		n = n.next[rs[j]]
		if n != nil && n.end {
			best, heading = j-i+1, n.heading
		}
	}
	return best, heading
}

// lexNode is a node of the label trie.
type lexNode struct {
	next map[rune]*lexNode
	end  bool // a label ends here
	row  bool // a row's label ends here
	// heading: a table's heading ends here. Inside a run of words it is a heading only with
	// its ordinal (二、主动公开政府信息情况); "…全区共主动公开政府信息14571条" is prose.
	heading bool
}

// ordinalLen is the length of an ordinal at the start of normalized runes: (一) (1) 一, 1. 1)
// with at most three numerals, or 0.
func ordinalLen(rs []rune) int {
	isOrd := func(r rune) bool { return strings.ContainsRune("一二三四五六七八九十0123456789", r) }
	if len(rs) > 2 && rs[0] == '(' {
		j := 1
		for j < len(rs) && j <= 3 && isOrd(rs[j]) {
			j++
		}
		if j > 1 && j < len(rs) && rs[j] == ')' {
			return j + 1
		}
		return 0
	}
	j := 0
	for j < len(rs) && j < 3 && isOrd(rs[j]) {
		j++
	}
	if j > 0 && j < len(rs) && (rs[j] == '.' || rs[j] == ',' || rs[j] == ')') {
		return j + 1
	}
	return 0
}

// ordinalDigits says how many of the last digits of a run are the ordinal of the label after it
// (after starts with the stop: ".其他法律行政法规禁止公开"): the number of that row in its row
// group when the run ends with it, else one digit (no row group of the forms has ten rows). 0
// when the digit before the stop cannot be an ordinal (0).
func (lx *labelLexicon) ordinalDigits(run, after string) int {
	_, size := firstRune(after)
	rs, _, _ := normRunes(after[size:], lx.maxLen)
	if n, _ := lx.longest(rs, 0); n > 0 {
		for _, ord := range lx.ordinals[string(rs[:n])] {
			o := strconv.Itoa(ord)
			if strings.HasSuffix(run, o) {
				return len(o)
			}
		}
	}
	if run[len(run)-1] == '0' {
		return 0
	}
	return 1
}

func firstRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}
