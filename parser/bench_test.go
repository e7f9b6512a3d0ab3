package parser

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/govreports/govreports/internal/charset"
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

// BenchmarkParsePages measures the HTML path on pages shaped like the ones portals serve: every
// made fixture of testdata/html up to 41 KB, written as GBK bytes with a <meta> charset and
// padded with report prose to 24 KB (as scripts/bench_pages.py does for the CLI benchmark).
// One op parses every page once; MB/s is over their bytes.
func BenchmarkParsePages(b *testing.B) {
	pages := madeGBKPages(b, 24<<10)
	benchPages(b, pages)
}

// BenchmarkParseCorpus measures Parse on every real page of testdata/corpus (text dumps: the
// seed's pipe text and the partial pages).
func BenchmarkParseCorpus(b *testing.B) {
	var pages [][]byte
	err := filepath.WalkDir("../testdata/corpus", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".txt" {
			return err
		}
		data, err := os.ReadFile(p)
		pages = append(pages, data)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	benchPages(b, pages)
}

func benchPages(b *testing.B, pages [][]byte) {
	n := 0
	for _, p := range pages {
		n += len(p)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range pages {
			if _, err := Parse(p, Source{Name: "bench"}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

var metaCharsetRE = regexp.MustCompile(`(?i)<meta[^>]*charset[^>]*>`)

// madeGBKPages re-encodes the made HTML fixtures (at most 41 KB each) as GBK, declared in a
// <meta>, each padded to about size bytes of UTF-8 before encoding.
func madeGBKPages(b testing.TB, size int) [][]byte {
	paths, err := filepath.Glob("testdata/html/*.html")
	if err != nil {
		b.Fatal(err)
	}
	enc := encoding.ReplaceUnsupported(simplifiedchinese.GBK.NewEncoder())
	var pages [][]byte
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		if len(raw) > 41<<10 {
			continue
		}
		dec, err := charset.Decode(raw, "")
		if err != nil {
			b.Fatal(err)
		}
		page := metaCharsetRE.ReplaceAllString(dec.Text, "")
		page = strings.Replace(page, "<head>", `<head><meta http-equiv="Content-Type" content="text/html; charset=gbk">`, 1)
		gbk, err := enc.Bytes(padPage([]byte(page), size))
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, gbk)
	}
	return pages
}
