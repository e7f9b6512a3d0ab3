package parser

import (
	"golang.org/x/text/unicode/norm"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseValue(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		raw, kind string
		want      *float64
		unit      string
		flags     []string
	}{
		{"10", "count", f(10), "", nil},
		{"１０", "count", f(10), "", []string{FlagFullWidth}},
		{"13,242", "count", f(13242), "", []string{FlagThousands}},
		{"0.00", "money", f(0), "", nil},
		{"697.449万元", "money", f(697.449), "万元", []string{FlagUnitStripped}},
		{"50000元", "money", f(5), "万元", []string{FlagUnitStripped, FlagConverted}},
		{"12件", "count", f(12), "件", []string{FlagUnitStripped}},
		{"-3", "signed", f(-3), "", []string{FlagSigned}},
		{"+2", "signed", f(2), "", []string{FlagSigned}},
		{"减3", "signed", f(-3), "", []string{FlagSigned}},
		{"增2", "signed", f(2), "", []string{FlagSigned}},
		{"10*", "count", f(10), "", []string{FlagFootnote}},
		{"22（其中修订 16 件）", "count", f(22), "", []string{FlagNote}},
		{"55(含自然失效29件)", "count", f(55), "", []string{FlagNote}},
		{"1(2)", "count", nil, "", []string{FlagTextInNumber}},
		{"", "count", nil, "", []string{FlagBlank}},
		{"—", "count", nil, "", []string{FlagDash}},
		{"-", "count", nil, "", []string{FlagDash}},
		{"/", "count", nil, "", []string{FlagDash}},
		{"/ ", "count", nil, "", []string{FlagDash}},
		{"无", "count", nil, "", []string{FlagNone}},
		{"见附件", "count", nil, "", []string{FlagTextInNumber}},
		{"1,2", "count", nil, "", []string{FlagTextInNumber}},
		{"NaN", "count", nil, "", []string{FlagTextInNumber}},
		{"1e5", "count", nil, "", []string{FlagTextInNumber}},
		{"--253", "signed", nil, "", []string{FlagTextInNumber}}, // regression: was read as 253
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got := parseValue(tt.raw, tt.kind)
			if (got.Value == nil) != (tt.want == nil) || (got.Value != nil && *got.Value != *tt.want) {
				t.Errorf("value = %v, want %v", deref(got.Value), deref(tt.want))
			}
			if got.Unit != tt.unit {
				t.Errorf("unit = %q, want %q", got.Unit, tt.unit)
			}
			if !slices.Equal(got.Flags, tt.flags) {
				t.Errorf("flags = %v, want %v", got.Flags, tt.flags)
			}
		})
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// FuzzValueFastPaths checks the shortcuts parseValue and looksLikeValue take against the plain
// computations they stand for: same answers on any text.
func FuzzValueFastPaths(f *testing.F) {
	for _, s := range []string{"", "5", "0012", "１２", "13,242", " 7 ", "7\u3000件", "1.5", ".5", "1.", ".", "1e5",
		"Inf", "+3", "--2", "减少2", "697.449万元", "10*", "无", "—", "规章", "1_000", "0x10", "12345678901234567890",
		"本年新收政府信息公开申请数量", "一́", "一豈", "丽ÿ", "22(其中修订16件)", "其(件)",
		"5件", "增加3", "减少2件", "无", "空", "人次", "3人次", "申请12"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := looksLikeValue(s), !parseValue(s, "money").Text; got != want {
			t.Fatalf("looksLikeValue(%q) = %v, parseValue says %v", s, got, want)
		}
		for _, n := range []int{0, 1, 2, 16, 24, 40} {
			if moreRunesThan(s, n) != (utf8.RuneCountInString(s) > n) {
				t.Fatalf("moreRunesThan(%q, %d) = %v, %d runes", s, n, moreRunesThan(s, n), utf8.RuneCountInString(s))
			}
		}
		if nfkcStable(s) && norm.NFKC.String(s) != s {
			t.Fatalf("nfkcStable(%q), but NFKC makes it %q", s, norm.NFKC.String(s))
		}
		if digitsOnly(s) != (strings.TrimLeft(s, "0123456789") == "") || digitsAndPoints(s) != (strings.TrimLeft(s, "0123456789.") == "") {
			t.Fatalf("digitsOnly/digitsAndPoints(%q) differ from TrimLeft", s)
		}
		if got, want := withoutSpaces(s), strings.Join(strings.Fields(s), ""); got != want {
			t.Fatalf("withoutSpaces(%q) = %q, want %q", s, got, want)
		}
		// The digits-and-point test before ParseFloat never refuses what ParseFloat reads (the
		// sign is taken off before it).
		if _, err := strconv.ParseFloat(s, 64); err == nil && s != "" && !strings.ContainsAny(s, "eExXpP_iInN+-") &&
			strings.TrimLeft(s, "0123456789.") != "" {
			t.Fatalf("%q is a number but the shortcut refuses it", s)
		}
	})
}
