package regions

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Body types (Region.BodyType): what kind of body published the report, so that governments are
// compared with governments and departments with departments.
const (
	BodyGovernment    = "government"         // a people's government of a province, city or county (张家港市人民政府)
	BodyGeneralOffice = "general_office"     // its general office (上海市人民政府办公厅, 区政府办公室)
	BodyDepartment    = "department"         // a department or agency under a government (徐闻县司法局, 地方志办公室)
	BodyTownship      = "township_or_street" // a township government or street office (松木塘镇人民政府, 前进街道办事处)
	BodyZone          = "development_zone"   // a development zone's administration (平潭综合实验区, 高新区管委会)
	BodyOther         = "other"              // anything else, and a body the page does not name
)

// zoneWords end the names of development zones and similar areas.
var zoneWords = []string{"开发区", "高新区", "工业园区", "工业园", "产业园", "园区", "新区", "实验区", "示范区",
	"保税区", "试验区", "合作区", "度假区", "管理区", "新城", "功能区", "风景名胜区", "自贸区", "自由贸易区"}

// govTails end a government's name once the division's name is taken off (张家港市|人民政府).
var govTails = []string{"人民政府", "政府"}

// officeTails are a government's general office (上海市|人民政府办公厅, 区政府办公室).
var officeTails = []string{"人民政府办公厅", "人民政府办公室", "政府办公厅", "政府办公室", "政府办"}

// zoneTails end a zone administration's name (…开发区|管委会).
var zoneTails = []string{"管委会", "管理委员会", "管委", "管理局", "党工委管委会"}

// deptSuffixes end the names of departments and agencies.
var deptSuffixes = []string{"局", "委员会", "委", "厅", "办公室", "办", "中心", "院", "所", "处", "署", "站", "馆",
	"队", "室", "部", "会", "社", "行", "台", "团", "研究室"}

// townTails end a township's body (锦丰镇|人民政府, 前进街道|办事处) once its name is taken off.
var townTails = []string{"人民政府", "政府", "办事处", "街道办事处", "街道办", "党委政府", ""}

// titleTail cuts a title before its year or the words of the report (我局2022年政府信息公开… → 我局).
var titleTail = regexp.MustCompile(`(?:\d{4}\s*年|政府信息公开|年度报告|工作报告).*$`)

// bodyType reads the kind of body from its name: the agency, else the title cut before the year.
// ms are the known names found in the agency (d the division they fixed); the name's end after the
// last of them decides (张家港市|人民政府 a government; 湛江市|人民政府地方志办公室 a department;
// 冶金工业园(锦丰镇|) a township: the bracket names the town the zone is merged with).
func bodyType(agency, title string, ms []match, d *division, level string) string {
	// Not trimmed: ms hold byte offsets into agency as it was searched (the tail is trimmed below).
	name := agency
	if strings.TrimSpace(name) == "" {
		name = strings.TrimSpace(titleTail.ReplaceAllString(title, ""))
		ms = nil // the title's names were not looked up on this cut
	}
	if name == "" {
		return BodyOther
	}
	tail, lastName := name, ""
	var last *match
	if len(ms) > 0 {
		last = &ms[len(ms)-1]
		tail, lastName = name[last.end:], last.name
	}
	tail = strings.TrimFunc(tail, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("()（）[]【】", r) })
	// A county-level body that names its level only (区政府办公室, 县人民政府).
	bare := strings.TrimLeft(tail, "省市区县旗")
	switch {
	case oneOf(bare, officeTails) && (last != nil || bare != tail):
		return BodyGeneralOffice
	case last != nil && last.divs != nil && isTown(last, d) && oneOf(tail, townTails):
		return BodyTownship
	case last != nil && isZoneName(lastName, d) && (tail == "" || oneOf(tail, zoneTails)):
		return BodyZone
	case oneOf(bare, govTails) && (last != nil || bare != tail):
		if level == LevelTownship {
			return BodyTownship
		}
		return BodyGovernment
	case last != nil && tail == "" && d != nil:
		if level == LevelTownship {
			return BodyTownship
		}
		return BodyGovernment
	}
	// The name's own words: no known division in it, or one followed by a body's name.
	switch {
	case endsWithAny(tail, officeTails):
		return BodyGeneralOffice
	case endsWithAny(tail, zoneWords) || zoneBody(tail):
		return BodyZone
	case townBody(tail):
		return BodyTownship
	case endsWithAny(tail, deptSuffixes):
		return BodyDepartment
	case endsWithAny(tail, govTails) && (level != "" || govLevel(tail) != ""):
		if level == LevelTownship {
			return BodyTownship
		}
		return BodyGovernment
	}
	return BodyOther
}

// govLevel reads the level of a people's government from the word before 人民政府 (示例县人民政府 a
// county's, 某省人民政府 a province's); "" for 市, 州, 盟 (a prefecture or a county-level city) and
// anything else. "x" for a name ending so whose level is unknown: still a government.
func govLevel(name string) string {
	for _, g := range govTails {
		rest, ok := strings.CutSuffix(name, g)
		if !ok || rest == "" {
			continue
		}
		switch {
		case strings.HasSuffix(rest, "自治区"), strings.HasSuffix(rest, "省"):
			return LevelProvince
		case strings.HasSuffix(rest, "县"), strings.HasSuffix(rest, "旗"), strings.HasSuffix(rest, "区"):
			return LevelCounty
		case strings.HasSuffix(rest, "市"), strings.HasSuffix(rest, "州"), strings.HasSuffix(rest, "盟"):
			return "x"
		}
	}
	return ""
}

// isTown reports whether the last name is the township the body is (not a zone unit).
func isTown(m *match, d *division) bool {
	for _, x := range m.divs {
		if x.level == LevelTownship && !x.zone && (d == nil || d == x) {
			return true
		}
	}
	return false
}

// isZoneName reports whether a division name (or alias) is a zone's: a zone unit of the data, or a
// name ending in a zone word (平潭综合实验区).
func isZoneName(name string, d *division) bool {
	return (d != nil && d.zone) || endsWithAny(name, zoneWords)
}

// zoneBody: …开发区管委会, …园区管理委员会.
func zoneBody(s string) bool {
	for _, t := range zoneTails {
		if rest, ok := strings.CutSuffix(s, t); ok && endsWithAny(rest, zoneWords) {
			return true
		}
	}
	return false
}

// townBody: a name that ends as a township's body does (太平镇政府, 某街道办事处, 北京街道).
func townBody(s string) bool {
	for _, t := range townTails {
		rest, ok := strings.CutSuffix(s, t)
		if !ok {
			continue
		}
		for _, m := range []string{"镇", "乡", "街道", "苏木"} {
			if strings.HasSuffix(rest, m) && utf8.RuneCountInString(rest) > utf8.RuneCountInString(m) {
				return true
			}
		}
	}
	return false
}

func oneOf(s string, set []string) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}

func endsWithAny(s string, set []string) bool {
	for _, x := range set {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// bodyLevel reads the level of a body from its name with the known names taken out (丰镇市 is a
// city, not a town): a township marker anywhere (镇, 乡, 街道, 苏木, but not in words such as 城镇,
// 城乡, 乡村), or a county-level word it starts with (区统计局, 县人民政府). "" when it does not say.
func bodyLevel(agency string, ms []match) string {
	if agency == "" {
		return ""
	}
	var b strings.Builder
	at := 0
	for _, m := range ms {
		b.WriteString(agency[at:m.start])
		b.WriteByte(0) // a known name: neither a marker nor a word's neighbour
		at = m.end
	}
	b.WriteString(agency[at:])
	rest := b.String()
	if strings.Contains(rest, "街道") || strings.Contains(rest, "苏木") {
		return LevelTownship
	}
	for i, r := range rest {
		if r != '镇' && r != '乡' {
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(rest[:i])
		next, _ := utf8.DecodeRuneInString(rest[i+utf8.RuneLen(r):])
		if i == 0 || prev == 0 || prev == '城' || next == '村' || next == '镇' || prev == '乡' {
			continue // 城镇, 城乡, 乡村, 乡镇: words, not a town's name
		}
		return LevelTownship
	}
	first, _ := utf8.DecodeRuneInString(rest)
	switch first {
	case '区', '县', '旗':
		return LevelCounty
	}
	if l := govLevel(rest); l != "x" {
		return l // 示例县人民政府: a county's
	}
	return ""
}

// selfRef is how a report's text speaks of its body: 我局 (our bureau), 我镇 (our town).
var selfRef = regexp.MustCompile(`我(局|委|厅|中心|院|所|镇|乡|街道)`)

// selfReference reads the body type from the first self-reference of the text: a department (我局,
// 我委, 我厅, 我中心) or a township (我镇, 我乡, 我街道). 我区, 我县, 我市 and 我办 are left out: a
// department speaks of its county so too, and 我办 is any office.
func selfReference(text string) string {
	m := selfRef.FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	switch m[1] {
	case "镇", "乡", "街道":
		return BodyTownship
	}
	return BodyDepartment
}
