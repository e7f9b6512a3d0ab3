package parser

import (
	"strings"
	"testing"

	"github.com/govreports/govreports/schemas"
)

// FuzzParseGlued reads any input as a glued dump: no panic, the contract kept, and every split
// cell's text taken from the input (a split never invents digits).
func FuzzParseGlued(f *testing.F) {
	addCorpusSeeds(f, "../testdata/corpus/glued/*.txt", "testdata/text/t018_*.txt")
	for _, form := range schemas.MustForms() {
		f.Add([]byte(gluedMade(form, "示例县2022年政府信息公开工作年度报告", cellTexts(madeTableSeed(form)), gluedStyles[1])))
	}
	f.Add([]byte("三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量1111111111111111111111111111二、上年结转政府信息公开申请数量00000002.其他"))
	f.Fuzz(func(t *testing.T, b []byte) {
		res, err := Parse(b, Source{Name: "fuzz", Format: "glued"})
		checkInvariants(t, res, err)
		if err != nil {
			return
		}
		for _, c := range res.Cells {
			if hasFlag(&c, FlagSplitByIdentity) && c.Raw != "" && !strings.Contains(string(b), c.Raw) {
				t.Fatalf("split cell %s.%s.%s raw %q is not in the input", c.Section, c.Row, c.Col, c.Raw)
			}
		}
	})
}

// FuzzSplitRow: every split the splitter returns spells the runs back, cell by cell, and keeps
// the row's identities.
func FuzzSplitRow(f *testing.F) {
	form, _ := schemas.FormByVersion("2021")
	req := form.Section("requests")
	ids := rowIdentities(form, req, req.Columns)
	for _, s := range []string{"713000074", "110000011", "0000000", "1 10 0 0 0 0 11", "12+3-4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		runs := strings.Fields(s)
		if len(runs) == 0 {
			return
		}
		cands, _ := splitRow(req.Columns, runs, ids)
		for _, c := range cands {
			if strings.Join(c, "") != strings.Join(runs, "") {
				t.Fatalf("split %v does not spell %v", c, runs)
			}
			vals := make([]float64, len(c))
			for i, p := range c {
				v, ok := partValue(p, req.Columns[i].Kind)
				if !ok && isRun(p) {
					t.Fatalf("split %v has an invalid cell %q", c, p)
				}
				vals[i] = v
			}
			for _, id := range ids {
				if !sumsEqual(vals, id.left, id.right) {
					t.Fatalf("split %v breaks %s", c, id.rule)
				}
			}
		}
	})
}
