package quality

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/govreports/govreports/parser"
	"github.com/govreports/govreports/schemas"
)

// The grid is the form's table (rows × columns from schemas, with the official labels) filled
// with a report's parsed cells: what the reader compares with the page as published.

type sectionView struct {
	Code, Ordinal, Heading string
	Anchor                 string
	Drawn                  bool // the page has cells for this table; else only its banners show
	Banners                []issueView
	Blocks                 []blockView
}

// blockView is one header with the rows under it: table 二 has one per group of rows
// (第二十条第(X)项), the other tables one each.
type blockView struct {
	Head [][]thView
	Rows []rowView
}

type thView struct {
	ID, Label, Title, Class string
	Colspan, Rowspan        int
}

type rowView struct {
	Code                       string
	Group                      *groupCell // the row group's label cell, on the first row of its run
	LabelSpan                  int        // columns the row label spans (2 when there is no group cell)
	LabelID, Label, LabelTitle string
	LabelClass                 string
	Cells                      []cellView
	Pad                        int // empty cells after the values (table 二's narrower groups)
}

type groupCell struct {
	Label   string
	Rowspan int
}

type cellView struct {
	ID, Text, Class, Title string
}

// flagsShown are the cell flags the grid marks visibly (a CSS class fl-FLAG each): the ones that
// say a value is absent or doubtful. The others (unit_stripped, full_width…) go in the tooltip.
var flagsShown = map[string]bool{
	parser.FlagBlank: true, parser.FlagDash: true, parser.FlagNone: true, parser.FlagMissing: true,
	parser.FlagTextInNumber: true, parser.FlagShifted: true,
	parser.FlagAmbiguousSplit: true, parser.FlagSplitFailed: true,
	parser.FlagUnplaced: true,
}

// located gathers a report's issues by the part of the grid they name.
type located struct {
	cells, rows, cols map[string][]issueView
	sections          map[string][]issueView
}

func locate(issues []issueView) located {
	l := located{cells: map[string][]issueView{}, rows: map[string][]issueView{}, cols: map[string][]issueView{}, sections: map[string][]issueView{}}
	for _, iv := range issues {
		i := iv.issue
		switch LevelOf(i) {
		case LevelCell:
			k := cellKey(i.Section, i.Row, i.Col)
			l.cells[k] = append(l.cells[k], iv)
		case LevelRow:
			k := i.Section + "|" + i.Row
			l.rows[k] = append(l.rows[k], iv)
		case LevelColumn:
			k := i.Section + "|" + i.Col
			l.cols[k] = append(l.cols[k], iv)
		case LevelSection:
			l.sections[i.Section] = append(l.sections[i.Section], iv)
		}
	}
	return l
}

// gridIndex is the set of cells the grid draws for a result: every cell of the form in every
// table the page has cells for. Only these can be highlighted.
func gridIndex(res *parser.Result) map[string]bool {
	idx := map[string]bool{}
	form, err := schemas.FormByVersion(res.Report.Form)
	if err != nil {
		return idx
	}
	drawn := map[string]bool{}
	for _, c := range res.Cells {
		drawn[c.Section] = true
	}
	for _, s := range form.Sections {
		if !drawn[s.Code] {
			continue
		}
		for _, r := range s.AllRows() {
			for _, c := range s.ColumnsOf(r.Code) {
				idx[cellKey(s.Code, r.Code, c.Code)] = true
			}
		}
	}
	return idx
}

// buildSections draws the report's tables on its form. anchor prefixes every element id so ids
// stay unique in a file of thousands of reports. A report on an unknown form gets no grid.
func buildSections(res *parser.Result, anchor string, issues []issueView) []sectionView {
	form, err := schemas.FormByVersion(res.Report.Form)
	if err != nil {
		return nil
	}
	loc := locate(issues)
	cells := map[string]parser.Cell{}
	drawn := map[string]bool{}
	for _, c := range res.Cells {
		cells[cellKey(c.Section, c.Row, c.Col)] = c
		drawn[c.Section] = true
	}
	var out []sectionView
	for si := range form.Sections {
		s := &form.Sections[si]
		sv := sectionView{Code: s.Code, Ordinal: s.Ordinal, Heading: s.Heading,
			Anchor: anchor + "-" + s.Code, Drawn: drawn[s.Code], Banners: loc.sections[s.Code]}
		if sv.Drawn {
			g := gridBuilder{s: s, anchor: anchor, cells: cells, loc: loc}
			sv.Blocks = g.blocks()
		}
		out = append(out, sv)
	}
	return out
}

type gridBuilder struct {
	s      *schemas.Section
	anchor string
	cells  map[string]parser.Cell
	loc    located
}

// labelCols: tables with row groups (三) give the group its own column, as the form does.
func (g gridBuilder) labelCols() int {
	if len(g.s.RowGroups) > 0 {
		return 2
	}
	return 1
}

func (g gridBuilder) blocks() []blockView {
	if len(g.s.Groups) > 0 {
		width := 0
		for _, gr := range g.s.Groups {
			width = max(width, len(gr.Columns))
		}
		var bs []blockView
		for _, gr := range g.s.Groups {
			head := []thView{{Label: gr.Label, Title: gr.Code, Colspan: g.labelCols(), Rowspan: 1, Class: "corner"}}
			head = append(head, g.leafHeads(gr.Columns)...)
			if pad := width - len(gr.Columns); pad > 0 {
				head = append(head, thView{Class: "pad", Colspan: pad, Rowspan: 1})
			}
			bs = append(bs, blockView{Head: [][]thView{head}, Rows: g.rows(gr.Rows, gr.Columns, width-len(gr.Columns))})
		}
		return bs
	}
	return []blockView{{Head: g.head(g.s.Columns), Rows: g.rows(g.s.Rows, g.s.Columns, 0)}}
}

// head draws a header of one or two lines: a column with a parent label (法人或其他组织,
// 行政复议…) sits under it; one without spans both lines.
func (g gridBuilder) head(cols []schemas.Column) [][]thView {
	two := false
	for _, c := range cols {
		if c.Parent != "" {
			two = true
		}
	}
	if !two {
		return [][]thView{append([]thView{{Class: "corner", Colspan: g.labelCols(), Rowspan: 1}}, g.leafHeads(cols)...)}
	}
	top := []thView{{Class: "corner", Colspan: g.labelCols(), Rowspan: 2}}
	var sub []thView
	for i := 0; i < len(cols); {
		c := cols[i]
		if c.Parent == "" {
			th := g.leafHeads(cols[i : i+1])[0]
			th.Rowspan = 2
			top = append(top, th)
			i++
			continue
		}
		j := i
		for j < len(cols) && cols[j].Parent == c.Parent {
			j++
		}
		top = append(top, thView{Label: c.Parent, Class: "parent", Colspan: j - i, Rowspan: 1})
		sub = append(sub, g.leafHeads(cols[i:j])...)
		i = j
	}
	return [][]thView{top, sub}
}

func (g gridBuilder) leafHeads(cols []schemas.Column) []thView {
	var out []thView
	for _, c := range cols {
		th := thView{Label: c.Label, Colspan: 1, Rowspan: 1,
			Title: g.s.Code + "." + c.Code + " (" + c.Kind + ")"}
		if is := g.loc.cols[g.s.Code+"|"+c.Code]; len(is) > 0 {
			th.ID = g.anchor + "-h-" + g.s.Code + "-" + c.Code
			th.Class = "hl-col sev-" + worst(is)
			th.Title += "\n" + issueLines(is)
		}
		out = append(out, th)
	}
	return out
}

func (g gridBuilder) rows(rows []schemas.Row, cols []schemas.Column, pad int) []rowView {
	groupLabel := map[string]string{}
	for _, rg := range g.s.RowGroups {
		groupLabel[rg.Prefix] = rg.Label
	}
	var out []rowView
	for ri, r := range rows {
		rv := rowView{Code: r.Code, LabelSpan: g.labelCols(), Label: r.Label, LabelTitle: g.s.Code + "." + r.Code, Pad: pad}
		if rv.Label == "" {
			rv.Label = "（本表一行）" // table 四's single unlabeled row
		}
		if g.labelCols() == 2 && r.Group != "" {
			rv.LabelSpan = 1
			if ri == 0 || rows[ri-1].Group != r.Group {
				n := 1
				for ri+n < len(rows) && rows[ri+n].Group == r.Group {
					n++
				}
				rv.Group = &groupCell{Label: groupLabel[r.Group], Rowspan: n}
			}
		}
		present := false
		for _, c := range cols {
			if _, ok := g.cells[cellKey(g.s.Code, r.Code, c.Code)]; ok {
				present = true
			}
		}
		if is := g.loc.rows[g.s.Code+"|"+r.Code]; len(is) > 0 {
			rv.LabelID = g.anchor + "-r-" + g.s.Code + "-" + r.Code
			rv.LabelClass = "hl-row sev-" + worst(is)
			rv.LabelTitle += "\n" + issueLines(is)
		}
		if !present {
			rv.LabelClass = strings.TrimSpace(rv.LabelClass + " absent-row")
		}
		for _, c := range cols {
			rv.Cells = append(rv.Cells, g.cell(r, c, present))
		}
		out = append(out, rv)
	}
	return out
}

func (g gridBuilder) cell(r schemas.Row, c schemas.Column, rowPresent bool) cellView {
	k := cellKey(g.s.Code, r.Code, c.Code)
	var cv cellView
	var classes, title []string
	notable := false // plain numbers get no tooltip: it would only repeat the row and column codes
	cell, ok := g.cells[k]
	switch {
	case ok:
		cv.Text = cell.Raw
		title = append(title, "raw: "+quoteRaw(cell.Raw))
		if cell.Value != nil {
			title = append(title, "value: "+fmtValue(*cell.Value))
		} else {
			title = append(title, "value: NULL")
		}
		if cell.Unit != "" {
			title = append(title, "unit: "+cell.Unit)
		}
		if len(cell.Flags) > 0 {
			title = append(title, "flags: "+strings.Join(cell.Flags, ", "))
		}
		notable = cell.Unit != "" || len(cell.Flags) > 0 || cell.Value == nil
		for _, f := range cell.Flags {
			if flagsShown[f] {
				classes = append(classes, "fl-"+f)
			}
		}
	case rowPresent:
		classes = append(classes, "fl-missing")
		title = append(title, "not in the page")
		notable = true
	default:
		classes = append(classes, "absent")
	}
	if is := g.loc.cells[k]; len(is) > 0 {
		cv.ID = g.anchor + "-c-" + g.s.Code + "-" + r.Code + "-" + c.Code
		classes = append(classes, "hl", "sev-"+worst(is))
		title = append(title, issueLines(is))
		notable = true
	}
	if notable {
		cv.Title = g.s.Code + "." + r.Code + "." + c.Code + "\n" + strings.Join(title, "\n")
	}
	cv.Class = strings.Join(classes, " ")
	return cv
}

// worst is the most severe severity among issues, for the highlight's colour.
func worst(is []issueView) string {
	best := parser.Severity("")
	for _, i := range is {
		if severityRank(i.issue.Severity) > severityRank(best) {
			best = i.issue.Severity
		}
	}
	if best == "" {
		return "info"
	}
	return string(best)
}

// issueLines is the tooltip text of issues: rule, message, expected vs actual.
func issueLines(is []issueView) string {
	var b strings.Builder
	for n, i := range is {
		if n > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "#%d %s [%s]: %s", i.N, i.issue.Rule, i.issue.Severity, i.issue.Message)
		if i.issue.Expected != "" || i.issue.Actual != "" {
			fmt.Fprintf(&b, " (expected %s, actual %s)", orNone(i.issue.Expected), orNone(i.issue.Actual))
		}
	}
	return b.String()
}

func orNone(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func quoteRaw(s string) string {
	if s == "" {
		return "(empty)"
	}
	return s
}

func fmtValue(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
