package regions

import (
	"strings"
	"testing"
)

// Agencies, titles and URLs of the real corpus (testdata/corpus: the names as the pages give
// them, the URLs of their # SOURCE lines) and a few made cases for the rules.
func TestInfer(t *testing.T) {
	cases := []struct {
		name, agency, title, url string
		want                     Region
	}{
		{"city bureau", "乌海市工业和信息化局", "", "http://gxj.wuhai.gov.cn/jxw/250901/zfxxgk20/zfxxgknb73/1027108/index.html",
			Region{Code: "150300", Name: "乌海市", Province: "内蒙古自治区", City: "乌海市", Level: "city"}},
		{"district, ambiguous name told apart by host", "和平区发展改革委", "", "http://www.tjhp.gov.cn/zw/zfxxgk/zfgbm/qfzggw/zfxxgknb/202012/t20201230_5252166.html",
			Region{Name: "和平区", Province: "天津市", City: "天津市", County: "和平区", Level: "county"}},
		{"district, ambiguous name without host", "和平区发展改革委", "", "",
			Region{Name: "和平区", County: "和平区", Level: "county"}},
		{"district, ambiguous name told apart by the city", "沈阳市和平区人民政府", "", "",
			Region{Name: "和平区", Province: "辽宁省", City: "沈阳市", County: "和平区", Level: "county"}},
		{"municipal district from host only", "", "", "http://www.bjtzh.gov.cn/tzzfxxgk/c109616/202009/1314808.shtml",
			Region{Name: "通州区", Province: "北京市", City: "北京市", County: "通州区", Level: "county"}},
		{"spam mirror: 北京街道 is not 北京市", "区人民政府北京街道办事处", "", "http://www.jingchikouqiang.com/zwgk/xxgknb/2020/content/post_7038677.html",
			Region{Level: "township"}},
		{"sub-district", "大东区前进街道", "大东区前进街道2020年度政府信息公开工作年度报告", "http://www.sydd.gov.cn/zwgk/zfxxgknb/2020/x.html",
			Region{Name: "大东区", Province: "辽宁省", City: "沈阳市", County: "大东区", Level: "township"}},
		{"town of unknown county", "太平镇人民政府", "", "http://www.xixianxinqu.gov.cn/xwzx/ztzl/zfxxgknb/2022/gzj/tpz/63d48a80f8fd1c4c213ab9ff.html",
			Region{Level: "township"}},
		{"known town", "螅镇", "2022年度螅镇政府信息公开工作年度报告", "http://www.sxjiaxian.gov.cn/zwgk/zfxxgkzl/xtjdbnb/ct/49959.htm",
			Region{Name: "螅镇", Province: "陕西省", City: "榆林市", County: "佳县", Level: "township"}},
		{"county and town", "桃江县松木塘镇人民政府", "", "http://jw.taojiang.gov.cn/25074/25162/37354/39633/index.htm",
			Region{Name: "松木塘镇", Province: "湖南省", City: "益阳市", County: "桃江县", Level: "township"}},
		{"industrial park named after its town", "冶金工业园(锦丰镇)", "冶金工业园(锦丰镇)2022年政府信息公开工作年度报告", "",
			Region{Name: "锦丰镇", Province: "江苏省", City: "苏州市", County: "张家港市", Level: "township"}},
		{"town on a spam mirror of its county portal", "张家港市冶金工业园(锦丰镇)", "", "http://zp2005.com/zjgszwz/yjyzfxxgklm/202501/x.shtml",
			Region{Name: "锦丰镇", Province: "江苏省", City: "苏州市", County: "张家港市", Level: "township"}},
		{"city bureau from host", "", "我局2023年政府信息公开工作年度报告", "http://js.changchun.gov.cn/zcbm/styjrswj/ndbg/202401/t20240115_3271106.html",
			Region{Code: "220100", Name: "长春市", Province: "吉林省", City: "长春市", Level: "city"}},
		{"county bureau", "徐闻县司法局", "", "http://www.xuwen.gov.cn/zfxxgk/zjsxwxsfj/content/post_1865610.html",
			Region{Name: "徐闻县", Province: "广东省", City: "湛江市", County: "徐闻县", Level: "county"}},
		{"district bureau, district unnamed", "区统计局", "", "http://61.150.65.235/zfxxgk/zfxxgknb/bmxxgknb/1906985018193408001.html",
			Region{Level: "county"}},
		{"district bureau, district from host", "区政府国资局", "", "http://www.hunnan.gov.cn/zwgk/zfxxgknb/2022/2022bmdnbg/202301/t20230118_4373320.html",
			Region{Name: "浑南区", Province: "辽宁省", City: "沈阳市", County: "浑南区", Level: "county"}},
		{"county bureau, name from title", "", "天镇县信访局2021年政府信息公开工作年度报告", "http://www.dttz.gov.cn/dttzx/zfzcbm2021/202202/x.shtml",
			Region{Name: "天镇县", Province: "山西省", City: "大同市", County: "天镇县", Level: "county"}},
		{"city office", "湛江市人民政府地方志办公室", "", "",
			Region{Code: "440800", Name: "湛江市", Province: "广东省", City: "湛江市", Level: "city"}},
		{"province", "浙江省人民政府办公厅", "", "",
			Region{Code: "330000", Name: "浙江省", Province: "浙江省", Level: "province"}},
		{"autonomous region by its short name", "内蒙古乌海市海勃湾区人民政府", "", "",
			Region{Code: "150300", Name: "乌海市", Province: "内蒙古自治区", City: "乌海市", Level: "city"}},
		{"城乡 and 城镇 are not towns", "苏州市住房和城乡建设局", "", "",
			Region{Code: "320500", Name: "苏州市", Province: "江苏省", City: "苏州市", Level: "city"}},
		{"SAR full name only: 澳门 spam is not Macao", "澳门太阳城赌城", "", "", Region{}},
		{"host outside gov.cn is ignored", "", "", "http://wuhai.gov.cn.example.com/x", Region{}},
		{"nothing known", "某某局", "", "", Region{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Infer(c.agency, c.title, c.url)
			want := c.want
			if want.Known() {
				want.Source = "inferred"
			}
			if got != want {
				t.Errorf("Infer(%q, %q, %q)\n got %+v\nwant %+v", c.agency, c.title, c.url, got, want)
			}
		})
	}
}

func TestDataFile(t *testing.T) {
	tab, err := data()
	if err != nil {
		t.Fatal(err)
	}
	var provinces []*division
	codes := map[string]string{}
	for key, d := range tab.byPath {
		if key != strings.Join(d.path, "/") {
			continue // a municipality standing as its own city
		}
		if d.level == LevelProvince {
			provinces = append(provinces, d)
		}
		if d.code == "" {
			continue
		}
		if other, dup := codes[d.code]; dup && other != strings.Join(d.path, "/") {
			t.Errorf("code %s used by %s and %s", d.code, other, strings.Join(d.path, "/"))
		}
		codes[d.code] = strings.Join(d.path, "/")
		// A child's code starts with its province's two digits (and a county's with its city's four).
		if p := tab.byPath[d.path[0]]; p.code[:2] != d.code[:2] {
			t.Errorf("%s: code %s outside province %s %s", d.name(), d.code, p.name(), p.code)
		}
		if d.level == LevelCity && d.code[4:] != "00" {
			t.Errorf("%s: a city code ends in 00, got %s", d.name(), d.code)
		}
	}
	if len(provinces) != 34 {
		t.Errorf("%d provincial-level divisions, want 34", len(provinces))
	}
	for _, p := range provinces {
		if p.code == "" || p.code[2:] != "0000" {
			t.Errorf("province %s: code %q", p.name(), p.code)
		}
	}
	if c := tab.byPath["北京市"].code; c != "110000" {
		t.Errorf("北京市 = %s", c)
	}
	if c := tab.byPath["澳门特别行政区"].code; c != "820000" {
		t.Errorf("澳门 = %s", c)
	}
}

func TestParseTableErrors(t *testing.T) {
	for _, bad := range []string{
		"province\t11000\t北京市\n",         // short code
		"city\t-\t江苏省/苏州市\n",             // parent missing
		"county\t-\t江苏省/苏州市\n",           // path too short
		"host\tx.gov.cn\t江苏省\n",          // unknown region
		"planet\t-\t地球\n",                // unknown kind
		"province\t110000\t北京市\textra\n", // four fields
		"alias\t-\t京=北京\n",               // unknown target
	} {
		if _, err := parseTable([]byte(bad)); err == nil {
			t.Errorf("parseTable(%q): no error", bad)
		}
	}
}

func BenchmarkInfer(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Infer("张家港市冶金工业园(锦丰镇)", "冶金工业园(锦丰镇)2022年政府信息公开工作年度报告", "http://www.zjg.gov.cn/x.html")
	}
}
