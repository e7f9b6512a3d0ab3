// Package regions locates the body that published a report: its province, prefecture-level city,
// county and administrative level, with GB/T 2260 codes where known, inferred from the body's name
// (the agency), the report's title and the page's host.
//
// It depends on nothing in this module, so package parser can call it (parser imports regions,
// never the reverse); Region has exactly the fields of parser.Region, so parser converts it with
// parser.Region(r). The divisions it knows are data, embedded from data/regions.tsv and read once.
package regions

import (
	"net/url"
	"strings"
	"unicode/utf8"
)

// Region is what Infer found. Fields unknown are empty. Keep it field-for-field identical to
// parser.Region (same names, types, order): parser converts one into the other.
type Region struct {
	Code     string `json:"code"`     // GB/T 2260 code of Name's division, when known for certain
	Name     string `json:"name"`     // the most specific division named, e.g. 张家港市
	Province string `json:"province"` // e.g. 江苏省
	City     string `json:"city"`     // prefecture level, e.g. 苏州市; the municipality for its districts
	County   string `json:"county"`   // county level, e.g. 张家港市
	// Level of the publishing body: province, city, county, township, or "".
	Level string `json:"level"`
	// Source says where the region came from: "inferred" here.
	Source string `json:"source"`
}

// Known reports whether anything was found.
func (r Region) Known() bool { return r.Name != "" || r.Level != "" }

// match is one known name found in the text.
type match struct {
	start, end int
	divs       []*division
}

// Infer locates a body from its name (agency), the report title and the page URL:
//
//   - the known division names (full names only) found in the agency, else in the title; where
//     names overlap the longest wins (张家港市 over a shorter name inside it);
//   - of the divisions so named, the deepest one that the other names agree with (沈阳市大东区:
//     大东区 of 沈阳市); two divisions of one name that nothing tells apart (和平区 alone) give
//     only the name and level, no province;
//   - a .gov.cn host listed in the data decides between divisions of one name, and stands in when
//     the text names no known division;
//   - the level is that of the body, not of the region: a 镇, 乡, 街道 or 苏木 in the agency makes
//     it a township even when the township is not known (冶金工业园(锦丰镇)); an agency starting
//     with 区/县/旗 (区统计局) is a county-level body.
//
// It never guesses beyond that: unknown stays empty.
func Infer(agency, title, rawURL string) Region {
	t, err := data()
	if err != nil {
		return Region{}
	}
	host := hostDivision(t, rawURL)
	text := agency
	ms := t.find(text)
	if len(ms) == 0 && agency == "" {
		text = title
		ms = t.find(text)
	}
	var r Region
	if d, name, ambiguous := resolve(ms, host); d != nil {
		r = fromDivision(d)
	} else if ambiguous != nil {
		// Two or more divisions of this name, nothing to choose: keep what they share.
		r = Region{Name: name, Level: ambiguous.level}
		setLevelName(&r, ambiguous.level, name)
	} else if host != nil {
		r = fromDivision(host)
	}
	if lvl := bodyLevel(agency); lvl != "" && deeper(lvl, r.Level) {
		r.Level = lvl
	}
	if r.Known() {
		r.Source = "inferred"
	}
	return r
}

func fromDivision(d *division) Region {
	r := Region{Code: d.code, Name: d.name(), Level: d.level, Province: d.path[0]}
	if len(d.path) > 1 {
		r.City = d.path[1]
	}
	if len(d.path) > 2 {
		r.County = d.path[2]
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
	}
}

var levelDepth = map[string]int{"": 0, LevelProvince: 1, LevelCity: 2, LevelCounty: 3, LevelTownship: 4}

func deeper(a, b string) bool { return levelDepth[a] > levelDepth[b] }

// find returns the known names in s, longest first at each place, without overlaps.
func (t *table) find(s string) []match {
	if s == "" {
		return nil
	}
	var ms []match
	taken := make([]bool, len(s))
	for _, name := range t.names { // longest first: a shorter name inside a longer one is skipped
		for from := 0; ; {
			i := strings.Index(s[from:], name)
			if i < 0 {
				break
			}
			i += from
			free := true
			for j := i; j < i+len(name); j++ {
				if taken[j] {
					free = false
					break
				}
			}
			if free {
				for j := i; j < i+len(name); j++ {
					taken[j] = true
				}
				ms = append(ms, match{start: i, end: i + len(name), divs: t.byName[name]})
			}
			from = i + len(name)
		}
	}
	return ms
}

// resolve picks the division the matches agree on: each candidate scores one point per other match
// that names one of its ancestors, and one for agreeing with the host; the best score wins, then
// the deeper division. A tie between different divisions at the top is ambiguous: resolve then
// returns a division of that level (for its level) and the name.
func resolve(ms []match, host *division) (best *division, name string, ambiguous *division) {
	bestScore, tie := -1, false
	for mi, m := range ms {
		for _, d := range m.divs {
			score := 0
			for mj, o := range ms {
				if mj == mi {
					continue
				}
				for _, od := range o.divs {
					if od.isAncestorOrSelf(d) {
						score++
						break
					}
				}
			}
			if host != nil && (host.isAncestorOrSelf(d) || d.isAncestorOrSelf(host)) {
				score++
			}
			switch {
			case best == nil || score > bestScore || (score == bestScore && len(d.path) > len(best.path)):
				best, bestScore, tie = d, score, false
			case score == bestScore && len(d.path) == len(best.path) && d != best:
				tie = true
			}
		}
	}
	if tie {
		return nil, best.name(), best
	}
	return best, "", nil
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
		if d := t.hosts[h]; d != nil {
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

// bodyLevel reads the level of a body from its name alone: a township marker anywhere (镇, 乡,
// 街道, 苏木, but not in words such as 城镇, 城乡, 乡村), or a county-level name it starts with
// (区统计局, 县人民政府). "" when the name does not say.
func bodyLevel(agency string) string {
	if agency == "" {
		return ""
	}
	if strings.Contains(agency, "街道") || strings.Contains(agency, "苏木") {
		return LevelTownship
	}
	for i, r := range agency {
		if r != '镇' && r != '乡' {
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(agency[:i])
		next, _ := utf8.DecodeRuneInString(agency[i+utf8.RuneLen(r):])
		if i == 0 || prev == '城' || next == '村' || next == '镇' || prev == '乡' {
			continue // 城镇, 城乡, 乡村, 乡镇: words, not a town's name
		}
		return LevelTownship
	}
	first, _ := utf8.DecodeRuneInString(agency)
	switch first {
	case '区', '县', '旗':
		return LevelCounty
	}
	return ""
}
