package quality

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"testing"

	"github.com/govreports/govreports/schemas"
)

// emittedRules collects every rule id the parser can emit: the Rule: "…" literals of its source
// and the identities of every form.
func emittedRules(t *testing.T) map[string]string {
	t.Helper()
	ids := map[string]string{}
	files, err := filepath.Glob("../parser/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("parser sources: %v (%d files)", err, len(files))
	}
	re := regexp.MustCompile(`Rule:\s*"([^"]+)"`)
	for _, f := range files {
		if filepath.Ext(f) != ".go" || regexp.MustCompile(`_test\.go$`).MatchString(f) {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllSubmatch(b, -1) {
			ids[string(m[1])] = filepath.Base(f)
		}
	}
	// Package regions' findings, which the parser passes on as issues: its Rule… constants.
	regionFiles, err := filepath.Glob("../regions/*.go")
	if err != nil || len(regionFiles) == 0 {
		t.Fatalf("regions sources: %v (%d files)", err, len(regionFiles))
	}
	reConst := regexp.MustCompile(`Rule[A-Za-z]+\s*=\s*"([^"]+)"`)
	for _, f := range regionFiles {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range reConst.FindAllSubmatch(b, -1) {
			ids[string(m[1])] = "regions/" + filepath.Base(f)
		}
	}
	forms, err := schemas.Forms()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range forms {
		for _, id := range f.Identities {
			ids[id.Rule] = "schemas/forms/" + f.Version + ".yaml"
		}
	}
	if len(ids) < 10 {
		t.Fatalf("found only %d rule ids: the pattern no longer matches the parser's code", len(ids))
	}
	return ids
}

// documentedRules reads the rule headings of docs/validation-rules.md: ### `rule.id`.
func documentedRules(t *testing.T) map[string]bool {
	t.Helper()
	b, err := os.ReadFile("../docs/validation-rules.md")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^### `([^`]+)`").FindAllSubmatch(b, -1) {
		ids[string(m[1])] = true
	}
	return ids
}

func TestCatalogHasEveryEmittedRule(t *testing.T) {
	docs := documentedRules(t)
	catalog := map[string]bool{}
	for _, r := range Catalog {
		if catalog[r.ID] {
			t.Errorf("catalog lists %s twice", r.ID)
		}
		catalog[r.ID] = true
	}
	emitted := emittedRules(t)
	var ids []string
	for id := range emitted {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if !docs[id] {
			t.Errorf("rule %s (emitted in %s) is not in docs/validation-rules.md", id, emitted[id])
		}
		if !catalog[id] {
			t.Errorf("rule %s (emitted in %s) is not in quality.Catalog", id, emitted[id])
		}
	}
	// And nothing stale: a rule the parser no longer emits should leave the docs.
	for id := range docs {
		if _, ok := emitted[id]; !ok {
			t.Errorf("docs/validation-rules.md documents %s, which the parser does not emit", id)
		}
	}
	for id := range catalog {
		if _, ok := emitted[id]; !ok {
			t.Errorf("quality.Catalog lists %s, which the parser does not emit", id)
		}
	}
}

// What the parser actually emits on the corpus must be catalogued too (a rule id built at run
// time would escape the source scan).
func TestCorpusRulesAreCatalogued(t *testing.T) {
	for _, e := range loadAll(t) {
		for _, i := range e.Result.Issues {
			if RuleChecks(i.Rule) == "" {
				t.Errorf("%s: rule %s is not in quality.Catalog", e.Result.Report.Source, i.Rule)
			}
		}
	}
}
