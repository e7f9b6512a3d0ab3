package schemas

import "testing"

func TestNormalizeLabelFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"（一）予以公开", "(一)予以公开"},
		{"二、主动公开政府信息情况", "二,主动公开政府信息情况"},
		{"本年新 制作数量", "本年新制作数量"},
		{"信\u3000息内容：", "信息内容"},
		{"危及“三安全一稳定”", "危及三安全一稳定"},
		{"【注】", "(注)"},
		{"１．属于国家秘密", "1.属于国家秘密"},
		{"总计。", "总计"},
		{"e\u0301", "é"}, // combining mark: the general path composes it
		{"\u00a0规章", "规章"},
		{"", ""},
	} {
		if got := NormalizeLabel(tc.in); got != tc.want {
			t.Errorf("NormalizeLabel(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzNormalizeLabel holds the one-pass fold of common text to the general NFKC path.
func FuzzNormalizeLabel(f *testing.F) {
	for _, s := range []string{"（一）予以公开", "二、主动公开政府信息情况", "本年新 制作数量", "“三安全一稳定”", "〔2019〕60号",
		"ｅ\u0301", "a\u0301", "１２３；４５６|７８９", "[1]：", "总计。。", "。", "\xff", "\xe4\xb8", "ﾟ", "㈠", "①"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := NormalizeLabel(s), normalizeLabelSlow(s); got != want {
			t.Fatalf("NormalizeLabel(%q) = %q, general path %q", s, got, want)
		}
	})
}
