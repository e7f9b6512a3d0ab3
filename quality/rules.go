package quality

import "github.com/govreports/govreports/parser"

// RuleChecks says what a rule checks (parser.Rules, the catalog beside the parser's rule ids),
// or "" for a rule the catalog does not know.
func RuleChecks(id string) string { return parser.RuleChecks(id) }
