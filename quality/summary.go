package quality

import (
	"fmt"
	"io"
	"sort"

	"github.com/govreports/govreports/parser"
)

// Statuses in the order the summary lists them (worst last, as the parser ranks them).
var Statuses = []string{"clean", "warnings", "errors", "no_tables"}

// Summary is what the terminal and the top of the HTML report say about a set of reports.
type Summary struct {
	Reports  int
	ByStatus map[string]int
	// Mirrors counts suspect mirrors (Report.Mirror: injected spam or a host outside gov.cn).
	Mirrors int
	// Rules lists every rule seen, most frequent first (ties by id).
	Rules []RuleCount
	// Sources lists the sources with errors, most errors first (ties by key).
	Sources []SourceCount
}

// RuleCount is how often a rule fired, and in how many reports.
type RuleCount struct {
	Rule     string
	Severity parser.Severity // the most severe seen for the rule
	Issues   int
	Reports  int
}

// SourceCount sums a source's issues over its reports. Key is a host or a file path.
type SourceCount struct {
	Key                       string
	Reports, Errors, Warnings int
	Mirror                    bool
}

// Summarize counts statuses, rules and sources over the entries.
func Summarize(entries []Entry) Summary {
	s := Summary{Reports: len(entries), ByStatus: map[string]int{}}
	rules := map[string]*RuleCount{}
	sources := map[string]*SourceCount{}
	for _, e := range entries {
		rep := e.Result.Report
		s.ByStatus[rep.Status]++
		if rep.Mirror {
			s.Mirrors++
		}
		inReport := map[string]bool{}
		for _, i := range e.Result.Issues {
			rc := rules[i.Rule]
			if rc == nil {
				rc = &RuleCount{Rule: i.Rule, Severity: i.Severity}
				rules[i.Rule] = rc
			}
			rc.Issues++
			if severityRank(i.Severity) > severityRank(rc.Severity) {
				rc.Severity = i.Severity
			}
			if !inReport[i.Rule] {
				inReport[i.Rule] = true
				rc.Reports++
			}
		}
		k := e.SourceKey()
		sc := sources[k]
		if sc == nil {
			sc = &SourceCount{Key: k}
			sources[k] = sc
		}
		errs, warns, _ := e.Counts()
		sc.Reports++
		sc.Errors += errs
		sc.Warnings += warns
		sc.Mirror = sc.Mirror || rep.Mirror
	}
	for _, rc := range rules {
		s.Rules = append(s.Rules, *rc)
	}
	sort.Slice(s.Rules, func(i, j int) bool {
		a, b := s.Rules[i], s.Rules[j]
		if a.Issues != b.Issues {
			return a.Issues > b.Issues
		}
		return a.Rule < b.Rule
	})
	for _, sc := range sources {
		if sc.Errors > 0 {
			s.Sources = append(s.Sources, *sc)
		}
	}
	sort.Slice(s.Sources, func(i, j int) bool {
		a, b := s.Sources[i], s.Sources[j]
		if a.Errors != b.Errors {
			return a.Errors > b.Errors
		}
		if a.Warnings != b.Warnings {
			return a.Warnings > b.Warnings
		}
		return a.Key < b.Key
	})
	return s
}

func severityRank(s parser.Severity) int {
	switch s {
	case parser.SeverityError:
		return 3
	case parser.SeverityWarning:
		return 2
	case parser.SeverityInfo:
		return 1
	}
	return 0
}

// TopN is how many rules and sources the terminal summary lists.
const TopN = 10

// WriteText prints the summary for a terminal: statuses, suspect mirrors, the top rules and
// the worst sources.
func (s Summary) WriteText(w io.Writer) error {
	p := &errWriter{w: w}
	p.printf("\n%d report(s) checked:", s.Reports)
	for _, st := range Statuses {
		p.printf(" %s %d", st, s.ByStatus[st])
	}
	for _, st := range sortedKeys(s.ByStatus) {
		if !isKnownStatus(st) {
			p.printf(" %s %d", st, s.ByStatus[st])
		}
	}
	p.printf("; suspect mirror %d\n", s.Mirrors)
	if len(s.Rules) > 0 {
		p.printf("top rules (issues, reports):\n")
		for _, r := range head(s.Rules, TopN) {
			p.printf("  %6d %5d  %-7s %s\n", r.Issues, r.Reports, r.Severity, r.Rule)
		}
		if len(s.Rules) > TopN {
			p.printf("  … %d more rule(s)\n", len(s.Rules)-TopN)
		}
	}
	if len(s.Sources) > 0 {
		p.printf("worst sources (errors, warnings, reports):\n")
		for _, sc := range head(s.Sources, TopN) {
			mark := ""
			if sc.Mirror {
				mark = "  [suspect mirror]"
			}
			p.printf("  %6d %6d %5d  %s%s\n", sc.Errors, sc.Warnings, sc.Reports, sc.Key, mark)
		}
		if len(s.Sources) > TopN {
			p.printf("  … %d more source(s) with errors\n", len(s.Sources)-TopN)
		}
	}
	return p.err
}

func head[T any](xs []T, n int) []T {
	if len(xs) > n {
		return xs[:n]
	}
	return xs
}

func isKnownStatus(s string) bool {
	for _, k := range Statuses {
		if k == s {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// errWriter keeps the first write error so printing code stays linear.
type errWriter struct {
	w   io.Writer
	err error
}

func (p *errWriter) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}
