package charset

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// The non-UTF-8 inputs below are MADE by these tests with x/text's encoders from the UTF-8
// strings in the test table; they are not captured pages.

const page = `<html><head><title>某某镇2022年政府信息公开工作年度报告</title></head><body>
<p>二、主动公开政府信息情况</p><table><tr><td>规章</td><td>0</td></tr>
<tr><td>行政规范性文件</td><td>2</td></tr><tr><td>行政事业性收费</td><td>697.449万元</td></tr></table>
<p>三、收到和处理政府信息公开申请情况。本机关在办理信息公开申请中未收取信息处理费。</p></body></html>`

// A Chinese text with characters outside GBK (𠀀 U+20000 is four bytes in GB18030; ⅶ and the
// euro are GB18030-only or differ) next to ordinary ones.
const gb18030Only = "<p>政府信息公开：𠀀𪚥 ㆍ €</p>" + page

func encode(t testing.TB, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("making test bytes: %v", err)
	}
	return b
}

func withMeta(meta string, s string) string {
	return strings.Replace(s, "<head>", "<head>"+meta, 1)
}

func TestDecode(t *testing.T) {
	gbk := simplifiedchinese.GBK
	utf16le := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	tests := []struct {
		name        string
		body        []byte
		contentType string
		wantText    string // "" means: the decoded text must equal this case's source string
		src         string // UTF-8 text the body was made from
		wantEnc     string
		wantSource  string
		wantErr     error
	}{
		{name: "utf-8 no bom no header", body: []byte(page), src: page, wantEnc: "utf-8", wantSource: SourceTrial},
		{name: "utf-8 with bom", body: append([]byte{0xEF, 0xBB, 0xBF}, page...), src: page, wantEnc: "utf-8", wantSource: SourceBOM},
		{name: "utf-8 declared in header", body: []byte(page), contentType: "text/html; charset=UTF-8", src: page, wantEnc: "utf-8", wantSource: SourceHeader},
		{name: "utf-16le with bom", body: encode(t, utf16le, page), src: page, wantEnc: "utf-16le", wantSource: SourceBOM},
		{name: "gbk no charset anywhere", body: encode(t, gbk, page), contentType: "text/html", src: page, wantEnc: "gb18030", wantSource: SourceTrial},
		{name: "gbk meta charset only", body: encode(t, gbk, withMeta(`<meta charset="gbk">`, page)), src: withMeta(`<meta charset="gbk">`, page), wantEnc: "gbk", wantSource: SourceMeta},
		{name: "gb2312 meta http-equiv", body: encode(t, gbk, withMeta(`<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=gb2312">`, page)), src: withMeta(`<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=gb2312">`, page), wantEnc: "gbk", wantSource: SourceMeta},
		{name: "gbk bytes header says utf-8, meta gbk", body: encode(t, gbk, withMeta(`<meta charset="gbk">`, page)), contentType: "text/html; charset=utf-8", src: withMeta(`<meta charset="gbk">`, page), wantEnc: "gbk", wantSource: SourceMeta},
		{name: "gbk bytes header says utf-8, no meta", body: encode(t, gbk, page), contentType: "text/html; charset=utf-8", src: page, wantEnc: "gb18030", wantSource: SourceTrial},
		{name: "gbk bytes header says iso-8859-1", body: encode(t, gbk, page), contentType: "text/html; charset=ISO-8859-1", src: page, wantEnc: "gb18030", wantSource: SourceTrial},
		{name: "gbk header GB2312", body: encode(t, gbk, page), contentType: "text/html;charset=GB2312", src: page, wantEnc: "gbk", wantSource: SourceHeader},
		{name: "chardet spelling GB-18030", body: encode(t, simplifiedchinese.GB18030, gb18030Only), contentType: "text/html; charset=GB-18030", src: gb18030Only, wantEnc: "gb18030", wantSource: SourceHeader},
		{name: "gb18030-only chars under a gb2312 label", body: encode(t, simplifiedchinese.GB18030, gb18030Only), contentType: "text/html; charset=gb2312", src: gb18030Only, wantEnc: "gbk", wantSource: SourceHeader},
		{name: "gb18030-only chars undeclared", body: encode(t, simplifiedchinese.GB18030, gb18030Only), src: gb18030Only, wantEnc: "gb18030", wantSource: SourceTrial},
		{name: "utf-8 bytes meta says gb2312", body: []byte(withMeta(`<meta charset="gb2312">`, page)), src: withMeta(`<meta charset="gb2312">`, page), wantEnc: "utf-8", wantSource: SourceTrial},
		{name: "big5 declared", body: encode(t, traditionalchinese.Big5, "<p>政府資訊公開年度報告</p>"), contentType: "text/html; charset=big5", src: "<p>政府資訊公開年度報告</p>", wantEnc: "big5", wantSource: SourceHeader},
		{name: "malformed header still names charset", body: encode(t, gbk, page), contentType: "text/html;; charset=gbk;", src: page, wantEnc: "gbk", wantSource: SourceHeader},
		{name: "unknown label falls through", body: []byte(page), contentType: "text/html; charset=x-no-such", src: page, wantEnc: "utf-8", wantSource: SourceTrial},
		{name: "empty body", body: nil, src: "", wantEnc: "utf-8", wantSource: SourceDefault},
		{name: "garbage bytes", body: garbage(4096), wantErr: ErrUndecodable},
		{name: "binary with nul bytes", body: append([]byte("\x00\x01\x02\x03PK\x03\x04"), make([]byte, 200)...), wantErr: ErrUndecodable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Decode(tc.body, tc.contentType)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				if got.Encoding == "" || got.Source == "" {
					t.Errorf("best attempt not returned: %+v", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if got.Text != tc.src {
				t.Errorf("text mismatch:\n got %.120q\nwant %.120q", got.Text, tc.src)
			}
			if got.Encoding != tc.wantEnc || got.Source != tc.wantSource {
				t.Errorf("got %s via %s, want %s via %s", got.Encoding, got.Source, tc.wantEnc, tc.wantSource)
			}
			if got.ReplacementRatio != 0 {
				t.Errorf("ReplacementRatio = %v, want 0", got.ReplacementRatio)
			}
		})
	}
}

func TestDecodeTruncatedUTF8(t *testing.T) {
	// A mirror cut the page mid-character: one U+FFFD among many Chinese runes is still UTF-8.
	body := []byte(strings.Repeat(page, 3))
	body = body[:len(body)-1]
	body = append(body[:len(body)-2], 0xE6) // a lone lead byte at the end
	got, err := Decode(body, "text/html; charset=utf-8")
	if err != nil {
		t.Fatal(err)
	}
	if got.Encoding != "utf-8" || got.Source != SourceHeader || got.ReplacementRatio == 0 {
		t.Errorf("got %s via %s ratio %v", got.Encoding, got.Source, got.ReplacementRatio)
	}
}

func TestLookup(t *testing.T) {
	for _, tc := range []struct{ label, want string }{
		{"GB2312", "gbk"}, {"x-gbk", "gbk"}, {"GBK", "gbk"}, {"GB-18030", "gb18030"}, {"gb18030", "gb18030"},
		{"utf8", "utf-8"}, {"UTF-8", "utf-8"}, {"big5", "big5"}, {"iso-8859-1", "windows-1252"}, {`"gbk"`, "gbk"},
	} {
		_, name, ok := lookup(tc.label)
		if !ok || name != tc.want {
			t.Errorf("lookup(%q) = %q, %v; want %q", tc.label, name, ok, tc.want)
		}
	}
	if _, _, ok := lookup("no-such-charset"); ok {
		t.Error("unknown label accepted")
	}
}

func TestMetaCharset(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`<meta charset="gb2312">`, "gb2312"},
		{`<meta charset=GBK>`, "GBK"},
		{`<META http-equiv="Content-Type" content="text/html; charset=gb2312" />`, "gb2312"},
		{`<meta content='text/html;charset=utf-8' http-equiv='Content-Type'>`, "utf-8"},
		{`<?xml version="1.0" encoding="GB18030"?>`, "GB18030"},
		{`<p>charset=gbk is in prose, not a meta</p>`, ""},
		{strings.Repeat(" ", metaScanLimit) + `<meta charset="gbk">`, ""},
	} {
		if got := metaCharset([]byte(tc.in)); got != tc.want {
			t.Errorf("metaCharset(%.40q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// garbage returns deterministic pseudo-random bytes (an LCG), standing in for a binary download.
func garbage(n int) []byte {
	b := make([]byte, n)
	x := uint32(12345)
	for i := range b {
		x = x*1103515245 + 12345
		b[i] = byte(x >> 16)
	}
	return b
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(page), "text/html; charset=utf-8")
	f.Add(encode(f, simplifiedchinese.GBK, page), "")
	f.Add(encode(f, simplifiedchinese.GBK, withMeta(`<meta charset="gbk">`, page)), "text/html; charset=iso-8859-1")
	f.Add(garbage(512), "text/html; charset=gb-18030")
	f.Add([]byte{0xFF, 0xFE, 0x00}, "")
	f.Fuzz(func(t *testing.T, body []byte, ct string) {
		d, err := Decode(body, ct)
		if err != nil && !errors.Is(err, ErrUndecodable) {
			t.Fatalf("unexpected error type: %v", err)
		}
		if d.Encoding == "" || d.Source == "" {
			t.Fatalf("empty result fields: %+v", d)
		}
		if d.ReplacementRatio < 0 || d.ReplacementRatio > 1 {
			t.Fatalf("ratio %v", d.ReplacementRatio)
		}
	})
}

func BenchmarkDecodeGBK(b *testing.B) {
	body := encode(b, simplifiedchinese.GBK, strings.Repeat(page, 100))
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := Decode(body, "text/html; charset=gbk"); err != nil {
			b.Fatal(err)
		}
	}
}

// Regression: a Content-Type with an invalid UTF-8 byte before "charset" made charsetParam
// slice with an index found in a lower-cased (longer) copy of the header, and panic. Found by
// FuzzDecode; the input is also kept in testdata/fuzz/FuzzDecode.
func TestDecodeInvalidHeaderBytes(t *testing.T) {
	for _, ct := range []string{"\xacChArset", "\xac\xac text/html; CHARSET=gbk", "charset=\xff"} {
		if _, err := Decode([]byte("0"), ct); err != nil {
			t.Errorf("%q: %v", ct, err)
		}
	}
	if got := charsetParam("\xac text/html; CHARSET=gbk"); got != "gbk" {
		t.Errorf("charsetParam = %q, want gbk", got)
	}
}

// FuzzMetaCharset: looking for the meta charset only where a tag can start finds what the
// pattern finds searching the whole head.
func FuzzMetaCharset(f *testing.F) {
	for _, s := range []string{`<meta charset="gbk">`, `<META http-equiv="Content-Type" content="text/html; charset=GB2312">`,
		`<?xml version="1.0" encoding="GBK"?>`, `<meta name=x><meta charset=utf-8>`, `<<meta charset=big5`, `<meta\ncharset = 'x'>`,
		`<meta content="charset=a"> <meta charset=b>`, `<?XML encoding='x'`} {
		f.Add([]byte(s))
	}
	search := regexp.MustCompile(metaPattern)
	f.Fuzz(func(t *testing.T, body []byte) {
		head := body
		if len(head) > metaScanLimit {
			head = head[:metaScanLimit]
		}
		want := ""
		if bytes.Contains(bytes.ToLower(head), []byte("charset")) || bytes.Contains(head, []byte("<?xml")) {
			if m := search.FindSubmatch(head); m != nil {
				want = string(m[1]) + string(m[2])
			}
		}
		if got := metaCharset(body); got != want {
			t.Fatalf("metaCharset(%q) = %q, searching finds %q", body, got, want)
		}
	})
}

// FuzzMeasure holds measure's in-place reading of three-byte sequences to ranging over the
// string rune by rune (valid text, overlong forms, surrogates, cut sequences alike).
func FuzzMeasure(f *testing.F) {
	for _, s := range []string{"", "abc", "政府信息公开", "\xe0\x80\x80", "\xed\xa0\x80", "\xe4\xb8", "\xef\xbf\xbd", "a\x01\x7f\u3000", "𠀀"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want quality
		for _, r := range s {
			want.runes++
			switch {
			case r == utf8.RuneError:
				want.repl++
				want.nonASCII++
			case r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f', r == 0x7f:
				want.ctrl++
			case r >= 0x80:
				want.nonASCII++
				if isCJK(r) {
					want.cjk++
				}
			}
		}
		if got := measure(s); got != want {
			t.Fatalf("measure(%q) = %+v, rune by rune %+v", s, got, want)
		}
	})
}

// FuzzDecodeGB18030 holds the pair decoder to the x/text GB18030 decoder and measure: where it
// takes a body, its text and quality are theirs.
func FuzzDecodeGB18030(f *testing.F) {
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String("政府信息公开工作年度报告 2022年 <td>１２</td> 〇€")
	for _, s := range []string{"", "abc\x01", gbk, "\x81\x40\xfe\xfe", "\x81", "\x81\x30\x81\x30", "\x80", "\xff", "\xa1\x7f", "\xef\xbb\xbf"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		text, q, ok := decodeGB18030(body)
		if !ok {
			return
		}
		out, _, err := transform.Bytes(simplifiedchinese.GB18030.NewDecoder(), body)
		if err != nil {
			t.Fatal(err)
		}
		if text != string(out) {
			t.Fatalf("% x: pairs %q, x/text %q", body, text, out)
		}
		if want := measure(text); q != want {
			t.Fatalf("% x: quality %+v, measure %+v", body, q, want)
		}
	})
}

// TestDecodeGB18030Takes: a GBK page of Chinese text and markup takes the pair decoder, and a
// four-byte character (U+FEFF) or a stray byte sends it to x/text.
func TestDecodeGB18030Takes(t *testing.T) {
	want := "<td>政府信息公开工作年度报告（2022年）</td>\n\t总计 １２ 件"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(want)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		body string
		ok   bool
	}{{gbk, true}, {gbk + "\x84\x31\x95\x33", false}, {gbk + "\xff", false}, {gbk[:len(gbk)-1], false}} {
		text, q, ok := decodeGB18030([]byte(tc.body))
		if ok != tc.ok {
			t.Errorf("% x: ok %v, want %v", tc.body[len(tc.body)-4:], ok, tc.ok)
		}
		if ok && (text != want || q != measure(want)) {
			t.Errorf("decoded %q %+v, want %q %+v", text, q, want, measure(want))
		}
	}
}
