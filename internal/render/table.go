// Package render prints parsed reports for people: the three tables as the form lays them out.
package render

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/text/width"

	"github.com/govreports/govreports/parser"
	"github.com/govreports/govreports/schemas"
)

// Tables writes a report's metadata, its three tables (rows × columns, official labels, NULL
// cells as "·" and missing ones as "?") and its issues.
func Tables(w io.Writer, r *parser.Result) error {
	form, err := schemas.FormByVersion(r.Report.Form)
	if err != nil {
		return err
	}
	rep := r.Report
	fmt.Fprintf(w, "%s\n", rep.Title)
	fmt.Fprintf(w, "agency: %s   year: %d   form: %s   status: %s   id: %s\n", rep.Agency, rep.Year, rep.Form, rep.Status, rep.ID)
	fmt.Fprintf(w, "source: %s   encoding: %s   published: %s\n\n", rep.Source, rep.Encoding, rep.Published)
	cells := map[string]parser.Cell{}
	for _, c := range r.Cells {
		cells[c.Section+"|"+c.Row+"|"+c.Col] = c
	}
	for _, s := range form.Sections {
		fmt.Fprintf(w, "%s、%s\n", s.Ordinal, s.Heading)
		var grid [][]string
		if len(s.Groups) > 0 {
			for _, g := range s.Groups {
				grid = append(grid, block(s.Code, g.Label, g.Columns, g.Rows, cells)...)
			}
		} else {
			grid = block(s.Code, "", s.Columns, s.Rows, cells)
		}
		writeAligned(w, grid)
		fmt.Fprintln(w)
	}
	if len(r.Issues) > 0 {
		fmt.Fprintf(w, "issues (%d):\n", len(r.Issues))
		for _, i := range r.Issues {
			where := strings.Trim(strings.Join([]string{i.Section, i.Row, i.Col}, "."), ".")
			fmt.Fprintf(w, "  %-7s %-32s %-40s %s\n", i.Severity, i.Rule, where, i.Message)
		}
	}
	return nil
}

// block lays out one header row and the rows under it.
func block(section, label string, cols []schemas.Column, rows []schemas.Row, cells map[string]parser.Cell) [][]string {
	head := []string{label}
	for _, c := range cols {
		h := c.Label
		if c.Parent != "" && section == "appeals" {
			h = c.Parent + "/" + c.Label
		}
		head = append(head, h)
	}
	out := [][]string{head}
	for _, r := range rows {
		line := []string{r.Label}
		if r.Label == "" {
			line[0] = r.Code
		}
		for _, c := range cols {
			line = append(line, cellText(cells, section, r.Code, c.Code))
		}
		out = append(out, line)
	}
	return out
}

// writeAligned prints a grid with columns padded to their display width: CJK characters take
// two terminal columns (text/tabwriter counts them as one and misaligns Chinese tables). The
// first column is left-aligned (labels), the others right-aligned (numbers).
func writeAligned(w io.Writer, grid [][]string) {
	var widths []int
	for _, row := range grid {
		for i, c := range row {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	for _, row := range grid {
		var b strings.Builder
		for i, c := range row {
			pad := strings.Repeat(" ", widths[i]-displayWidth(c))
			if i == 0 {
				b.WriteString(c + pad)
			} else {
				b.WriteString("  " + pad + c)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

func cellText(cells map[string]parser.Cell, s, r, c string) string {
	cell, ok := cells[s+"|"+r+"|"+c]
	switch {
	case !ok:
		return "?"
	case cell.Value == nil:
		for _, f := range cell.Flags {
			if f == parser.FlagMissing {
				return "?"
			}
			if f == parser.FlagTextInNumber {
				return "!" + cell.Raw
			}
		}
		return "·"
	default:
		return strconv.FormatFloat(*cell.Value, 'f', -1, 64)
	}
}
