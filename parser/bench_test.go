package parser

import (
	"os"
	"testing"
)

// BenchmarkParseText measures the pipe-text path on the real sample (≈9 KB), validation included.
func BenchmarkParseText(b *testing.B) {
	data, err := os.ReadFile("../testdata/corpus/jinfeng-2022-pipe.txt")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data, Source{Name: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseHTML measures the HTML path on a made ~60 KB page (a complete report with the
// real rowspan/colspan layout, padded with the prose and navigation real portals carry).
func BenchmarkParseHTML(b *testing.B) {
	data, err := os.ReadFile("testdata/html/a_2021_complete_utf8.html")
	if err != nil {
		b.Fatal(err)
	}
	page := padPage(data, 60<<10)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(page, Source{Name: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
}

// padPage grows a page to about size bytes with paragraphs of prose before </body>, as the
// 总体情况 text and portal chrome do on real pages.
func padPage(page []byte, size int) []byte {
	para := []byte("<p>本年度，我局认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，全面推进决策、执行、管理、服务、结果公开，持续提升政务公开质量和实效。</p>\n")
	out := append([]byte{}, page...)
	idx := len(out)
	if i := lastIndex(out, []byte("</body>")); i >= 0 {
		idx = i
	}
	var pad []byte
	for len(out)+len(pad) < size {
		pad = append(pad, para...)
	}
	return append(append(append([]byte{}, out[:idx]...), pad...), out[idx:]...)
}

func lastIndex(b, sep []byte) int {
	for i := len(b) - len(sep); i >= 0; i-- {
		if string(b[i:i+len(sep)]) == string(sep) {
			return i
		}
	}
	return -1
}
