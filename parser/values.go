package parser

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// parsedValue is what one cell's text says: a number, or why it is not one.
type parsedValue struct {
	Value *float64
	Unit  string
	Flags []string
	// Text is true when the cell holds words where a number belongs.
	Text bool
}

// Units that may trail a number. 元 is converted to 万元 in money columns.
var units = []string{"万元", "元", "件", "条", "项", "个", "次", "人次", "宗"}

// nullMarks are the ways a published table says "not filled": kept as NULL with a flag.
var nullMarks = map[string]string{
	"": FlagBlank, "-": FlagDash, "—": FlagDash, "——": FlagDash, "–": FlagDash, "－": FlagDash,
	"/": FlagDash, "／": FlagDash, "\\": FlagDash, "无": FlagNone, "空": FlagNone, "/ ": FlagDash,
}

// One-flag results are shared, not built per cell (a blank cell and a word where a number
// belongs are most of the calls): their length is their capacity, so a caller's append copies
// them, and no caller writes into Flags.
var (
	nullFlags = func() map[string][]string {
		m := make(map[string][]string, len(nullMarks))
		for k, f := range nullMarks {
			m[k] = []string{f}
		}
		return m
	}()
	textInNumber = []string{FlagTextInNumber}
)

// parseValue reads a cell's text. kind is the column kind from the form (count, signed, money).
func parseValue(raw, kind string) parsedValue {
	pv, v, ok := readValue(raw, kind)
	if ok {
		pv.Value = &v
	}
	return pv
}

// readValue is parseValue with the number returned by value (ok when there is one), so that a
// caller which only asks what a text is (looksLikeValue) does not allocate it.
func readValue(raw, kind string) (pv parsedValue, v float64, ok bool) {
	s := strings.TrimSpace(raw)
	if f, ok := nullFlags[s]; ok {
		pv.Flags = f
		return pv, 0, false
	}
	// Full-width digits and signs: NFKC folds them to ASCII (ASCII text is left as it is).
	if !isASCII(s) {
		s = nfkcValue(s, &pv)
	}
	s = withoutSpaces(s)
	if f, ok := nullFlags[s]; ok {
		if pv.Flags == nil {
			pv.Flags = f
		} else {
			pv.Flags = append(pv.Flags, f...)
		}
		return pv, 0, false
	}
	// A note after the number, in brackets: "22(其中修订16件)", "55(含自然失效29件)" (the cell of
	// 本年废止件数 in many reports; NFKC has made the brackets half-width).
	if i := strings.IndexByte(s, '('); i > 0 && strings.HasSuffix(s, ")") && noteWords(s[i+1:len(s)-1]) {
		s = s[:i]
		pv.Flags = append(pv.Flags, FlagNote)
	}
	// Footnote marks: 10* 10※ 10①.
	if t := strings.TrimRightFunc(s, isFootnoteMark); t != s && t != "" {
		pv.Flags = append(pv.Flags, FlagFootnote)
		s = t
	}
	// Units.
	for _, u := range units {
		if strings.HasSuffix(s, u) && len(s) > len(u) {
			s = strings.TrimSuffix(s, u)
			pv.Unit = u
			pv.Flags = append(pv.Flags, FlagUnitStripped)
			break
		}
	}
	// Signs written in words or symbols.
	neg := false
	switch {
	case strings.HasPrefix(s, "减少"), strings.HasPrefix(s, "增加"):
		neg = strings.HasPrefix(s, "减少")
		s = s[len("减少"):]
		pv.Flags = append(pv.Flags, FlagSigned)
	case strings.HasPrefix(s, "减"), strings.HasPrefix(s, "增"):
		neg = strings.HasPrefix(s, "减")
		s = s[len("减"):]
		pv.Flags = append(pv.Flags, FlagSigned)
	case strings.HasPrefix(s, "-"), strings.HasPrefix(s, "+"):
		neg = s[0] == '-'
		s = s[1:]
		pv.Flags = append(pv.Flags, FlagSigned)
	}
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
		// "--253", "+-3": a typo we must not guess at.
		return parsedValue{Flags: textInNumber, Text: true}, 0, false
	}
	if strings.Contains(s, ",") {
		if validThousands(s) {
			s = strings.ReplaceAll(s, ",", "")
			pv.Flags = append(pv.Flags, FlagThousands)
		}
	}
	// Only digits and a point can make a value: anything else would be refused below, so
	// ParseFloat (and the error it allocates) is spared on words.
	if !digitsAndPoints(s) {
		return parsedValue{Flags: textInNumber, Text: true}, 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || s == "" || strings.ContainsAny(s, "eExXpP_iInN") {
		// Words where a number belongs: nothing stripped from it counts.
		return parsedValue{Flags: textInNumber, Text: true}, 0, false
	}
	if neg {
		v = -v
	}
	if pv.Unit == "元" && kind == "money" {
		v = v / 10000
		pv.Unit = "万元"
		pv.Flags = append(pv.Flags, FlagConverted)
	}
	return pv, v, true
}

// nfkcValue folds a cell's text by NFKC and flags full-width digits.
func nfkcValue(s string, pv *parsedValue) string {
	if nfkcStable(s) {
		return s // a label in ideographs: most of the texts asked whether they are values
	}
	n := norm.NFKC.String(s)
	if n == s {
		return s
	}
	if strings.IndexFunc(s, func(r rune) bool { return r >= '０' && r <= '９' }) >= 0 {
		pv.Flags = append(pv.Flags, FlagFullWidth)
	}
	return n
}

// valueRunes are the ideographs the text of a value may hold: those of the null marks, the units
// and the signs written in words (减少, 增加, 减, 增: readValue).
var valueRunes = func() string {
	var b strings.Builder
	for k := range nullMarks {
		b.WriteString(k)
	}
	b.WriteString(strings.Join(units, ""))
	b.WriteString("减少增加")
	return b.String()
}()

// wordsNotValue reports, for looksLikeValue, that a text of ASCII and CJK Unified Ideographs
// alone (so NFKC leaves it as it is) holds an ideograph no value is written with and no bracket
// that could hold a note (which readValue takes off): whatever else it holds, readValue would
// find words where a number belongs. False means: read it.
func wordsNotValue(s string) bool {
	words := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == '(' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isHan(r) {
			return false
		}
		if !strings.ContainsRune(valueRunes, r) {
			words = true
		}
		i += size
	}
	return words
}

// nfkcStable reports that NFKC leaves s as it is because s has only ASCII and CJK Unified
// Ideographs (U+4E00–U+9FFF): none of them decomposes or composes (the compatibility
// ideographs, which do, are outside that block). Invalid UTF-8 is not stable (NFKC replaces it).
func nfkcStable(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isHan(r) {
			return false
		}
		i += size
	}
	return true
}

// digitsOnly is strings.TrimLeft(s, "0123456789") == "", and digitsAndPoints the same with
// '.': TrimLeft builds its set of bytes at every call.
func digitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func digitsAndPoints(s string) bool {
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != '.' {
			return false
		}
	}
	return true
}

// moreRunesThan is utf8.RuneCountInString(s) > n without counting the runes of a long text (a
// paragraph asked whether it is short enough to be a heading): a rune is one to four bytes,
// and a byte that is not UTF-8 counts as one.
func moreRunesThan(s string, n int) bool {
	switch {
	case len(s) <= n:
		return false
	case len(s) > 4*n:
		return true
	}
	return utf8.RuneCountInString(s) > n
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// withoutSpaces is strings.Join(strings.Fields(s), ""), without allocating when s has no space.
func withoutSpaces(s string) string {
	if strings.IndexFunc(s, unicode.IsSpace) < 0 {
		return s
	}
	return strings.Join(strings.Fields(s), "")
}

// noteWords tells a note in words ("其中修订16件") from a number in brackets ("1(2)"): it holds
// at least one Chinese character and no bracket of its own.
func noteWords(s string) bool {
	han := false
	for _, r := range s {
		switch {
		case r == '(' || r == ')':
			return false
		case isHan(r):
			han = true
		}
	}
	return han
}

func isFootnoteMark(r rune) bool {
	return r == '*' || r == '※' || r == '#' || (r >= '①' && r <= '⑳') || unicode.Is(unicode.Mn, r)
}

// validThousands accepts 13,242 and 1,234,567.5 but not 1,2 (a list, not a number).
func validThousands(s string) bool {
	intPart := s
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart = s[:i]
	}
	groups := strings.Split(intPart, ",")
	if len(groups[0]) == 0 || len(groups[0]) > 3 {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

// looksLikeValue tells whether a token reads as a cell value (number, null mark, number with a
// unit) rather than a label. Used when rows are rebuilt from a stream of cells.
func looksLikeValue(text string) bool {
	if n := len(text); n > 0 && n <= 15 && digitsOnly(text) {
		return true // the common case, a plain count, without parsing it
	}
	if wordsNotValue(text) {
		return false // the other common case, a label, without normalizing it
	}
	pv, _, _ := readValue(text, "money")
	return !pv.Text
}
