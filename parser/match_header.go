package parser

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/govreports/govreports/schemas"
)

// headerArea records which column labels a table header shows.
type headerArea struct {
	group int
	seen  map[string]bool
	any   bool // some header text was recognized: the header is there, so absences count
	// closed: a row label followed the header. A header the page ends in (cut off) is not judged.
	closed bool
}

// note marks the columns a header cell names: by label or variant, or by a truncation of at least
// two characters (本年新 for 本年新制作数量, 商业 for 商业企业 split over two lines). A text line
// may hold several header words separated by single spaces ("商业企业 科研机构 其他" in text
// out of a PDF): each one is noted too.
func (a *headerArea) note(m *matcher, s *schemas.Section, t Token) {
	if !m.reliableGrid && strings.IndexByte(t.Text, ' ') >= 0 {
		for _, f := range strings.Fields(t.Text) {
			u := t
			u.Text = f
			a.noteOne(m, s, u)
		}
	}
	a.noteOne(m, s, t)
}

func (a *headerArea) noteOne(m *matcher, s *schemas.Section, t Token) {
	for _, h := range m.lookup(t.Text) {
		switch {
		case h.kind == kindColumn && h.section == s.Code:
			a.seen[h.code] = true
			a.any = true
		case h.kind == kindHeaderWord:
			a.any = true
		}
	}
	k := m.norm(t.Text).rest
	if utf8.RuneCountInString(k) < 2 || looksLikeValue(t.Text) {
		return
	}
	found := false
	for _, c := range a.columns(s) {
		if strings.HasPrefix(m.norm(c.Label).norm, k) {
			a.seen[c.Code] = true
			a.any = true
			found = true
		}
	}
	if !found && !m.reliableGrid {
		a.noteGlued(m, s, k)
	}
}

// noteGlued reads a header line that a PDF extraction glued together from the lines of several
// narrow header cells ("社会法律" from 社会/公益/组织 and 法律/服务/机构, "公益服务其他"): when the
// text splits into pieces of two characters or more, each inside the label of exactly one column
// (or naming none, as 机构 of 科研机构 and 法律服务机构), those columns are shown.
func (a *headerArea) noteGlued(m *matcher, s *schemas.Section, k string) {
	rs := []rune(k)
	if len(rs) > 12 {
		return
	}
	cols := a.columns(s)
	owner := func(piece string) (code string, known bool) {
		for _, c := range cols {
			if strings.Contains(m.norm(c.Label).norm, piece) {
				if known {
					return "", true // in several labels: says nothing
				}
				code, known = c.Code, true
			}
		}
		return code, known
	}
	// reach[i]: the columns named by a split of rs[:i] into known pieces (nil: no split).
	reach := make([][]string, len(rs)+1)
	reach[0] = []string{}
	for i := 0; i < len(rs); i++ {
		if reach[i] == nil {
			continue
		}
		for j := i + 2; j <= len(rs) && j <= i+6; j++ {
			code, known := owner(string(rs[i:j]))
			if !known || reach[j] != nil {
				continue
			}
			named := append([]string{}, reach[i]...)
			if code != "" {
				named = append(named, code)
			}
			reach[j] = named
		}
	}
	for _, code := range reach[len(rs)] {
		a.seen[code] = true
		a.any = true
	}
}

func (a *headerArea) columns(s *schemas.Section) []schemas.Column {
	if a.group >= 0 && a.group < len(s.Groups) {
		return s.Groups[a.group].Columns
	}
	return s.Columns
}

// checkColumns reports the columns a present header does not show: the values of the rows below
// are then likely shifted into the wrong columns.
func (m *matcher) checkColumns(s *schemas.Section, areas []*headerArea) {
	for _, a := range areas {
		if !a.any || !a.closed {
			continue
		}
		for _, c := range a.columns(s) {
			if !a.seen[c.Code] {
				m.issue(Issue{Rule: RuleFormColumnMissing, Severity: SeverityWarning, Section: s.Code, Col: c.Code,
					Message:  fmt.Sprintf("the table header has no column %s (%s): values of the rows below may stand in the wrong columns", c.Code, c.Label),
					Expected: c.Label, Actual: ""})
			}
		}
	}
}

// isHeaderText tells whether a token is (part of) a header label of the section, including
// labels cut short by a broken page (结果 for 结果纠正).
func (m *matcher) isHeaderText(s *schemas.Section, text string) bool {
	for _, h := range m.lookup(text) {
		if h.kind == kindHeaderWord || h.kind == kindColumn || h.kind == kindSection {
			return true
		}
	}
	k := m.norm(text).rest
	if k == "" || looksLikeValue(text) {
		return false
	}
	for _, c := range s.Columns {
		if strings.HasPrefix(m.norm(c.Label).norm, k) || strings.HasPrefix(m.norm(c.Parent).norm, k) {
			return true
		}
	}
	return false
}

// labelFits: a form label l and a header h (as compared) are one, or one starts the other.
func (m *matcher) labelFits(l, h string) bool {
	n := m.norm(l).rest
	return n != "" && (n == h || strings.HasPrefix(n, h) || strings.HasPrefix(h, n))
}

// headerFits tells whether a header text above a value belongs to the expected column: its own
// label, a variant, its parent, a truncation of either, or a header word.
func (m *matcher) headerFits(s *schemas.Section, c schemas.Column, header string) bool {
	h := m.norm(header).rest
	if h == "" {
		return true
	}
	if m.labelFits(c.Label, h) || m.labelFits(c.Parent, h) {
		return true
	}
	for _, l := range c.Variants {
		if m.labelFits(l, h) {
			return true
		}
	}
	for _, hit := range m.lookup(header) {
		if hit.kind == kindHeaderWord || hit.kind == kindGroup || hit.kind == kindSection {
			return true
		}
	}
	return false
}
