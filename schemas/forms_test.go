package schemas

import (
	"strings"
	"testing"
)

// TestFormCodesContract pins the public data contract of shared/TEMPLATES.md: analysts query
// these codes, so a change here must be deliberate.
func TestFormCodesContract(t *testing.T) {
	requestRows2021 := "received carried_in result.disclosed result.partial result.withheld.state_secret " +
		"result.withheld.prohibited_by_law result.withheld.security_stability result.withheld.third_party " +
		"result.withheld.internal_affairs result.withheld.process_info result.withheld.enforcement_files " +
		"result.withheld.query_matters result.unavailable.not_held result.unavailable.needs_creation " +
		"result.unavailable.unclear result.not_processed.complaint result.not_processed.duplicate " +
		"result.not_processed.publication result.not_processed.mass_repeat result.not_processed.confirm_reissue "
	tests := []struct {
		version, section, rows, cols string
	}{
		{"2021", "active", "rules normative_docs licensing penalties enforcement fees",
			"issued repealed in_force decisions amount_wan_yuan"},
		{"2019", "active", "rules normative_docs licensing other_services penalties enforcement fees procurement",
			"made published total_published prev_items items_change decisions items amount_wan_yuan"},
		{"2021", "requests", requestRows2021 + "result.other.no_correction result.other.fee_unpaid result.other.other result.total carried_out",
			"natural_person business research nonprofit legal_services other_org total"},
		{"2019", "requests", requestRows2021 + "result.other result.total carried_out",
			"natural_person business research nonprofit legal_services other_org total"},
	}
	appealCols := ""
	for _, g := range []string{"review", "suit_direct", "suit_after_review"} {
		for _, o := range []string{"upheld", "corrected", "other", "pending", "total"} {
			appealCols += g + "." + o + " "
		}
	}
	tests = append(tests, struct{ version, section, rows, cols string }{"2021", "appeals", "all", appealCols},
		struct{ version, section, rows, cols string }{"2019", "appeals", "all", appealCols})
	for _, tt := range tests {
		f, err := FormByVersion(tt.version)
		if err != nil {
			t.Fatal(err)
		}
		s := f.Section(tt.section)
		if s == nil {
			t.Fatalf("%s: no section %s", tt.version, tt.section)
		}
		var rows, cols []string
		for _, r := range s.AllRows() {
			rows = append(rows, r.Code)
		}
		for _, c := range s.AllColumns() {
			cols = append(cols, c.Code)
		}
		if got := strings.Join(rows, " "); got != strings.TrimSpace(tt.rows) {
			t.Errorf("%s %s rows:\n got  %s\n want %s", tt.version, tt.section, got, tt.rows)
		}
		if got := strings.Join(cols, " "); got != strings.TrimSpace(tt.cols) {
			t.Errorf("%s %s cols:\n got  %s\n want %s", tt.version, tt.section, got, tt.cols)
		}
	}
}

func TestFormsYears(t *testing.T) {
	f19, _ := FormByVersion("2019")
	f21, _ := FormByVersion("2021")
	for y, want := range map[int]string{2019: "2019", 2020: "2019", 2021: "2021", 2024: "2021"} {
		got := ""
		for _, f := range []*Form{f19, f21} {
			if f.InUse(y) {
				got = f.Version
			}
		}
		if got != want {
			t.Errorf("year %d: form %q, want %q", y, got, want)
		}
	}
	if _, err := FormByVersion("1999"); err == nil {
		t.Error("unknown version accepted")
	}
}

func TestCheckRejectsBadForms(t *testing.T) {
	bad := []Form{
		{},
		{Version: "x", Sections: []Section{{Code: "s", Rows: []Row{{Code: "a"}, {Code: "a"}}}}},
		{Version: "x", Sections: []Section{{Code: "s", Columns: []Column{{Code: "c", Kind: "weird"}}}}},
		{Version: "x", Sections: []Section{{Code: "s", Rows: []Row{{Code: "a"}}}},
			Identities: []Identity{{Rule: "r", Section: "s", Over: "rows", Left: Terms{Cols: []string{"nope"}}}}},
		{Version: "x", Sections: []Section{{Code: "s"}}, Identities: []Identity{{Rule: "r", Section: "t", Over: "rows"}}},
	}
	for i, f := range bad {
		if err := f.check(); err == nil {
			t.Errorf("form %d accepted", i)
		}
	}
}

func TestNormalizeLabel(t *testing.T) {
	tests := []struct{ in, want, ord string }{
		{"（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开(区分处理的,只计这一情形,不计其他情形)", "二"},
		{"3.危及“三安全一稳定”", "危及三安全一稳定", "3"},
		{"一、本年新收政府信息公开申请数量", "本年新收政府信息公开申请数量", "一"},
		{"商业 企业", "商业企业", ""},
		{"第二十条第（一）项", "第二十条第(一)项", ""},
		{"本年收费金额（单位：万元）", "本年收费金额(单位:万元)", ""},
		{"１、重复申请", "重复申请", "1"},
		{"(七)总计", "总计", "七"},
		{"2022年", "2022年", ""},
	}
	for _, tt := range tests {
		got, ord := StripOrdinal(NormalizeLabel(tt.in))
		if got != tt.want || ord != tt.ord {
			t.Errorf("%q → %q (%q), want %q (%q)", tt.in, got, ord, tt.want, tt.ord)
		}
	}
}

func TestSpamRulesCompile(t *testing.T) {
	r, err := Spam()
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Brands) == 0 || len(r.Patterns) == 0 {
		t.Fatal("no spam rules")
	}
	for _, p := range r.Patterns {
		if !p.Compiled.MatchString("xx"+p.Keywords[0]+"网_某某体育-【官网app】") && !strings.Contains(p.Regex, "【") {
			t.Errorf("pattern %q does not match its own keyword", p.Regex)
		}
	}
}
