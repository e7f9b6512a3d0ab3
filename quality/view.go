package quality

import (
	"fmt"
	"sort"
	"strings"

	"github.com/govreports/govreports/parser"
)

// The view model: everything the template prints, computed here so the template stays a plain
// layout and every value it prints goes through html/template's escaping.

type issueView struct {
	issue  parser.Issue
	N      int // 1-based number in the report's list, shown in tooltips as #N
	Level  string
	Where  string // section.row.col as far as the issue names them
	Target string // id of the grid element it points at, "" when none is drawn
}

// Exported accessors for the template (the issue itself stays unexported to keep the view
// read-only).
func (i issueView) Rule() string     { return i.issue.Rule }
func (i issueView) Severity() string { return string(i.issue.Severity) }
func (i issueView) Message() string  { return i.issue.Message }
func (i issueView) Expected() string { return i.issue.Expected }
func (i issueView) Actual() string   { return i.issue.Actual }
func (i issueView) Checks() string   { return RuleChecks(i.issue.Rule) }

type reportView struct {
	N, Anchor                                  string
	ID, Title, Agency, Form, Status, Source    string
	URL, Archive, ArchiveHref, Host, Region    string
	Year, Published, Encoding, InputFormat     string
	Mirror                                     bool
	Errors, Warnings, Infos, Highlighted       int
	Rules, Severities, Levels                  string // space-separated sets, for the filters
	Issues                                     []issueView
	Sections                                   []sectionView
	Spam                                       []SpamExcerpt
	CellIssues, RowIssues, ColIssues, SecIssue int
}

// option is one choice of a filter, with how many reports it selects.
type option struct {
	Value, Label string
	Count        int
}

type pageView struct {
	Title    string
	Summary  Summary
	Statuses []option
	Reports  []reportView
	Filters  []filterView
	Rules    []ruleRow
	TopN     int
}

type filterView struct {
	Key, Label string // Key is the data attribute the filter reads (data-KEY on each report)
	Multi      bool   // the attribute holds a space-separated set (rules, severities)
	Options    []option
}

type ruleRow struct {
	RuleCount
	Checks string
}

// SortEntries orders entries for output: by source, then report id, so a report's place does
// not depend on the order inputs were read in.
func SortEntries(entries []Entry) {
	sort.SliceStable(entries, func(i, j int) bool {
		a, b := entries[i].Result.Report, entries[j].Result.Report
		if a.Source != b.Source {
			return a.Source < b.Source
		}
		return a.ID < b.ID
	})
}

func buildPage(entries []Entry, title string) pageView {
	pv := pageView{Title: title, Summary: Summarize(entries), TopN: TopN}
	for _, rc := range pv.Summary.Rules {
		pv.Rules = append(pv.Rules, ruleRow{RuleCount: rc, Checks: RuleChecks(rc.Rule)})
	}
	for _, st := range Statuses {
		pv.Statuses = append(pv.Statuses, option{Value: st, Label: st, Count: pv.Summary.ByStatus[st]})
	}
	for n, e := range entries {
		pv.Reports = append(pv.Reports, buildReport(e, n+1))
	}
	pv.Filters = buildFilters(pv.Reports)
	return pv
}

func buildReport(e Entry, n int) reportView {
	res := e.Result
	rep := res.Report
	rv := reportView{
		N: fmt.Sprint(n), Anchor: fmt.Sprintf("r%d", n),
		ID: rep.ID, Title: rep.Title, Agency: rep.Agency, Form: rep.Form, Status: rep.Status,
		Source: rep.Source, URL: rep.URL, Archive: e.Archive, Host: e.Host(), Region: e.Region(),
		Published: rep.Published, Encoding: rep.Encoding, InputFormat: rep.InputFormat,
		Mirror: rep.Mirror, Spam: e.Spam,
	}
	if rep.Year > 0 {
		rv.Year = fmt.Sprint(rep.Year)
	}
	if rv.URL == "" && (strings.HasPrefix(rep.Source, "http://") || strings.HasPrefix(rep.Source, "https://")) {
		rv.URL = rep.Source
	}
	rv.ArchiveHref = archiveHref(e.Archive)
	rv.Errors, rv.Warnings, rv.Infos = e.Counts()
	grid := gridIndex(res)
	rules, sevs, levels := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for k, i := range res.Issues {
		lv := LevelOf(i)
		iv := issueView{issue: i, N: k + 1, Level: lv.String(), Where: where(i)}
		switch lv {
		case LevelCell:
			rv.CellIssues++
			if grid[cellKey(i.Section, i.Row, i.Col)] {
				iv.Target = rv.Anchor + "-c-" + i.Section + "-" + i.Row + "-" + i.Col
			}
		case LevelRow:
			rv.RowIssues++
			if sectionDrawn(grid, i.Section) {
				iv.Target = rv.Anchor + "-r-" + i.Section + "-" + i.Row
			}
		case LevelColumn:
			rv.ColIssues++
			if sectionDrawn(grid, i.Section) {
				iv.Target = rv.Anchor + "-h-" + i.Section + "-" + i.Col
			}
		case LevelSection:
			rv.SecIssue++
			iv.Target = rv.Anchor + "-" + i.Section
		}
		rv.Issues = append(rv.Issues, iv)
		rules[i.Rule] = true
		sevs[string(i.Severity)] = true
		levels[lv.String()] = true
	}
	rv.Rules, rv.Severities, rv.Levels = joinSet(rules), joinSet(sevs), joinSet(levels)
	rv.Highlighted = len(HighlightedCells(res))
	rv.Sections = buildSections(res, rv.Anchor, rv.Issues)
	return rv
}

func sectionDrawn(grid map[string]bool, section string) bool {
	for k := range grid {
		if strings.HasPrefix(k, section+"|") {
			return true
		}
	}
	return false
}

func where(i parser.Issue) string {
	var parts []string
	for _, p := range []string{i.Section, i.Row, i.Col} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " · ")
}

// archiveHref links the archived copy when it is a URL (a replay service); a WARC path on disk
// is shown as text, since browsers cannot open a record inside it.
func archiveHref(a string) string {
	if strings.HasPrefix(a, "http://") || strings.HasPrefix(a, "https://") {
		return a
	}
	return ""
}

func joinSet(m map[string]bool) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, " ")
}

// buildFilters lists the choices of every filter from the reports themselves, sorted, with
// counts, so the page offers only choices that select something.
func buildFilters(reps []reportView) []filterView {
	type spec struct {
		key, label string
		multi      bool
		get        func(r reportView) []string
	}
	specs := []spec{
		{"rule", "rule", true, func(r reportView) []string { return strings.Fields(r.Rules) }},
		{"severity", "severity", true, func(r reportView) []string { return strings.Fields(r.Severities) }},
		{"status", "status", false, func(r reportView) []string { return []string{r.Status} }},
		{"mirror", "suspect mirror", false, func(r reportView) []string { return []string{mirrorValue(r.Mirror)} }},
		{"region", "region / province", false, func(r reportView) []string { return []string{orUnknown(r.Region)} }},
		{"year", "year", false, func(r reportView) []string { return []string{orUnknown(r.Year)} }},
		{"form", "form", false, func(r reportView) []string { return []string{orUnknown(r.Form)} }},
		{"host", "host", false, func(r reportView) []string { return []string{orUnknown(r.Host)} }},
	}
	var out []filterView
	for _, sp := range specs {
		counts := map[string]int{}
		for _, r := range reps {
			for _, v := range sp.get(r) {
				counts[v]++
			}
		}
		fv := filterView{Key: sp.key, Label: sp.label, Multi: sp.multi}
		for _, v := range sortedKeys(counts) {
			fv.Options = append(fv.Options, option{Value: v, Label: v, Count: counts[v]})
		}
		out = append(out, fv)
	}
	return out
}

func mirrorValue(m bool) string {
	if m {
		return "yes"
	}
	return "no"
}

// unknownValue stands for an empty attribute in filters (a report without a host, year…).
const unknownValue = "(unknown)"

func orUnknown(s string) string {
	if s == "" {
		return unknownValue
	}
	return s
}
