package pdf

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// line is a run of characters on one baseline, left to right.
type line struct {
	chars                    []Char
	left, right, top, bottom float64
}

func (l *line) height() float64 { return l.top - l.bottom }

// groupLines puts characters into lines: sorted top to bottom, a character joins the current
// line when its vertical centre is within half a character height of the line's. Characters
// printed one under the other (a vertical label) are lines of one character each.
func groupLines(chars []Char) []*line {
	cs := slices.Clone(chars)
	slices.SortStableFunc(cs, func(a, b Char) int { return cmpF(b.Top+b.Bottom, a.Top+a.Bottom) })
	var out []*line
	for _, c := range cs {
		cy := (c.Top + c.Bottom) / 2
		h := math.Max(c.Top-c.Bottom, 1)
		if n := len(out); n > 0 {
			l := out[n-1]
			ly := (l.top + l.bottom) / 2
			if math.Abs(cy-ly) <= math.Max(h, l.height())*0.5 {
				l.chars = append(l.chars, c)
				l.left, l.right = math.Min(l.left, c.Left), math.Max(l.right, c.Right)
				l.top, l.bottom = math.Max(l.top, c.Top), math.Min(l.bottom, c.Bottom)
				continue
			}
		}
		out = append(out, &line{chars: []Char{c}, left: c.Left, right: c.Right, top: c.Top, bottom: c.Bottom})
	}
	for _, l := range out {
		slices.SortStableFunc(l.chars, func(a, b Char) int { return cmpF(a.Left, b.Left) })
		l.chars = dropOverprint(l.chars)
	}
	return out
}

// dropOverprint removes a character drawn again over itself, slightly shifted: how WPS and
// some printers make bold text ("一一、、" otherwise).
func dropOverprint(cs []Char) []Char {
	out := cs[:0]
	for _, c := range cs {
		if n := len(out); n > 0 {
			p := out[n-1]
			w := math.Max(p.Right-p.Left, 1)
			if p.Text == c.Text && c.Text != " " && math.Abs(c.Left-p.Left) < 0.3*w && math.Abs(c.Bottom-p.Bottom) < 0.3*w {
				continue
			}
		}
		out = append(out, c)
	}
	return out
}

// text is the line's characters, with a space where a gap wider than half a character
// separates two of them and PDFium gave none.
func (l *line) text() string {
	var b strings.Builder
	h := math.Max(l.height(), 1) // the line's: a full stop's own box is a point high
	for i, c := range l.chars {
		if i > 0 {
			p := l.chars[i-1]
			gap := c.Left - p.Right
			if gap > 0.5*h && p.Text != " " && c.Text != " " {
				b.WriteByte(' ')
			}
		}
		b.WriteString(c.Text)
	}
	return strings.TrimSpace(b.String())
}

// segments splits the line where a gap wider than gapFactor character heights separates
// characters: the columns of an unruled table.
func (l *line) segments(gapFactor float64) []*line {
	var out []*line
	var cur *line
	// The line's height, not the character's: a full stop's box is a point high.
	h := math.Max(l.height(), 1)
	for _, c := range l.chars {
		if c.Text == " " || c.Text == "\u3000" {
			continue
		}
		if cur == nil || c.Left-cur.right > gapFactor*h {
			cur = &line{left: c.Left, right: c.Right, top: c.Top, bottom: c.Bottom}
			out = append(out, cur)
		}
		cur.chars = append(cur.chars, c)
		cur.right = math.Max(cur.right, c.Right)
		cur.top, cur.bottom = math.Max(cur.top, c.Top), math.Min(cur.bottom, c.Bottom)
	}
	return out
}

// joinLines joins the lines of one cell or paragraph: a label broken over lines is one label.
// Between two CJK characters nothing is inserted (Chinese has no spaces); elsewhere a space.
func joinLines(lines []string) string {
	var b strings.Builder
	for _, s := range lines {
		if s == "" {
			continue
		}
		if b.Len() > 0 {
			last, _ := utf8.DecodeLastRuneInString(b.String())
			first, _ := utf8.DecodeRuneInString(s)
			if last < 0x2E80 || first < 0x2E80 {
				b.WriteByte(' ')
			}
		}
		b.WriteString(s)
	}
	return b.String()
}
