package parser

import (
	"strings"
	"testing"
)

// Made pages: one report without tables (its tables are images) published twice, on the desktop
// page and on the _wap page, each in its own portal chrome (navigation, footer). Both copies must
// get the same id; another body's report must not.
func TestContentIDIgnoresChrome(t *testing.T) {
	article := `<h1>某区国资局2022年政府信息公开工作年度报告</h1>
<p>一、总体情况</p><p>2022年度区国资局主动公开政府信息4条。</p>
<p>二、主动公开政府信息情况</p><p><img src="t2.png"></p>
<p>三、收到和处理政府信息公开申请情况</p><p><img src="t3.png"></p>
<p>四、政府信息公开行政复议、行政诉讼情况</p><p><img src="t4.png"></p>
<p>五、存在的主要问题及改进情况</p><p>培训不足。</p>`
	desktop := `<html><head><title>某区国资局2022年政府信息公开工作年度报告_某区人民政府</title></head><body>
<div class="nav"><a>首页</a><a>政务公开</a><a>政府信息公开年报</a></div>` + article + `
<div class="footer">主办单位：某区人民政府办公室 网站标识码：2101120001 ICP备05001234号</div></body></html>`
	wap := `<html><head><title>某区国资局2022年政府信息公开工作年度报告</title></head><body>
<div>手机版 | 返回顶部</div>` + article + `<div>版权所有：某区人民政府 技术支持：某公司</div></body></html>`
	other := strings.Replace(desktop, "主动公开政府信息4条", "主动公开政府信息9条", 1)
	id := func(page string) string {
		res, err := Parse([]byte(page), Source{Name: "made"})
		if err != nil {
			t.Fatal(err)
		}
		return res.Report.ID
	}
	if a, b := id(desktop), id(wap); a != b {
		t.Errorf("desktop %s and _wap %s copies of one report got different ids", a, b)
	}
	if a, c := id(desktop), id(other); a == c {
		t.Errorf("two different reports got the same id %s", a)
	}
}
