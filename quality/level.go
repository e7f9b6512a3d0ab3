package quality

import "github.com/govreports/govreports/parser"

// Level says what part of a table an issue is about, from its coordinates. The HTML report
// places each issue by its level: a cell is highlighted, a row label, a column header, a banner
// over a table, or a line in the report's own list.
type Level int

const (
	LevelReport  Level = iota // no section: the page as a whole (spam, host, year, form)
	LevelSection              // section only: a table missing or empty
	LevelRow                  // section + row: a row missing, shifted, short of values
	LevelColumn               // section + col: an identity over a column (requests balance)
	LevelCell                 // section + row + col: one cell
)

// String names the level as the HTML report's data attributes and CSS classes do.
func (l Level) String() string {
	switch l {
	case LevelSection:
		return "section"
	case LevelRow:
		return "row"
	case LevelColumn:
		return "column"
	case LevelCell:
		return "cell"
	}
	return "report"
}

// LevelOf classifies an issue by the coordinates it names.
func LevelOf(i parser.Issue) Level {
	switch {
	case i.Section == "":
		return LevelReport
	case i.Row != "" && i.Col != "":
		return LevelCell
	case i.Row != "":
		return LevelRow
	case i.Col != "":
		return LevelColumn
	}
	return LevelSection
}

// cellKey identifies one cell of a report's form.
func cellKey(section, row, col string) string { return section + "|" + row + "|" + col }

// HighlightedCells returns the distinct cells named by the cell-level issues of a result whose
// cell the form grid draws: exactly the cells the HTML report highlights. Two issues on one cell
// highlight it once.
func HighlightedCells(res *parser.Result) []string {
	g := gridIndex(res)
	seen := map[string]bool{}
	var keys []string
	for _, i := range res.Issues {
		if LevelOf(i) != LevelCell {
			continue
		}
		k := cellKey(i.Section, i.Row, i.Col)
		if !seen[k] && g[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	return keys
}
