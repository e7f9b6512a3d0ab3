package regions

import (
	"bytes"
	"encoding/binary"
	"flag"
	"os"
	"reflect"
	"sync"
	"testing"
)

var update = flag.Bool("update", false, "rewrite data/divisions.idx from data/divisions.tsv.gz and data/extra.tsv")

const indexPath = "data/divisions.idx"

var (
	builtOnce sync.Once
	builtTab  *built
	builtErr  error
)

// sources reads the index's sources from the package folder (the binary embeds only the index).
func sources(tb testing.TB) (divisionsGz, extra []byte) {
	tb.Helper()
	divisionsGz, err := os.ReadFile("data/divisions.tsv.gz")
	if err != nil {
		tb.Fatal(err)
	}
	extra, err = os.ReadFile("data/extra.tsv")
	if err != nil {
		tb.Fatal(err)
	}
	return divisionsGz, extra
}

// reference is the table built from the sources, the maps the index is held to.
func reference(tb testing.TB) *built {
	tb.Helper()
	builtOnce.Do(func() { builtTab, builtErr = buildTable(sources(tb)) })
	if builtErr != nil {
		tb.Fatal(builtErr)
	}
	return builtTab
}

// TestIndexIsCurrent: the embedded index is what the sources make (go test -update remakes it).
func TestIndexIsCurrent(t *testing.T) {
	idx, err := encodeIndex(reference(t))
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(indexPath, idx, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d bytes)", indexPath, len(idx))
		return
	}
	if !bytes.Equal(idx, []byte(indexFile)) {
		t.Fatalf("%s is not what data/divisions.tsv.gz and data/extra.tsv make: run go generate ./regions", indexPath)
	}
	again, err := encodeIndex(reference(t))
	if err != nil || !bytes.Equal(idx, again) {
		t.Fatalf("encodeIndex is not deterministic (err %v)", err)
	}
}

// TestIndexAnswersAsTheMaps: every name, code and host of the built table gives, from the index,
// the same divisions in the same order (compared by code and name: the index's are other values).
func TestIndexAnswersAsTheMaps(t *testing.T) {
	ref := reference(t)
	tab, err := data()
	if err != nil {
		t.Fatal(err)
	}
	if tab.version != ref.version || tab.maxRunes != ref.maxRunes || len(tab.divs) != len(ref.all) {
		t.Fatalf("index: version %q, maxRunes %d, %d divisions; built: %q, %d, %d",
			tab.version, tab.maxRunes, len(tab.divs), ref.version, ref.maxRunes, len(ref.all))
	}
	for name, want := range ref.byName {
		got, alias := tab.named(name)
		if !sameDivisions(got, want) || alias != ref.aliases[name] || !tab.hasName(name) {
			t.Fatalf("named(%q) = %v alias %v, built %v alias %v", name, describe(got), alias, describe(want), ref.aliases[name])
		}
	}
	if tab.names.keyCount() != len(ref.byName) || tab.codes.keyCount() != len(ref.byCode) || tab.hosts.keyCount() != len(ref.hosts) {
		t.Fatalf("index keys %d/%d/%d, built %d/%d/%d", tab.names.keyCount(), tab.codes.keyCount(), tab.hosts.keyCount(),
			len(ref.byName), len(ref.byCode), len(ref.hosts))
	}
	for code, want := range ref.byCode {
		if got := tab.byCode(code); !sameDivisions([]*division{got}, []*division{want}) {
			t.Fatalf("byCode(%q) = %v, built %v", code, describe([]*division{got}), describe([]*division{want}))
		}
	}
	for host, want := range ref.hosts {
		if got := tab.byHost(host); got == nil || got.code != want.code {
			t.Fatalf("byHost(%q) = %+v, built %+v", host, got, want)
		}
	}
	for _, miss := range []string{"", "北京", "x", "张家港市冶金工业", "1100000", "gov.cn"} {
		if _, ok := ref.byName[miss]; !ok && tab.hasName(miss) {
			t.Errorf("hasName(%q): true, not a name", miss)
		}
		if _, ok := ref.byCode[miss]; !ok && tab.byCode(miss) != nil {
			t.Errorf("byCode(%q): found, not a code", miss)
		}
	}
	var heads headSet
	for name := range ref.byName {
		heads.add(name)
	}
	for i, w := range heads {
		if got := uint64(u32(tab.heads, i*8)) | uint64(u32(tab.heads, i*8+4))<<32; got != w {
			t.Fatalf("heads word %d = %x, built %x", i, got, w)
		}
	}
	for name := range ref.byName {
		if len([]rune(name)) >= 2 && !tab.mayStart(name) {
			t.Fatalf("mayStart(%q) false for a name", name)
		}
	}
}

// sameDivisions compares two lists of divisions by everything but identity, parents by code.
func sameDivisions(a, b []*division) bool {
	return reflect.DeepEqual(describe(a), describe(b))
}

func describe(ds []*division) []string {
	var out []string
	for _, d := range ds {
		if d == nil {
			out = append(out, "<nil>")
			continue
		}
		parent := ""
		if d.parent != nil {
			parent = d.parent.code
		}
		zone := ""
		if d.zone {
			zone = " zone"
		}
		out = append(out, d.code+" "+d.name+" "+d.level+" <"+parent+zone)
	}
	return out
}

// TestOpenIndexRefusesDamage: a cut or altered index is refused with ErrData, never a panic or a
// table that could look outside it.
func TestOpenIndexRefusesDamage(t *testing.T) {
	for _, n := range []int{0, 5, len(indexMagic), len(indexMagic) + 3, len(indexFile) / 3, len(indexFile) / 2, len(indexFile) - 1} {
		if _, err := openIndex(indexFile[:n]); err == nil {
			t.Errorf("index cut to %d bytes: opened", n)
		}
	}
	if _, err := openIndex(indexFile + "x"); err == nil {
		t.Error("index with a byte after it: opened")
	}
}

// FuzzOpenIndex: any bytes are an index or an error; an index that opens answers lookups without
// running out of itself.
func FuzzOpenIndex(f *testing.F) {
	f.Add(indexMagic)
	f.Add(indexFile[:len(indexFile)/7])
	small, err := encodeIndex(&built{version: "made", byName: map[string][]*division{}, byCode: map[string]*division{},
		hosts: map[string]*division{}, aliases: map[string]bool{}})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(small))
	f.Fuzz(func(t *testing.T, s string) {
		tab, err := openIndex(s)
		if err != nil {
			return
		}
		for _, k := range []string{"北京市", "110000", "x.gov.cn", ""} {
			tab.named(k)
			tab.byCode(k)
			tab.byHost(k)
		}
	})
}

// FuzzIndexLookup: the index finds a string exactly when the built table's map has it.
func FuzzIndexLookup(f *testing.F) {
	for _, s := range []string{"北京市", "锦丰镇", "110000", "320582406", "大东区前进街道", "", "\xff"} {
		f.Add(s)
	}
	ref := reference(f)
	tab, err := data()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, _ := tab.named(s)
		if want := ref.byName[s]; !sameDivisions(got, want) {
			t.Fatalf("named(%q) = %v, built %v", s, describe(got), describe(want))
		}
		if got, want := tab.byCode(s), ref.byCode[s]; (got == nil) != (want == nil) {
			t.Fatalf("byCode(%q) = %v, built %v", s, got, want)
		}
	})
}

// BenchmarkOpenIndex: what a process pays, at its first Infer, for the division data.
func BenchmarkOpenIndex(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := openIndex(indexFile); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildTable: building the maps from the sources, as every process did before the index.
func BenchmarkBuildTable(b *testing.B) {
	gz, extra := sources(b)
	for i := 0; i < b.N; i++ {
		if _, err := buildTable(gz, extra); err != nil {
			b.Fatal(err)
		}
	}
}

// TestOpenIndexRefusesFullSlots: an index whose slots are all taken (a damaged one) is refused:
// a lookup of a key it does not hold would probe for ever.
func TestOpenIndexRefusesFullSlots(t *testing.T) {
	d := &division{code: "110000", name: "北京市", level: LevelProvince}
	idx, err := encodeIndex(&built{version: "made", all: []*division{d}, byName: map[string][]*division{},
		byCode: map[string]*division{d.code: d}, hosts: map[string]*division{}, aliases: map[string]bool{}})
	if err != nil {
		t.Fatal(err)
	}
	tab, err := openIndex(string(idx))
	if err != nil || tab.byCode("110000") != &tab.divs[0] || tab.byCode("120000") != nil {
		t.Fatalf("the made index: %v", err)
	}
	// After the divisions: the names map (1 slot, 0 keys, 0 postings: 16 bytes), then the codes
	// map: 4 slots for its one key. Every slot pointing at that key: refused.
	codes := len(indexMagic) + 4 + len("made") + 4 + 4 + divRecord + 16
	if n := binary.LittleEndian.Uint32(idx[codes:]); n != 4 {
		t.Fatalf("the codes map has %d slots, want 4 (the layout changed: fix this test)", n)
	}
	for i := range 4 {
		binary.LittleEndian.PutUint32(idx[codes+4+4*i:], 1)
	}
	if _, err := openIndex(string(idx)); err == nil {
		t.Error("every slot used: opened")
	}
}
