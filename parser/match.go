package parser

import (
	"fmt"

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
	// memo caches label lookups by token text (normalizing is the costly part).
	memo map[string][]labelHit
	// sectionFound records the tables that yielded at least one cell.
	sectionFound map[string]bool
}

func newMatcher(form *schemas.Form, toks []Token, reliableGrid bool) *matcher {
	return &matcher{form: form, ix: indexFor(form), toks: toks, reliableGrid: reliableGrid,
		rowsSeen: map[string]map[string]bool{}, sectionFound: map[string]bool{}, memo: map[string][]labelHit{}}
}

// lookup is formIndex.lookup, memoized for this parse.
func (m *matcher) lookup(text string) []labelHit {
	if h, ok := m.memo[text]; ok {
		return h
	}
	h := m.ix.lookup(text)
	m.memo[text] = h
	return h
}

// run matches every section and records cells and structural issues.
func (m *matcher) run() {
	spans := m.sections()
	for si := range m.form.Sections {
		s := &m.form.Sections[si]
		sp, ok := spans[s.Code]
		if !ok {
			m.issue(Issue{Rule: "form.section_missing", Severity: SeverityError, Section: s.Code,
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
			m.issue(Issue{Rule: "form.section_empty", Severity: SeverityError, Section: s.Code,
				Message:  fmt.Sprintf("table %s (%s): heading present but no table cells follow (table left out, or an image)", s.Ordinal, s.Heading),
				Expected: "table", Actual: "no cells"})
			continue
		}
		m.sectionFound[s.Code] = true
		m.checkRowsPresent(s)
	}
}

func (m *matcher) issue(i Issue) { m.issues = append(m.issues, i) }
