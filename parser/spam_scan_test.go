package parser

import (
	"reflect"
	"strings"
	"testing"

	"github.com/govreports/govreports/schemas"
)

// FuzzNeedleScan holds the one-pass scan to one strings.Index search per needle: the rules'
// own needles and two the fuzzer makes, over any text.
func FuzzNeedleScan(f *testing.F) {
	rules, err := schemas.Spam()
	if err != nil {
		f.Fatal(err)
	}
	real := needlesFor(rules).needles
	f.Add("本站由中国竞彩网_明升体育-【唯一app官网】提供", "竞彩", "ab")
	f.Add("aaaa", "aa", "aaa")
	f.Add("澳门太阳城赌城-【官网娱乐网站】棋牌棋牌", "棋牌棋", "】")
	f.Add(strings.Repeat("政府信息公开", 40)+"新葡京博彩官网", "公开政", "官网")
	f.Fuzz(func(t *testing.T, doc, a, b string) {
		for _, needles := range [][]string{real, {a, b}, append([]string{a}, real...)} {
			sc := newNeedleScan(needles)
			shortest := -1
			for _, n := range needles {
				if shortest < 0 || len(n) < shortest {
					shortest = len(n)
				}
			}
			if sc == nil {
				if shortest >= 2 && shortest <= 255 {
					t.Fatalf("no scan for %q", needles)
				}
				continue
			}
			if got, want := sc.find(doc), findNeedles(doc, needles); !reflect.DeepEqual(got, want) {
				t.Fatalf("needles %q in %q: scan %v, strings.Index %v", needles, doc, got, want)
			}
		}
	})
}
