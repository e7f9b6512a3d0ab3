package charset

import (
	"sync"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// Chinese pages are ASCII markup and two-byte GB18030 characters. decodeGB18030 decodes exactly
// those, and measures the text as it writes it (one pass instead of decoding, then ranging over
// the result): the x/text decoder and measure were a tenth of a parse. Any other byte sequence
// (a four-byte GB18030 character, a stray byte, a cut character) sends the whole page to the
// x/text decoder, so the fast path never has to agree with it on anything but plain pairs.
//
// The pairs are decoded by a table read from x/text itself, once: every lead byte 0x81–0xFE
// with every trail byte 0x40–0x7E, 0x80–0xFE, decoded in one run (each pair is one rune, or
// U+FFFD where GB18030 assigns none). FuzzDecodeGB18030 holds the result to x/text and measure.

const (
	pairLeads  = 0xFE - 0x81 + 1
	pairTrails = (0x7E - 0x40 + 1) + (0xFE - 0x80 + 1) // 63 + 127 = 190
)

// pair is one table entry: the rune's UTF-8 bytes (n of them) and what measure counts of it.
type pair struct {
	b     [3]byte
	n     uint8
	class uint8
}

const (
	classOther = iota // non-ASCII, not CJK
	classCJK
	classRepl // U+FFFD: an unassigned pair
)

var pairTable struct {
	once sync.Once
	t    []pair // by pairIndex; nil if x/text did not give one rune of two or three bytes per pair
}

// pairIndex is the table index of a lead and a trail byte, ok false if they are no pair.
func pairIndex(c0, c1 byte) (int, bool) {
	if c0 < 0x81 || c0 > 0xFE {
		return 0, false
	}
	var t int
	switch {
	case 0x40 <= c1 && c1 <= 0x7E:
		t = int(c1) - 0x40
	case 0x80 <= c1 && c1 <= 0xFE:
		t = int(c1) - 0x41
	default:
		return 0, false
	}
	return int(c0-0x81)*pairTrails + t, true
}

func gb18030Pairs() []pair {
	pairTable.once.Do(func() {
		src := make([]byte, 0, 2*pairLeads*pairTrails)
		for c0 := 0x81; c0 <= 0xFE; c0++ {
			for c1 := 0x40; c1 <= 0xFE; c1++ {
				if c1 != 0x7F {
					src = append(src, byte(c0), byte(c1))
				}
			}
		}
		out, _, err := transform.Bytes(simplifiedchinese.GB18030.NewDecoder(), src)
		if err != nil || utf8.RuneCount(out) != pairLeads*pairTrails {
			return // no table: every page takes the x/text decoder
		}
		t := make([]pair, 0, pairLeads*pairTrails)
		for len(out) > 0 {
			r, n := utf8.DecodeRune(out)
			if r < 0x80 || n > 3 {
				return // not what the fast path can write (GB18030 has no such pair)
			}
			p := pair{n: uint8(n)}
			copy(p.b[:], out[:n])
			switch {
			case r == utf8.RuneError:
				p.class = classRepl
			case isCJK(r):
				p.class = classCJK
			}
			t = append(t, p)
			out = out[n:]
		}
		pairTable.t = t
	})
	return pairTable.t
}

// decodeGB18030 decodes body as the GB18030 decoder of x/text does, with the quality measure
// gives its text; ok false when body holds anything but ASCII and two-byte pairs.
func decodeGB18030(body []byte) (text string, q quality, ok bool) {
	table := gb18030Pairs()
	if table == nil {
		return "", quality{}, false
	}
	// A pair (two bytes) is at most three of UTF-8, so a pair starting at byte i is written
	// below 1.5·i+3: every entry's three bytes can be written whole.
	out := make([]byte, len(body)+len(body)/2+16)
	o := 0
	var pairs, cjk, repl, ctrl int
	for i := 0; i < len(body); {
		c := body[i]
		if c < utf8.RuneSelf {
			out[o] = c
			o++
			i++
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7f {
				ctrl++
			}
			continue
		}
		if i+1 >= len(body) {
			return "", quality{}, false
		}
		k, isPair := pairIndex(c, body[i+1])
		if !isPair {
			return "", quality{}, false
		}
		p := &table[k]
		out[o], out[o+1], out[o+2] = p.b[0], p.b[1], p.b[2]
		o += int(p.n)
		i += 2
		pairs++
		switch p.class {
		case classCJK:
			cjk++
		case classRepl:
			repl++
		}
	}
	out = out[:o]
	if o >= 3 && out[0] == 0xEF && out[1] == 0xBB && out[2] == 0xBF {
		return "", quality{}, false // a leading U+FEFF is trimmed and not measured: the plain way
	}
	// Every byte of body is an ASCII rune or half of a pair.
	q = quality{runes: len(body) - pairs, nonASCII: pairs, repl: repl, ctrl: ctrl, cjk: cjk}
	// out is not written again: the text is it (see decodeWith).
	return unsafe.String(unsafe.SliceData(out), len(out)), q, true
}
