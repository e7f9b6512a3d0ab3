package quality

import (
	"os"
	"testing"

	"github.com/govreports/govreports/parser"
)

// A scanned report (its tables only images) is counted in the summary: status no_tables and
// the rule form.tables_as_images, once per report.
func TestScannedReportsAreCounted(t *testing.T) {
	var entries []Entry
	for _, name := range []string{"scan_2021_images.pdf", "wps_2021_ruled.pdf"} {
		b, err := os.ReadFile("../parser/testdata/docs/" + name)
		if err != nil {
			t.Fatal(err)
		}
		src := parser.Source{Name: name}
		res, err := parser.Parse(b, src)
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, NewEntry(res, b, src))
	}
	s := Summarize(entries)
	if s.ByStatus["no_tables"] != 1 || s.ByStatus["clean"] != 1 {
		t.Errorf("statuses %v, want one no_tables and one clean", s.ByStatus)
	}
	found := false
	for _, r := range s.Rules {
		if r.Rule == "form.tables_as_images" {
			found = r.Reports == 1 && r.Issues == 1
		}
	}
	if !found {
		t.Errorf("form.tables_as_images not counted once: %+v", s.Rules)
	}
	if RuleChecks("form.tables_as_images") == "" {
		t.Error("rule not in the catalog")
	}
}
