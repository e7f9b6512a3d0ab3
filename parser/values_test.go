package parser

import (
	"slices"
	"testing"
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
