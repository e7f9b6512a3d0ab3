package render

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/govreports/govreports/parser"
)

func TestTablesSample(t *testing.T) {
	data, err := os.ReadFile("../../testdata/corpus/jinfeng-2022-pipe.txt")
	if err != nil {
		t.Fatal(err)
	}
	res, err := parser.Parse(data, parser.Source{Name: "sample"})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Tables(&b, res); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"二、主动公开政府信息情况", "行政处罚", "13242", "697.449", "复议后起诉/总计", "content.spam"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	// Every row of table 三 ends at the same display column: CJK counted as two.
	lines := strings.Split(out, "\n")
	widths := map[int]bool{}
	in := false
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "三、"):
			in = true
			continue
		case strings.HasPrefix(l, "四、"):
			in = false
		}
		if in && strings.TrimSpace(l) != "" {
			widths[displayWidth(l)] = true
		}
	}
	if len(widths) != 1 {
		t.Errorf("table 三 rows have display widths %v, want one", widths)
	}
}

func TestDisplayWidth(t *testing.T) {
	for s, w := range map[string]int{"abc": 3, "规章": 4, "第二十条第(一)项": 16, "１０": 4} {
		if got := displayWidth(s); got != w {
			t.Errorf("displayWidth(%q) = %d, want %d", s, got, w)
		}
	}
}
