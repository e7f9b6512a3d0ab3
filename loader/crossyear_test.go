package loader

import (
	"bytes"
	"context"
	"testing"

	"github.com/govreports/govreports/parser"
)

// crossYearResults: one body's reports for 2021 and 2022 (made data). 2021 carries 5 requests
// out (total), 2022 says 3 came in: a carry-over difference of -2; natural_person agrees (5).
// normative_docs: 10 in force in 2021; 2022 issued 2, repealed 1, in force 11: consistent.
// rules: 4 in force in 2021; 2022 issued 1, repealed 0, in force 7: 2 more than follows.
func crossYearResults() []*parser.Result {
	mk := func(id string, year int, cells map[[3]string]float64) *parser.Result {
		r := &parser.Result{Report: parser.Report{ID: id, Agency: "某县人民政府", Year: year, Form: "2021",
			Source: "made/" + id, SHA256: "sha-" + id, Status: "clean", ParserVersion: parser.Version,
			Region: parser.Region{Code: "330100", Name: "杭州市"}}, Cells: []parser.Cell{}, Issues: []parser.Issue{}}
		for k, v := range cells {
			r.Cells = append(r.Cells, parser.Cell{Section: k[0], Row: k[1], Col: k[2], Value: f64(v), Raw: "x", Flags: []string{}})
		}
		return r
	}
	return []*parser.Result{
		mk("y2021", 2021, map[[3]string]float64{
			{"requests", "carried_out", "total"}: 5, {"requests", "carried_out", "natural_person"}: 5,
			{"active", "normative_docs", "in_force"}: 10, {"active", "rules", "in_force"}: 4}),
		mk("y2022", 2022, map[[3]string]float64{
			{"requests", "carried_in", "total"}: 3, {"requests", "carried_in", "natural_person"}: 5,
			{"active", "normative_docs", "issued"}: 2, {"active", "normative_docs", "repealed"}: 1, {"active", "normative_docs", "in_force"}: 11,
			{"active", "rules", "issued"}: 1, {"active", "rules", "repealed"}: 0, {"active", "rules", "in_force"}: 7}),
		// Another body's 2022 report: nothing of year 2021 to compare with, so no rows.
		func() *parser.Result {
			r := mk("other", 2022, map[[3]string]float64{{"requests", "carried_in", "total"}: 9})
			r.Report.Agency = "另一个局"
			return r
		}(),
	}
}

func TestCrossYearChecks(t *testing.T) {
	const want = "rule,item,year,expected,actual,diff\n" +
		"active.in_force,normative_docs,2022,11,11,0\n" +
		"active.in_force,rules,2022,5,7,2\n" +
		"requests.carry_over,natural_person,2022,5,5,0\n" +
		"requests.carry_over,total,2022,5,3,-2\n"
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			s := migrated(t, tg)
			ctx := context.Background()
			if _, err := s.Load(ctx, crossYearResults()); err != nil {
				t.Fatal(err)
			}
			tab, err := s.Query(ctx, "SELECT rule, item, year, expected, actual, diff FROM cross_year_checks ORDER BY rule, item")
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := tab.Write(&buf, FormatCSV); err != nil {
				t.Fatal(err)
			}
			if buf.String() != want {
				t.Fatalf("got:\n%s\nwant:\n%s", buf.String(), want)
			}
		})
	}
}
