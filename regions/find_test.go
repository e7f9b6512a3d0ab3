package regions

import (
	"reflect"
	"testing"
)

// findPlain is find without the head filter: every span looked up.
func findPlain(t *table, s string) []match {
	plain := *t
	plain.heads = ""
	return plain.find(s)
}

// TestFindHeads: every name of the data is found in itself, and in a sentence around it, as
// the plain lookup of every span finds it.
func TestFindHeads(t *testing.T) {
	tab, err := data()
	if err != nil {
		t.Fatal(err)
	}
	for name := range reference(t).byName {
		for _, s := range []string{name, "关于" + name + "人民政府的报告"} {
			if got, want := tab.find(s), findPlain(tab, s); !reflect.DeepEqual(got, want) {
				t.Fatalf("find(%q) = %+v, plain %+v", s, got, want)
			}
		}
	}
}

// FuzzFindHeads holds find's head filter to looking up every span.
func FuzzFindHeads(f *testing.F) {
	f.Add("张家港市冶金工业园(锦丰镇)2022年政府信息公开工作年度报告")
	f.Add("大东区前进街道办事处")
	f.Add("\xff镇\x00北京")
	tab, err := data()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := tab.find(s), findPlain(tab, s); !reflect.DeepEqual(got, want) {
			t.Fatalf("find(%q) = %+v, plain %+v", s, got, want)
		}
	})
}
