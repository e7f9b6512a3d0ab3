package loader

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/govreports/govreports/parser"
)

// parseCorpus parses the shared corpus: jinfeng-2022-pipe.txt must parse; the partial pages are
// added when the parser accepts them.
func parseCorpus(t *testing.T) []*parser.Result {
	t.Helper()
	main := filepath.Join("..", "testdata", "corpus", "jinfeng-2022-pipe.txt")
	data, err := os.ReadFile(main)
	if err != nil {
		t.Fatalf("corpus: %v", err)
	}
	r, err := parser.Parse(data, parser.Source{Name: "testdata/corpus/jinfeng-2022-pipe.txt"})
	if err != nil {
		t.Fatalf("parse %s: %v", main, err)
	}
	if len(r.Cells) == 0 {
		t.Fatalf("parse %s: no cells", main)
	}
	results := []*parser.Result{r}
	partial, _ := filepath.Glob(filepath.Join("..", "testdata", "corpus", "partial", "*"))
	for _, p := range partial {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		if r, err := parser.Parse(data, parser.Source{Name: filepath.ToSlash(p)}); err == nil && r.Report.ID != "" {
			results = append(results, r)
		}
	}
	return results
}

// TestCorpusSameRowsOnBothTargets loads the parsed corpus into the server and into chDB and
// requires identical table contents (what an analyst sees), and exact counts.
func TestCorpusSameRowsOnBothTargets(t *testing.T) {
	results := parseCorpus(t)
	ids := map[string]bool{}
	var cells, issues int
	for _, r := range results {
		if !ids[r.Report.ID] {
			cells += len(r.Cells)
			issues += len(r.Issues)
		}
		ids[r.Report.ID] = true
	}
	// Rows expected after FINAL: distinct keys of the tables' ORDER BY.
	b, err := buildBatch(results, 1, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cellKeys, issueKeys := map[[4]string]bool{}, map[string]bool{}
	for _, c := range b.cells {
		cellKeys[[4]string{c.ReportID, c.Section, c.Row, c.Col}] = true
	}
	for _, is := range b.issues {
		issueKeys[fmt.Sprint(is.ReportID, "\x00", is.Rule, "\x00", is.Section, "\x00", is.Row, "\x00", is.Col, "\x00", is.Key)] = true
	}
	t.Logf("corpus: %d results, %d distinct reports, %d cells (%d keys), %d issues (%d keys)",
		len(results), len(ids), cells, len(cellKeys), issues, len(issueKeys))

	queries := corpusQueries()
	outputs := map[string][]string{}
	for _, tg := range targets() {
		s := migrated(t, tg)
		for i := 0; i < 2; i++ { // twice: nothing may duplicate
			if _, err := s.Load(context.Background(), results); err != nil {
				t.Fatalf("%s: load: %v", tg.name, err)
			}
		}
		for q, want := range map[string]int{
			"SELECT count() FROM reports FINAL": len(ids),
			"SELECT count() FROM cells FINAL":   len(cellKeys),
			"SELECT count() FROM issues FINAL":  len(issueKeys),
		} {
			if n := count(t, s, q); n != uint64(want) {
				t.Errorf("%s: %s = %d, want %d", tg.name, q, n, want)
			}
		}
		for _, q := range queries {
			var buf bytes.Buffer
			if err := mustQuery(t, s, q).Write(&buf, "csv"); err != nil {
				t.Fatal(err)
			}
			outputs[tg.name] = append(outputs[tg.name], buf.String())
		}
	}
	for i, q := range queries {
		if a, b := outputs["server"][i], outputs["chdb"][i]; a != b {
			t.Errorf("targets differ for %s:\nserver:\n%.2000s\nchdb:\n%.2000s", q, a, b)
		}
	}
}

// corpusQueries read back every column a load writes, except loaded_at (two targets load at
// different seconds), in a fixed order.
func corpusQueries() []string {
	return []string{
		`SELECT id, sha256, title, agency, year, form, source, url, mirror, fetched, published, encoding,
		        input_format, parser_version, status, cells, issues FROM reports FINAL ORDER BY id`,
		`SELECT report_id, year, agency, section, row, col, value, raw, unit, flags FROM cells FINAL
		 ORDER BY report_id, section, row, col`,
		`SELECT report_id, rule, severity, section, row, col, message, expected, actual, span_start, span_end, key
		 FROM issues FINAL ORDER BY report_id, rule, section, row, col, key`,
		`SELECT count() FROM cells_current`,
	}
}
