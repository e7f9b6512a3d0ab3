package parser

import (
	"strings"
	"sync"

	"github.com/govreports/govreports/schemas"
)

// needleScan finds every occurrence of a set of literal strings (the spam brands and keywords)
// in one pass over a page. Looking for each of them with strings.Index was two dozen passes
// over the page's text; this one reads one two-byte block per window of the shortest needle's
// length (Wu–Manber): a block that ends no needle's prefix moves the window on by up to that
// length, and only where a block does end one are the needles ending there compared.
type needleScan struct {
	needles []string
	m       int           // the shortest needle's length in bytes (at least 2)
	shift   [1 << 16]byte // per block: how far the window may move on; 0 where a needle's prefix ends
	ends    map[uint16][]int
}

// scanBlock is the block of two bytes ending at s[i].
func scanBlock(s string, i int) uint16 { return uint16(s[i-1])<<8 | uint16(s[i]) }

// maxScanNeedles bounds a scan's needle list (each's state is an array of that size); a longer
// list is searched plainly (findNeedles), as one with a short needle is.
const maxScanNeedles = 64

// newNeedleScan prepares a scan for needles; nil when a needle is shorter than a block or there
// are more than maxScanNeedles (then the plain search is used).
func newNeedleScan(needles []string) *needleScan {
	if len(needles) == 0 {
		return nil
	}
	m := len(needles[0])
	for _, n := range needles {
		m = min(m, len(n))
	}
	if m < 2 || m > 255 || len(needles) > maxScanNeedles {
		return nil
	}
	sc := &needleScan{needles: needles, m: m, ends: map[uint16][]int{}}
	for i := range sc.shift {
		sc.shift[i] = byte(m - 1)
	}
	for k, n := range needles {
		for j := 1; j < m; j++ { // the block n[j-1:j+1] of the first m bytes
			b := scanBlock(n, j)
			if s := byte(m - 1 - j); s < sc.shift[b] {
				sc.shift[b] = s
			}
		}
		b := scanBlock(n, m-1)
		sc.ends[b] = append(sc.ends[b], k)
	}
	return sc
}

// find returns, per needle, the starts of its occurrences in doc from left to right, each
// after the end of the one before: what repeated strings.Index from the end of the last match
// finds.
func (sc *needleScan) find(doc string) [][]int {
	out := make([][]int, len(sc.needles))
	sc.each(doc, func(start, k int) bool {
		out[k] = append(out[k], start)
		return true
	})
	return out
}

// each calls yield with the occurrences find returns, all needles together in the order of
// their starts (needles starting at one place in the order of the list), until yield returns
// false: a caller after the first occurrence that suits it stops the scan there.
func (sc *needleScan) each(doc string, yield func(start, k int) bool) {
	var next [maxScanNeedles]int // where the next occurrence of each may start
	for i := sc.m - 1; i < len(doc); {
		b := scanBlock(doc, i)
		if s := sc.shift[b]; s > 0 {
			i += int(s)
			continue
		}
		start := i - sc.m + 1
		for _, k := range sc.ends[b] {
			if start >= next[k] && strings.HasPrefix(doc[start:], sc.needles[k]) {
				next[k] = start + len(sc.needles[k])
				if !yield(start, k) {
					return
				}
			}
		}
		i++
	}
}

// findNeedles is find done plainly, one strings.Index search per needle: the reference of
// FuzzNeedleScan, and the search for needle sets the scan does not take.
func findNeedles(doc string, needles []string) [][]int {
	out := make([][]int, len(needles))
	for k, n := range needles {
		if n == "" {
			continue
		}
		for off := 0; ; {
			i := strings.Index(doc[off:], n)
			if i < 0 {
				break
			}
			out[k] = append(out[k], off+i)
			off += i + len(n)
		}
	}
	return out
}

// spamNeedles is the rules' brands then every pattern's keywords, as one needle list, with the
// scan of it (built once per rule set: the rules live for the process).
type spamNeedles struct {
	needles []string
	brands  int   // needles[:brands] are the brands
	first   []int // first[p] is the index of pattern p's first keyword
	scan    *needleScan
}

var (
	spamNeedlesMu    sync.Mutex
	spamNeedlesCache = map[*schemas.SpamRules]*spamNeedles{}
)

func needlesFor(rules *schemas.SpamRules) *spamNeedles {
	spamNeedlesMu.Lock()
	defer spamNeedlesMu.Unlock()
	if sn, ok := spamNeedlesCache[rules]; ok {
		return sn
	}
	sn := &spamNeedles{brands: len(rules.Brands)}
	sn.needles = append(sn.needles, rules.Brands...)
	for _, p := range rules.Patterns {
		sn.first = append(sn.first, len(sn.needles))
		sn.needles = append(sn.needles, p.Keywords...)
	}
	sn.scan = newNeedleScan(sn.needles)
	spamNeedlesCache[rules] = sn
	return sn
}

// find returns the occurrences of every needle in doc (see needleScan.find).
func (sn *spamNeedles) find(doc string) [][]int {
	if sn.scan == nil {
		return findNeedles(doc, sn.needles)
	}
	return sn.scan.find(doc)
}
