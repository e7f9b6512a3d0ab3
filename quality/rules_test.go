package quality

import (
	"os"
	"regexp"
	"testing"

	"github.com/govreports/govreports/parser"
	"github.com/govreports/govreports/regions"
	"github.com/govreports/govreports/schemas"
)

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

// The catalog beside the parser's rule constants (parser.Rules), the forms' identity rules
// (schemas/forms, data) and the documentation name the same rules. What the parser emits is
// checked against the catalog on the corpus (TestCorpusRulesAreCatalogued) and the golden files.
func TestCatalogDocsAndFormsAgree(t *testing.T) {
	docs := documentedRules(t)
	catalog := map[string]bool{}
	for _, r := range parser.Rules {
		if catalog[r.ID] {
			t.Errorf("catalog lists %s twice", r.ID)
		}
		catalog[r.ID] = true
		if !docs[r.ID] {
			t.Errorf("rule %s is not in docs/validation-rules.md", r.ID)
		}
		if r.Checks == "" || r.Severity == "" || r.Level == "" {
			t.Errorf("rule %s: incomplete catalog entry %+v", r.ID, r)
		}
	}
	for id := range docs {
		if !catalog[id] {
			t.Errorf("docs/validation-rules.md documents %s, which parser.Rules does not list", id)
		}
	}
	forms, err := schemas.Forms()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range forms {
		for _, id := range f.Identities {
			if !catalog[id.Rule] {
				t.Errorf("form %s: identity rule %s is not in parser.Rules", f.Version, id.Rule)
			}
		}
	}
	for _, id := range []string{regions.RuleAmbiguous, regions.RuleSiteMismatch} {
		if !catalog[id] {
			t.Errorf("regions rule %s is not in parser.Rules", id)
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
