package parser

import (
	"strconv"

	"github.com/govreports/govreports/schemas"
)

// statedFiguresMax: matches of one statement read from a page; a page stating the same cell
// more often than this is not stating one figure.
const statedFiguresMax = 8

// statedFigures reads the figures the page's prose states for cells (schemas: statements), keyed
// "section|row|col". A statement matched with different numbers states nothing certain and is
// left out.
func statedFigures(form *schemas.Form, doc string) map[string]float64 {
	out := map[string]float64{}
	for _, st := range form.Statements {
		if st.Re == nil {
			continue
		}
		seen := map[string]bool{}
		for _, m := range st.Re.FindAllStringSubmatch(doc, statedFiguresMax+1) {
			seen[m[1]] = true
		}
		if len(seen) != 1 {
			continue
		}
		for n := range seen {
			if v, err := strconv.ParseFloat(n, 64); err == nil {
				out[st.Section+"|"+st.Row+"|"+st.Col] = v
			}
		}
	}
	return out
}
