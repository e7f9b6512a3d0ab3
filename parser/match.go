package parser

import (
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/govreports/govreports/schemas"
)

// maxCellRunes: a non-numeric token longer than this is prose, not a cell holding text.
const maxCellRunes = 16

// matcher walks a form over a token stream (step 2 of table reading, shared by every format).
type matcher struct {
	form *schemas.Form
	ix   *formIndex
	toks []Token
	// reliableGrid is true for HTML: empty cells are real cells and Header is filled.
	reliableGrid bool

	cells  []Cell
	issues []Issue
	// rowsSeen records which rows of which section were found (section → row → true).
	rowsSeen map[string]map[string]bool
	// sectionFound records the tables that yielded at least one cell.
	sectionFound map[string]bool
	// norms caches normalized labels (see norm).
	norms *labelNorms
	// valueCols records the grid columns (table, col) that hold a value somewhere (HTML).
	valueCols map[[2]int]bool
	// gluedMode: the tokens come from a glued dump; rows whose values are fewer runs of digits
	// than columns are deferred to the splitter (glued*.go) and kept in glued.
	gluedMode bool
	glued     []*gluedRow
	// lastText is the offset of the page's last token with text (see endsText).
	lastText int
	// colNames, colNameCol: placeByHeader's scratch (column names as compared, their columns).
	colNames   []string
	colNameCol []int
}

func newMatcher(form *schemas.Form, toks []Token, reliableGrid bool, norms *labelNorms) *matcher {
	m := &matcher{form: form, ix: indexFor(form), toks: toks, reliableGrid: reliableGrid,
		rowsSeen: map[string]map[string]bool{}, sectionFound: map[string]bool{},
		norms: norms}
	for _, t := range toks {
		if !t.Empty && t.Offset > m.lastText {
			m.lastText = t.Offset
		}
	}
	if reliableGrid {
		m.valueCols = map[[2]int]bool{}
		for _, t := range toks {
			if t.InTable && !t.Empty && valueLike(t.Text) {
				m.valueCols[[2]int{t.Table, t.Col}] = true
			}
		}
	}
	return m
}

// isFiller tells an empty cell that is no cell of the form: one with no header above it, in a
// grid column that holds no value anywhere in its table. Web editors that drop rowspan/colspan
// write every merged slot as an empty <td> of its own ("（一）予以公开 | | 5 | 2 …" where the
// label spanned two columns); such a cell is part of a label, not a blank value. A blank column
// of the form (总计 left empty throughout) still has its header, so it is not filler.
// addCell appends a cell, into room for the whole form at the first (a page's cells grew the
// slice a dozen times). No cell leaves m.cells nil, as before.
func (m *matcher) addCell(c Cell) {
	if m.cells == nil {
		m.cells = make([]Cell, 0, m.ix.cells)
	}
	m.cells = append(m.cells, c)
}

func (m *matcher) isFiller(t Token) bool {
	return m.reliableGrid && t.Empty && t.Header == "" && !m.valueCols[[2]int{t.Table, t.Col}]
}

// normLabel is a label as compared: normalized (schemas.NormalizeLabel), and split into its
// ordinal prefix and the rest (schemas.StripOrdinal).
type normLabel struct{ norm, rest, ord string }

// labelNorms memoizes normalized labels: the same cell texts are read by the form detector and
// the matcher, the same header and column labels compared for every value of a table, and
// normalizing is the costly part of matching. One lives for many parses (labelCaches): most
// labels are the form's, the same on every page, and were normalized for an earlier page.
type labelNorms struct {
	m     map[string]*labelEntry
	bytes int // of the keys
}

// labelEntry is what is known of one text: its normalized form and, for the form index it was
// last looked up in, its meanings there (the label lookup, which depends on the text and the
// form only).
type labelEntry struct {
	n    normLabel
	ix   *formIndex
	hits []labelHit
}

// Bounds of what a cache keeps from one page to the next (recycleNorms).
const (
	maxCachedLabels     = 1 << 13
	maxCachedLabelBytes = 1 << 20
)

// labelCaches holds a cache per worker at a time (a sync.Pool keeps them per processor).
var labelCaches = sync.Pool{New: func() any { return newLabelNorms() }}

func newLabelNorms() *labelNorms { return &labelNorms{m: make(map[string]*labelEntry, 512)} }

func (ns *labelNorms) get(s string) normLabel { return ns.entry(s).n }

func (ns *labelNorms) entry(s string) *labelEntry {
	if e, ok := ns.m[s]; ok {
		return e
	}
	// Kept past this page: the key copied, and normalized from the copy, so that neither the
	// key nor the results (often slices of their input) keep the page alive.
	s = strings.Clone(s)
	e := &labelEntry{n: normalizeLabel(s)}
	ns.m[s] = e
	ns.bytes += len(s)
	return e
}

// recycleNorms gives a cache back for another page, emptied first when it has grown past its
// bounds (a page of a hundred thousand distinct cells must not stay in memory).
func recycleNorms(ns *labelNorms) {
	if len(ns.m) > maxCachedLabels || ns.bytes > maxCachedLabelBytes {
		*ns = *newLabelNorms()
	}
	labelCaches.Put(ns)
}

// normalizeLabel is s as compared (labelNorms.get memoizes it).
func normalizeLabel(s string) normLabel {
	n := normLabel{norm: schemas.NormalizeLabel(s)}
	n.rest, n.ord = schemas.StripOrdinal(n.norm)
	if n.ord == "" {
		if ord, rest, ok := spacedOrdinal(s); ok {
			n.ord, n.rest = ord, schemas.NormalizeLabel(rest)
		}
	}
	return n
}

// spacedOrdinal reads an ordinal followed by a space instead of a stop ("3 其他", "2 重复申请"):
// list numbering turned into text. Normalizing removes the space, and "3其他" is no label. One
// or two numerals only: "2022 年" is a year, not an ordinal.
func spacedOrdinal(s string) (ord, rest string, ok bool) {
	s = strings.TrimSpace(s)
	i, n := 0, 0
	for i < len(s) && n <= 2 {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !strings.ContainsRune("0123456789一二三四五六七八九十", r) {
			break
		}
		i += size
		n++
	}
	if n == 0 || n > 2 || i == len(s) {
		return "", "", false
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	if r != ' ' && r != '\u3000' && r != '\u00a0' {
		return "", "", false
	}
	rest = strings.TrimSpace(s[i+size:])
	if rest == "" || strings.ContainsAny(rest[:1], "0123456789") {
		return "", "", false // "1 0 0": numbers, not a label
	}
	return schemas.NormalizeLabel(s[:i]), rest, true
}

func (m *matcher) norm(s string) normLabel { return m.norms.get(s) }

// lookup is formIndex.lookupKey of a text, memoized with its normalized form (labelNorms).
func (m *matcher) lookup(text string) []labelHit {
	e := m.norms.entry(text)
	if e.ix != m.ix {
		e.ix, e.hits = m.ix, m.ix.lookupKey(e.n.rest, e.n.ord)
	}
	return e.hits
}

// run matches every section and records cells and structural issues.
func (m *matcher) run() {
	spans := m.sections()
	for si := range m.form.Sections {
		s := &m.form.Sections[si]
		sp, ok := spans[s.Code]
		if !ok {
			m.issue(Issue{Rule: RuleFormSectionMissing, Severity: SeverityError, Section: s.Code,
				Message:  fmt.Sprintf("table %s (%s) not found in the page", s.Ordinal, s.Heading),
				Expected: s.Heading, Actual: ""})
			continue
		}
		before := len(m.cells)
		if len(s.Rows) == 1 && s.Rows[0].Label == "" {
			m.walkSingleRow(s, sp)
		} else {
			m.walkRows(s, sp)
		}
		if len(m.cells) == before {
			m.issue(Issue{Rule: RuleFormSectionEmpty, Severity: SeverityError, Section: s.Code,
				Message:  fmt.Sprintf("table %s (%s): heading present but no table cells follow (table left out, or an image)", s.Ordinal, s.Heading),
				Expected: "table", Actual: "no cells"})
			continue
		}
		m.sectionFound[s.Code] = true
		m.checkRowsPresent(s)
	}
}

func (m *matcher) issue(i Issue) { m.issues = append(m.issues, i) }
