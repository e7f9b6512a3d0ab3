// Package schemas holds the form versions of the annual report tables and the ClickHouse DDL as
// data, embedded in the binary and loaded once. Code never branches on a version string: it
// walks these structures.
package schemas

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

//go:embed forms/*.yaml
var formFiles embed.FS

// Form is one version of the statistical tables.
type Form struct {
	Version   string   `yaml:"version"`
	IssuedBy  string   `yaml:"issued_by"`
	FirstYear int      `yaml:"first_year"`
	LastYear  int      `yaml:"last_year"` // 0: still in use
	Markers   []string `yaml:"markers"`
	// TrailingHeadings are the headings after the tables (五、存在的主要问题…): they end the last table.
	TrailingHeadings []string `yaml:"trailing_headings"`
	// TrailingOrdinals: a short line numbered with one of these ("五、…") ends the tables.
	TrailingOrdinals []string `yaml:"trailing_ordinals"`
	// HeaderWords appear in table headers but are neither columns nor rows.
	HeaderWords []string   `yaml:"header_words"`
	Sections    []Section  `yaml:"sections"`
	Identities  []Identity `yaml:"identities"`
	// Statements are figures the reports' prose commonly states for a cell (used by the reader of
	// glued text dumps to choose between splits the identities leave open).
	Statements []Statement `yaml:"statements"`
}

// Statement is a sentence of a report's prose that states one cell's figure
// ("集中公开现行有效行政规范性文件698件"): Pattern is a regular expression whose first group is the
// number. A stated figure is evidence, never a cell's source: the text may state it for another
// scope, so it only chooses between candidates that the table itself allows.
type Statement struct {
	Section string `yaml:"section"`
	Row     string `yaml:"row"`
	Col     string `yaml:"col"`
	Pattern string `yaml:"pattern"`
	// Re is Pattern compiled when the form is loaded.
	Re *regexp.Regexp `yaml:"-"`
}

// Section is one of the three tables (active, requests, appeals).
type Section struct {
	Code            string   `yaml:"code"`
	Heading         string   `yaml:"heading"`
	Ordinal         string   `yaml:"ordinal"`
	HeadingVariants []string `yaml:"heading_variants"`
	// HeadingKeywords: a short line with the table's ordinal ("四、") containing one of these is
	// its heading when no exact heading is in the page (wordings vary between bodies).
	HeadingKeywords []string `yaml:"heading_keywords"`
	// Anchors are labels that start the table when the page leaves its heading out.
	Anchors   []string   `yaml:"anchors"`
	Groups    []Group    `yaml:"groups"`     // active: one header per group of rows
	Columns   []Column   `yaml:"columns"`    // requests, appeals: one header for the section
	RowGroups []RowGroup `yaml:"row_groups"` // labels that only head rows
	Rows      []Row      `yaml:"rows"`
}

// Group is a block of rows with its own column header (section active: 第二十条第(X)项).
type Group struct {
	Code    string   `yaml:"code"`
	Label   string   `yaml:"label"`
	Columns []Column `yaml:"columns"`
	Rows    []Row    `yaml:"rows"`
}

// RowGroup is a label such as (三)不予公开 that heads numbered sub-rows.
type RowGroup struct {
	Label  string `yaml:"label"`
	Prefix string `yaml:"prefix"`
}

// Column of a table. Kind says how its values are checked: count (a non-negative integer),
// signed (an integer that may be negative) or money (a non-negative decimal in 万元).
type Column struct {
	Code     string   `yaml:"code"`
	Label    string   `yaml:"label"`
	Kind     string   `yaml:"kind"`
	Parent   string   `yaml:"parent"`
	Variants []string `yaml:"variants"`
	// Remarks are words of a note that only this column's values carry ("22（其中修订16件）",
	// "55（含自然失效29件）" for 本年废止件数). Text extracted from a PDF may print such a
	// value, note and all, apart from its row: the note tells which column it is.
	Remarks []string `yaml:"remarks"`
}

// Row of a table. Group names the row group it sits under (requests: result.withheld …).
type Row struct {
	Code     string   `yaml:"code"`
	Label    string   `yaml:"label"`
	Group    string   `yaml:"group"`
	Variants []string `yaml:"variants"`
	Prefixes []string `yaml:"prefixes"`
}

// Identity says: for every element of Over (the section's rows or columns), the sum of the Left
// cells equals the sum of the Right cells.
type Identity struct {
	Rule     string `yaml:"rule"`
	Severity string `yaml:"severity"`
	Section  string `yaml:"section"`
	Over     string `yaml:"over"` // "rows" or "columns"
	Left     Terms  `yaml:"left"`
	Right    Terms  `yaml:"right"`
	Note     string `yaml:"note"`
}

// Terms fixes the row codes or the column codes of one side of an identity.
type Terms struct {
	Rows []string `yaml:"rows"`
	Cols []string `yaml:"cols"`
}

// ErrUnknownForm is returned for a version that has no form file.
var ErrUnknownForm = errors.New("schemas: unknown form version")

var (
	loadOnce sync.Once
	loaded   []*Form
	loadErr  error
)

// Forms returns every form version, oldest first. The files are parsed and checked once.
func Forms() ([]*Form, error) {
	loadOnce.Do(func() { loaded, loadErr = loadForms(formFiles) })
	return loaded, loadErr
}

// MustForms is Forms for program start-up and tests: the embedded files are part of the build,
// so an error here is a bug in this repository, not bad input.
func MustForms() []*Form {
	f, err := Forms()
	if err != nil {
		panic(err)
	}
	return f
}

// FormByVersion returns one form.
func FormByVersion(version string) (*Form, error) {
	forms, err := Forms()
	if err != nil {
		return nil, err
	}
	for _, f := range forms {
		if f.Version == version {
			return f, nil
		}
	}
	return nil, fmt.Errorf("%w: %q", ErrUnknownForm, version)
}

func loadForms(fsys fs.FS) ([]*Form, error) {
	names, err := fs.Glob(fsys, "forms/*.yaml")
	if err != nil {
		return nil, err
	}
	var forms []*Form
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var f Form
		dec := yaml.NewDecoder(strings.NewReader(string(b)))
		dec.KnownFields(true)
		if err := dec.Decode(&f); err != nil {
			return nil, fmt.Errorf("schemas: %s: %w", name, err)
		}
		if err := f.check(); err != nil {
			return nil, fmt.Errorf("schemas: %s: %w", name, err)
		}
		forms = append(forms, &f)
	}
	sort.Slice(forms, func(i, j int) bool { return forms[i].FirstYear < forms[j].FirstYear })
	return forms, nil
}

// check enforces what the code relies on: unique codes, known kinds, identities that name
// existing rows and columns.
func (f *Form) check() error {
	if f.Version == "" || len(f.Sections) == 0 {
		return errors.New("version and sections are required")
	}
	for _, s := range f.Sections {
		rows := map[string]bool{}
		cols := map[string]bool{}
		for _, r := range s.AllRows() {
			if rows[r.Code] {
				return fmt.Errorf("section %s: duplicate row %s", s.Code, r.Code)
			}
			rows[r.Code] = true
		}
		for _, c := range s.AllColumns() {
			cols[c.Code] = true
			switch c.Kind {
			case "count", "signed", "money":
			default:
				return fmt.Errorf("section %s: column %s: unknown kind %q", s.Code, c.Code, c.Kind)
			}
		}
		for _, id := range f.Identities {
			if id.Section != s.Code {
				continue
			}
			for _, r := range append(append([]string{}, id.Left.Rows...), id.Right.Rows...) {
				if !rows[r] {
					return fmt.Errorf("identity %s: unknown row %s", id.Rule, r)
				}
			}
			for _, c := range append(append([]string{}, id.Left.Cols...), id.Right.Cols...) {
				if !cols[c] {
					return fmt.Errorf("identity %s: unknown column %s", id.Rule, c)
				}
			}
		}
	}
	for i := range f.Statements {
		st := &f.Statements[i]
		s := f.Section(st.Section)
		if s == nil || s.Column(st.Col) == nil || !s.hasRow(st.Row) {
			return fmt.Errorf("statement %s.%s.%s: no such cell", st.Section, st.Row, st.Col)
		}
		re, err := regexp.Compile(st.Pattern)
		if err != nil || re.NumSubexp() < 1 {
			return fmt.Errorf("statement %s.%s.%s: pattern %q needs one group for the number: %v", st.Section, st.Row, st.Col, st.Pattern, err)
		}
		st.Re = re
	}
	for _, id := range f.Identities {
		if f.Section(id.Section) == nil {
			return fmt.Errorf("identity %s: unknown section %s", id.Rule, id.Section)
		}
		if id.Over != "rows" && id.Over != "columns" {
			return fmt.Errorf("identity %s: over must be rows or columns", id.Rule)
		}
	}
	return nil
}

// Section returns the section with the code, or nil.
func (f *Form) Section(code string) *Section {
	for i := range f.Sections {
		if f.Sections[i].Code == code {
			return &f.Sections[i]
		}
	}
	return nil
}

// InUse reports whether the form was the one in force for a report year.
func (f *Form) InUse(year int) bool {
	return year >= f.FirstYear && (f.LastYear == 0 || year <= f.LastYear)
}

// AllRows lists the section's rows in form order (group rows included).
func (s *Section) AllRows() []Row {
	if len(s.Groups) == 0 {
		return s.Rows
	}
	var rows []Row
	for _, g := range s.Groups {
		rows = append(rows, g.Rows...)
	}
	return rows
}

func (s *Section) hasRow(code string) bool {
	for _, r := range s.AllRows() {
		if r.Code == code {
			return true
		}
	}
	return false
}

// AllColumns lists the distinct columns of the section in form order.
func (s *Section) AllColumns() []Column {
	if len(s.Groups) == 0 {
		return s.Columns
	}
	seen := map[string]bool{}
	var cols []Column
	for _, g := range s.Groups {
		for _, c := range g.Columns {
			if !seen[c.Code] {
				seen[c.Code] = true
				cols = append(cols, c)
			}
		}
	}
	return cols
}

// ColumnsOf returns the columns that apply to a row of the section.
func (s *Section) ColumnsOf(row string) []Column {
	for _, g := range s.Groups {
		for _, r := range g.Rows {
			if r.Code == row {
				return g.Columns
			}
		}
	}
	return s.Columns
}

// Column returns a column of the section by code (nil if none).
func (s *Section) Column(code string) *Column {
	for _, c := range s.AllColumns() {
		if c.Code == code {
			c := c
			return &c
		}
	}
	return nil
}
