package parser

import (
	"bytes"
	"math/rand"
	"testing"

	"github.com/govreports/govreports/schemas"
)

// BenchmarkParseGlued measures the glued-dump path on the real pingtan page (≈11 KB): tokens cut
// at labels, every run split, table 三 solved, validation included.
func BenchmarkParseGlued(b *testing.B) {
	data, src := readCorpusFile(b, "../testdata/corpus/glued/pingtan_2022_glued.txt")
	benchParse(b, data, src)
}

// BenchmarkParseGluedPadded: the same page with ten times its prose: the cost grows with the
// page, not with the searches (which are bounded per row and per table).
func BenchmarkParseGluedPadded(b *testing.B) {
	data, src := readCorpusFile(b, "../testdata/corpus/glued/pingtan_2022_glued.txt")
	i := bytes.Index(data, []byte("二、主动公开政府信息情况"))
	prose := data[bytes.Index(data, []byte("本报告根据")):i]
	page := append(append(append([]byte{}, data[:i]...), bytes.Repeat(prose, 10)...), data[i:]...)
	benchParse(b, page, src)
}

// BenchmarkParseGluedCity: a made dump of a city's figures (hundreds to thousands per cell, so
// long runs with many cuts to try), both forms.
func BenchmarkParseGluedCity(b *testing.B) {
	for _, f := range schemas.MustForms() {
		b.Run(f.Version, func(b *testing.B) {
			known := madeTable(f, rand.New(rand.NewSource(3)), 3000)
			doc := gluedMade(f, "示例市2022年政府信息公开工作年度报告", cellTexts(known), gluedStyles[1])
			benchParse(b, []byte(doc), Source{Name: "bench"})
		})
	}
}

func benchParse(b *testing.B, data []byte, src Source) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data, src); err != nil {
			b.Fatal(err)
		}
	}
}
