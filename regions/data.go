package regions

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// regionsFile is the data: every division and host this package knows (format in its header).
//
//go:embed data/regions.tsv
var regionsFile []byte

// Levels of a division or a body, from the top.
const (
	LevelProvince = "province"
	LevelCity     = "city"
	LevelCounty   = "county"
	LevelTownship = "township"
)

// municipalities are provinces that are also their own prefecture: their districts are counties
// directly under them, and the municipality stands as the district's city.
var municipalities = map[string]bool{"北京市": true, "天津市": true, "上海市": true, "重庆市": true}

// division is one known administrative division.
type division struct {
	level string
	code  string   // "" when not known for certain
	path  []string // province, city, county, township (the city is the municipality for its districts)
}

func (d *division) name() string { return d.path[len(d.path)-1] }

// isAncestorOrSelf reports whether d's path is a prefix of o's.
func (d *division) isAncestorOrSelf(o *division) bool {
	if len(d.path) > len(o.path) {
		return false
	}
	for i := range d.path {
		if d.path[i] != o.path[i] {
			return false
		}
	}
	return true
}

// table is the parsed data file.
type table struct {
	byName map[string][]*division // full names and aliases → divisions of that name
	names  []string               // keys of byName, longest first (longest match wins)
	hosts  map[string]*division   // domain → division
	byPath map[string]*division
}

var (
	loadOnce sync.Once
	loaded   *table
	loadErr  error
)

// data returns the table, parsed once. The file is embedded, so an error is a bug in it, caught by
// the tests.
func data() (*table, error) {
	loadOnce.Do(func() { loaded, loadErr = parseTable(regionsFile) })
	return loaded, loadErr
}

func parseTable(src []byte) (*table, error) {
	t := &table{byName: map[string][]*division{}, hosts: map[string]*division{}, byPath: map[string]*division{}}
	type pending struct {
		line       int
		kind, a, b string
	}
	var later []pending // aliases and hosts refer to divisions, which may come after them
	sc := bufio.NewScanner(bytes.NewReader(src))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			return nil, fmt.Errorf("regions: line %d: want 3 tab-separated fields, got %d", n, len(f))
		}
		level, code, path := f[0], f[1], f[2]
		if code == "-" {
			code = ""
		}
		switch level {
		case LevelProvince, LevelCity, LevelCounty, LevelTownship:
			if code != "" && (len(code) != 6 || strings.Trim(code, "0123456789") != "") {
				return nil, fmt.Errorf("regions: line %d: bad code %q", n, code)
			}
			parts := strings.Split(path, "/")
			if municipalities[parts[0]] && level != LevelProvince {
				parts = append([]string{parts[0]}, parts...)
			}
			want := map[string]int{LevelProvince: 1, LevelCity: 2, LevelCounty: 3, LevelTownship: 4}[level]
			if len(parts) != want {
				return nil, fmt.Errorf("regions: line %d: a %s needs a path of %d names: %q", n, level, want, path)
			}
			d := &division{level: level, code: code, path: parts}
			key := strings.Join(parts, "/")
			if t.byPath[key] != nil {
				return nil, fmt.Errorf("regions: line %d: %q listed twice", n, path)
			}
			if len(parts) > 1 && t.byPath[strings.Join(parts[:len(parts)-1], "/")] == nil {
				return nil, fmt.Errorf("regions: line %d: parent of %q not listed before it", n, path)
			}
			t.byPath[key] = d
			t.byName[d.name()] = append(t.byName[d.name()], d)
			if level == LevelProvince && municipalities[parts[0]] {
				// The municipality as the city of its districts (the parent check below).
				t.byPath[key+"/"+key] = d
			}
		case "alias", "host":
			later = append(later, pending{n, level, code, path})
		default:
			return nil, fmt.Errorf("regions: line %d: unknown kind %q", n, level)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for _, p := range later {
		switch p.kind {
		case "alias":
			alias, full, ok := strings.Cut(p.b, "=")
			d := t.byPath[full]
			if !ok || d == nil {
				return nil, fmt.Errorf("regions: line %d: alias %q of an unknown province", p.line, p.b)
			}
			t.byName[alias] = append(t.byName[alias], d)
		case "host":
			parts := strings.Split(p.b, "/")
			if municipalities[parts[0]] && len(parts) > 1 {
				parts = append([]string{parts[0]}, parts...)
			}
			d := t.byPath[strings.Join(parts, "/")]
			if d == nil || !strings.HasSuffix(p.a, ".gov.cn") {
				return nil, fmt.Errorf("regions: line %d: host %q of an unknown region %q", p.line, p.a, p.b)
			}
			t.hosts[p.a] = d
		}
	}
	for name := range t.byName {
		t.names = append(t.names, name)
	}
	sort.Slice(t.names, func(i, j int) bool {
		if len(t.names[i]) != len(t.names[j]) {
			return len(t.names[i]) > len(t.names[j])
		}
		return t.names[i] < t.names[j]
	})
	return t, nil
}
