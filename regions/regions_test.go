package regions

import (
	"strings"
	"testing"
)

// Agencies, titles and URLs of the real corpus (testdata/corpus: the names as the pages give
// them, the URLs of their # SOURCE lines), of the real reports of /work/shared/corpus that the
// repository does not hold (平潭综合实验区, 上海市人民政府办公厅) and of a city government's real
// report (淮安市人民政府, www.huaian.gov.cn), and a few made cases for the rules.
func TestInfer(t *testing.T) {
	type R = Region
	cases := []struct {
		name string
		in   Input
		want Region
		rule string // the finding expected, if any
	}{
		{"city bureau", Input{Agency: "乌海市工业和信息化局", URL: "http://gxj.wuhai.gov.cn/jxw/250901/zfxxgk20/zfxxgknb73/1027108/index.html"},
			R{Code: "150300", Name: "乌海市", Province: "内蒙古自治区", City: "乌海市", Level: "city", BodyType: "department", ParentCode: "150000", Source: "agency+host"}, ""},
		{"district, ambiguous name told apart by host", Input{Agency: "和平区发展改革委", URL: "http://www.tjhp.gov.cn/zw/zfxxgk/zfgbm/qfzggw/zfxxgknb/202012/t20201230_5252166.html"},
			R{Code: "120101", Name: "和平区", Province: "天津市", City: "天津市", County: "和平区", Level: "county", BodyType: "department", ParentCode: "120000", Source: "agency+host"}, ""},
		{"district, ambiguous name without host", Input{Agency: "和平区发展改革委"},
			R{Name: "和平区", County: "和平区", Level: "county", BodyType: "department", Source: "agency"}, RuleAmbiguous},
		{"district, ambiguous name told apart by the city", Input{Agency: "沈阳市和平区人民政府"},
			R{Code: "210102", Name: "和平区", Province: "辽宁省", City: "沈阳市", County: "和平区", Level: "county", BodyType: "government", ParentCode: "210100", Source: "agency"}, ""},
		{"district, ambiguous name told apart by the site", Input{Agency: "和平区人民政府", SiteCode: "210100"},
			R{Code: "210102", Name: "和平区", Province: "辽宁省", City: "沈阳市", County: "和平区", Level: "county", BodyType: "government", ParentCode: "210100", Source: "agency+sites"}, ""},
		{"municipal district from host only", Input{URL: "http://www.bjtzh.gov.cn/tzzfxxgk/c109616/202009/1314808.shtml"},
			R{Code: "110112", Name: "通州区", Province: "北京市", City: "北京市", County: "通州区", Level: "county", BodyType: "other", ParentCode: "110000", Source: "host"}, ""},
		{"spam mirror: 北京街道 is not 北京市, and the one 北京街道 there is", Input{Agency: "区人民政府北京街道办事处", URL: "http://www.jingchikouqiang.com/zwgk/xxgknb/2020/content/post_7038677.html"},
			R{Code: "440104003", Name: "北京街道", Province: "广东省", City: "广州市", County: "越秀区", Township: "北京街道", Level: "township", BodyType: "township_or_street", ParentCode: "440104", Source: "agency"}, ""},
		{"sub-district of eight cities, told apart by its district", Input{Agency: "大东区前进街道", Title: "大东区前进街道2020年度政府信息公开工作年度报告", URL: "http://www.sydd.gov.cn/zwgk/zfxxgknb/2020/x.html"},
			R{Code: "210104018", Name: "前进街道", Province: "辽宁省", City: "沈阳市", County: "大东区", Township: "前进街道", Level: "township", BodyType: "township_or_street", ParentCode: "210104", Source: "agency+host"}, ""},
		{"sub-district of eight cities alone", Input{Agency: "前进街道办事处"},
			R{Name: "前进街道", Township: "前进街道", Level: "township", BodyType: "township_or_street", Source: "agency"}, RuleAmbiguous},
		{"sub-district narrowed to a province: the common prefix", Input{Agency: "前进街道办事处", SiteCode: "220000"},
			R{Code: "220000", Name: "前进街道", Province: "吉林省", Township: "前进街道", Level: "township", BodyType: "township_or_street", Source: "agency+sites"}, RuleAmbiguous},
		{"town of fifty names, the one of the host's province", Input{Agency: "太平镇政府", Title: "太平镇政府2022年度政府信息公开工作年度报告", URL: "http://www.xixianxinqu.gov.cn/xwzx/ztzl/zfxxgknb/2022/gzj/tpz/63d48a80f8fd1c4c213ab9ff.html"},
			R{Code: "610423111", Name: "太平镇", Province: "陕西省", City: "咸阳市", County: "泾阳县", Township: "太平镇", Level: "township", BodyType: "township_or_street", ParentCode: "610423", Source: "agency+host"}, ""},
		{"town of fifty names without host", Input{Agency: "太平镇人民政府"},
			R{Name: "太平镇", Township: "太平镇", Level: "township", BodyType: "township_or_street", Source: "agency"}, RuleAmbiguous},
		{"known town", Input{Agency: "螅镇", Title: "2022年度螅镇政府信息公开工作年度报告", URL: "http://www.sxjiaxian.gov.cn/zwgk/zfxxgkzl/xtjdbnb/ct/49959.htm"},
			R{Code: "610828109", Name: "螅镇", Province: "陕西省", City: "榆林市", County: "佳县", Township: "螅镇", Level: "township", BodyType: "township_or_street", ParentCode: "610828", Source: "agency+host"}, ""},
		{"county and town", Input{Agency: "桃江县松木塘镇人民政府", URL: "http://jw.taojiang.gov.cn/25074/25162/37354/39633/index.htm"},
			R{Code: "430922109", Name: "松木塘镇", Province: "湖南省", City: "益阳市", County: "桃江县", Township: "松木塘镇", Level: "township", BodyType: "township_or_street", ParentCode: "430922", Source: "agency+host"}, ""},
		{"园镇合一: the park's body is its town", Input{Agency: "冶金工业园(锦丰镇)", Title: "冶金工业园(锦丰镇)2022年政府信息公开工作年度报告"},
			R{Code: "320582103", Name: "锦丰镇", Province: "江苏省", City: "苏州市", County: "张家港市", Township: "锦丰镇", Level: "township", BodyType: "township_or_street", ParentCode: "320582", Source: "agency"}, ""},
		{"园镇合一 with the park's own unit named: still the town", Input{Agency: "张家港市冶金工业园(锦丰镇)", URL: "http://zp2005.com/zjgszwz/yjyzfxxgklm/202501/x.shtml"},
			R{Code: "320582103", Name: "锦丰镇", Province: "江苏省", City: "苏州市", County: "张家港市", Township: "锦丰镇", Level: "township", BodyType: "township_or_street", ParentCode: "320582", Source: "agency"}, ""},
		{"township-level zone", Input{Agency: "张家港经济技术开发区管委会"},
			R{Code: "320582401", Name: "张家港经济技术开发区", Province: "江苏省", City: "苏州市", County: "张家港市", Township: "张家港经济技术开发区", Level: "township", BodyType: "development_zone", ParentCode: "320582", Source: "agency"}, ""},
		{"county-level zone by alias", Input{Agency: "平潭综合实验区", Title: "平潭综合实验区2022年度政府信息公开工作年度报告", URL: "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202302/t20230220_80629.htm"},
			R{Code: "350128", Name: "平潭县", Province: "福建省", City: "福州市", County: "平潭县", Level: "county", BodyType: "development_zone", ParentCode: "350100", Source: "agency+alias+host"}, ""},
		{"a zone under its county: the county's code", Input{Agency: "桃江县经济开发区管委会"},
			R{Code: "430922", Name: "桃江县", Province: "湖南省", City: "益阳市", County: "桃江县", Level: "county", BodyType: "development_zone", ParentCode: "430900", Source: "agency"}, ""},
		{"a zone of the data under its county", Input{Agency: "张家港保税区管委会"},
			R{Code: "320582403", Name: "张家港保税区", Province: "江苏省", City: "苏州市", County: "张家港市", Township: "张家港保税区", Level: "township", BodyType: "development_zone", ParentCode: "320582", Source: "agency"}, ""},
		{"a zone that is its district (区政合一)", Input{Agency: "苏州高新区管委会"},
			R{Code: "320505", Name: "虎丘区", Province: "江苏省", City: "苏州市", County: "虎丘区", Level: "county", BodyType: "development_zone", ParentCode: "320500", Source: "agency+alias"}, ""},
		{"a zone's department", Input{Agency: "平潭综合实验区经济发展局"},
			R{Code: "350128", Name: "平潭县", Province: "福建省", City: "福州市", County: "平潭县", Level: "county", BodyType: "department", ParentCode: "350100", Source: "agency+alias"}, ""},
		{"county-level zone of the data", Input{Agency: "苏州工业园区管理委员会"},
			R{Code: "320576", Name: "苏州工业园区", Province: "江苏省", City: "苏州市", County: "苏州工业园区", Level: "county", BodyType: "development_zone", ParentCode: "320500", Source: "agency"}, ""},
		{"zone's department from host", Input{Title: "我局2022年政府信息公开工作年度报告", URL: "https://yangling.gov.cn/zwgk/gknb/bmnb/1619593655548706818.html"},
			R{Code: "610403", Name: "杨陵区", Province: "陕西省", City: "咸阳市", County: "杨陵区", Level: "county", BodyType: "department", ParentCode: "610400", Source: "host"}, ""},
		{"city bureau from host", Input{Title: "我局2023年政府信息公开工作年度报告", URL: "http://js.changchun.gov.cn/zcbm/styjrswj/ndbg/202401/t20240115_3271106.html"},
			R{Code: "220100", Name: "长春市", Province: "吉林省", City: "长春市", Level: "city", BodyType: "department", ParentCode: "220000", Source: "host"}, ""},
		{"county bureau", Input{Agency: "徐闻县司法局", URL: "http://www.xuwen.gov.cn/zfxxgk/zjsxwxsfj/content/post_1865610.html"},
			R{Code: "440825", Name: "徐闻县", Province: "广东省", City: "湛江市", County: "徐闻县", Level: "county", BodyType: "department", ParentCode: "440800", Source: "agency+host"}, ""},
		{"district bureau, district unnamed", Input{Agency: "区统计局", URL: "http://61.150.65.235/zfxxgk/zfxxgknb/bmxxgknb/1906985018193408001.html"},
			R{Level: "county", BodyType: "department"}, ""},
		{"district bureau, district from host", Input{Agency: "区政府国资局", URL: "http://www.hunnan.gov.cn/zwgk/zfxxgknb/2022/2022bmdnbg/202301/t20230118_4373320.html"},
			R{Code: "210112", Name: "浑南区", Province: "辽宁省", City: "沈阳市", County: "浑南区", Level: "county", BodyType: "department", ParentCode: "210100", Source: "host"}, ""},
		{"county bureau, name from title", Input{Title: "天镇县信访局2021年政府信息公开工作年度报告", URL: "http://www.dttz.gov.cn/dttzx/zfzcbm2021/202202/x.shtml"},
			R{Code: "140222", Name: "天镇县", Province: "山西省", City: "大同市", County: "天镇县", Level: "county", BodyType: "department", ParentCode: "140200", Source: "title+host"}, ""},
		{"city office that is not the general office", Input{Agency: "湛江市人民政府地方志办公室"},
			R{Code: "440800", Name: "湛江市", Province: "广东省", City: "湛江市", Level: "city", BodyType: "department", ParentCode: "440000", Source: "agency"}, ""},
		{"province's general office", Input{Agency: "上海市人民政府办公厅", Title: "2025年上海市人民政府办公厅政府信息公开工作年度报告"},
			R{Code: "310000", Name: "上海市", Province: "上海市", Level: "province", BodyType: "general_office", Source: "agency"}, ""},
		{"district's general office", Input{Agency: "北京市通州区人民政府办公室"},
			R{Code: "110112", Name: "通州区", Province: "北京市", City: "北京市", County: "通州区", Level: "county", BodyType: "general_office", ParentCode: "110000", Source: "agency"}, ""},
		{"city government", Input{Agency: "淮安市人民政府", Title: "淮安市人民政府2022年政府信息公开工作年度报告", URL: "http://www.huaian.gov.cn/col/x.html"},
			R{Code: "320800", Name: "淮安市", Province: "江苏省", City: "淮安市", Level: "city", BodyType: "government", ParentCode: "320000", Source: "agency+host"}, ""},
		{"the site's region is evidence, not an override", Input{Agency: "张家港市人民政府", SiteCode: "320582", SiteName: "江苏省张家港市"},
			R{Code: "320582", Name: "张家港市", Province: "江苏省", City: "苏州市", County: "张家港市", Level: "county", BodyType: "government", ParentCode: "320500", Source: "agency+sites"}, ""},
		{"a page outside the site's region keeps its name", Input{Agency: "淮安市人民政府", SiteCode: "320582"},
			R{Code: "320800", Name: "淮安市", Province: "江苏省", City: "淮安市", Level: "city", BodyType: "government", ParentCode: "320000", Source: "agency"}, RuleSiteMismatch},
		{"site region only", Input{Title: "我镇2022年政府信息公开工作年度报告", SiteCode: "320582103"},
			R{Code: "320582103", Name: "锦丰镇", Province: "江苏省", City: "苏州市", County: "张家港市", Township: "锦丰镇", Level: "township", BodyType: "township_or_street", ParentCode: "320582", Source: "sites"}, ""},
		{"site region outside the data", Input{SiteCode: "999999", SiteName: "某地"},
			R{Code: "999999", Name: "某地", BodyType: "other", Source: "sites"}, ""},
		{"autonomous region by its short name", Input{Agency: "内蒙古乌海市海勃湾区人民政府"},
			R{Code: "150302", Name: "海勃湾区", Province: "内蒙古自治区", City: "乌海市", County: "海勃湾区", Level: "county", BodyType: "government", ParentCode: "150300", Source: "agency+alias"}, ""},
		{"城乡 and 城镇 are not towns", Input{Agency: "苏州市住房和城乡建设局"},
			R{Code: "320500", Name: "苏州市", Province: "江苏省", City: "苏州市", Level: "city", BodyType: "department", ParentCode: "320000", Source: "agency"}, ""},
		{"丰镇市 is a county-level city, not a town", Input{Agency: "丰镇市教育局"},
			R{Code: "150981", Name: "丰镇市", Province: "内蒙古自治区", City: "乌兰察布市", County: "丰镇市", Level: "county", BodyType: "department", ParentCode: "150900", Source: "agency"}, ""},
		{"prefecture without counties", Input{Agency: "东莞市长安镇人民政府"},
			R{Code: "441900119", Name: "长安镇", Province: "广东省", City: "东莞市", Township: "长安镇", Level: "township", BodyType: "township_or_street", ParentCode: "441900", Source: "agency"}, ""},
		{"zone words of the data are not names (县林业局)", Input{Agency: "县林业局"}, R{Level: "county", BodyType: "department"}, ""},
		{"SAR full name only: 澳门 spam is not Macao", Input{Agency: "澳门太阳城赌城"}, R{BodyType: "other"}, ""},
		{"host outside gov.cn is ignored", Input{URL: "http://wuhai.gov.cn.example.com/x"}, R{BodyType: "other"}, ""},
		{"nothing known", Input{Agency: "某某局"}, R{BodyType: "department"}, ""},
		{"a general office of a place not known", Input{Agency: "示例市人民政府办公厅"}, R{BodyType: "general_office"}, ""},
		{"a county government of a place not known", Input{Agency: "示例县人民政府"}, R{Level: "county", BodyType: "government"}, ""},
		{"a province government of a place not known", Input{Agency: "示例省人民政府"}, R{Level: "province", BodyType: "government"}, ""},
		{"a city government of a place not known", Input{Agency: "示例市人民政府"}, R{BodyType: "government"}, ""},
		{"a bare 街道 of the data is no name", Input{Agency: "示例区某某街道"}, R{Level: "township", BodyType: "township_or_street"}, ""},
		{"the text's self-reference tells the type", Input{URL: "http://www.xuwen.gov.cn/zfxxgk/zjsxwxsfj/content/post_1865610.html", Text: "结合我局工作实际情况,制定本报告"},
			R{Code: "440825", Name: "徐闻县", Province: "广东省", City: "湛江市", County: "徐闻县", Level: "county", BodyType: "department", ParentCode: "440800", Source: "host"}, ""},
		{"a town's self-reference", Input{Text: "2022年,我镇持续强化组织领导"}, R{Level: "township", BodyType: "township_or_street"}, ""},
		{"the district named tells the 前进街道", Input{Agency: "朝阳区前进街道"},
			R{Code: "220104001", Name: "前进街道", Province: "吉林省", City: "长春市", County: "朝阳区", Township: "前进街道", Level: "township", BodyType: "township_or_street", ParentCode: "220104", Source: "agency"}, ""},
		{"鼓楼区 of four cities, none named", Input{Agency: "鼓楼区人民政府"},
			R{Name: "鼓楼区", County: "鼓楼区", Level: "county", BodyType: "government", Source: "agency"}, RuleAmbiguous},
		{"the text is never read for places", Input{Text: "我区认真贯彻落实《北京市政府信息公开规定》"}, R{BodyType: "other"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, findings := Infer(c.in)
			want := c.want
			want.DataVersion = "china-division@2.7.0"
			if got != want {
				t.Errorf("Infer(%+v)\n got %+v\nwant %+v", c.in, got, want)
			}
			var rules []string
			for _, f := range findings {
				rules = append(rules, f.Rule)
			}
			if strings.Join(rules, ",") != c.rule {
				t.Errorf("findings %v, want %q", findings, c.rule)
			}
		})
	}
}

// The embedded data is what the header says: source, version, licence, counts and the rows' hash
// (the test of divbuild shows that the builder writes such a header from its input; the input's
// sha256 is pinned in scripts/regions-data.sh, whose `check` re-derives the file from npm).
func TestDataFile(t *testing.T) {
	gz, _ := sources(t)
	h, err := readDivisions(gz)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.check(); err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{
		"source":       "npm:china-division@2.7.0",
		"licence":      "MIT (package.json); LICENSE file: WTFPL",
		"input_sha256": "210ad17ed5de7355ff069eabec71671f7d43c39295effcb013214815ed3ecc85",
		"rows":         "province=31 city=342 county=2978 township=41352",
		"upstream":     "国家统计局 2023年统计用区划代码 (as of 2023-06-30)",
	} {
		if h.fields[k] != want {
			t.Errorf("header %s = %q, want %q", k, h.fields[k], want)
		}
	}
	ref := reference(t)
	tab, err := data()
	if err != nil {
		t.Fatal(err)
	}
	levels := map[string]int{}
	for code, d := range ref.byCode {
		if code != d.code {
			if d.level != LevelCity || code[:4] != d.code[:4] {
				t.Errorf("division %s filed under %s", d.code, code)
			}
			continue // a county that is its prefecture (620201 嘉峪关市)
		}
		levels[d.level]++
		if d.parent != nil && !strings.HasPrefix(d.code, strings.TrimRight(d.parent.code[:2], "0")) {
			t.Errorf("%s %s: outside its province %s", d.code, d.name, d.parent.code)
		}
		if d.parent != nil && d.level == LevelTownship && d.parent != ref.byCode[d.code[:6]] {
			t.Errorf("township %s under %s", d.code, d.parent.code)
		}
	}
	// 31 + the three of extra.tsv; 342 prefectures less the 9 stand-ins (市辖区, 县, 省直辖…);
	// 2978 counties less the 4 that are their prefecture (东莞市, 中山市, 儋州市, 嘉峪关市).
	want := map[string]int{LevelProvince: 34, LevelCity: 333, LevelCounty: 2974, LevelTownship: 41352}
	for l, n := range want {
		if levels[l] != n {
			t.Errorf("%d %s divisions, want %d", levels[l], l, n)
		}
	}
	for code, name := range map[string]string{"110000": "北京市", "820000": "澳门特别行政区", "320582": "张家港市",
		"350128": "平潭县", "320582103": "锦丰镇", "320582406": "张家港市冶金工业园", "441900": "东莞市"} {
		if d := tab.byCode(code); d == nil || d.name != name {
			t.Errorf("%s = %+v, want %s", code, d, name)
		}
	}
	if DataVersion() != "china-division@2.7.0" {
		t.Errorf("DataVersion() = %q", DataVersion())
	}
}

// Names that departments' and governments' names are made of must not read as places.
func TestOrdinaryWordsAreNotPlaces(t *testing.T) {
	tab, err := data()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"市场监督管理局", "发展和改革委员会", "住房和城乡建设局", "人力资源和社会保障局", "自然资源和规划局",
		"生态环境局", "交通运输局", "农业农村局", "文化和旅游局", "卫生健康委员会", "退役军人事务局", "应急管理局", "审计局", "统计局",
		"医疗保障局", "林业局", "林草局", "水利局", "公安局", "民政局", "司法局", "财政局", "教育局", "科学技术局", "工业和信息化局",
		"商务局", "信访局", "地方志办公室", "人民政府办公室", "人民政府办公厅", "管理委员会", "城市管理综合行政执法局", "机关事务管理局",
		"国有资产监督管理委员会", "体育局", "政务服务数据管理局", "粮食和物资储备局", "乡村振兴局", "民族宗教事务局", "人民防空办公室",
		"档案馆", "气象局", "经济开发区", "高新技术产业开发区", "工业园区管委会", "政府信息公开工作年度报告", "年度报告"} {
		if ms := tab.find(w); len(ms) > 0 {
			t.Errorf("%s: found %q as a place", w, ms[0].name)
		}
	}
}

func TestBuildTableErrors(t *testing.T) {
	divisionsFile, _ := sources(t)
	for _, bad := range []string{
		"province\t11000\t北京市\n",        // short code
		"province\t110000\t北京市\n",       // listed twice
		"host\tx.gov.cn\t999999\n",      // unknown region
		"host\tx.example.com\t320582\n", // not a government host
		"planet\t-\t地球\n",               // unknown kind
		"alias\t北京\t110000\textra\n",    // four fields
		"alias\t京\t990000\n",            // unknown target
	} {
		if _, err := buildTable(divisionsFile, []byte(bad)); err == nil {
			t.Errorf("buildTable(extra %q): no error", bad)
		}
	}
	// A divisions file whose rows do not hash to its header is refused.
	if _, err := buildTable([]byte("not gzip"), nil); err == nil {
		t.Error("buildTable(not gzip): no error")
	}
}

func BenchmarkInfer(b *testing.B) {
	in := Input{Agency: "张家港市冶金工业园(锦丰镇)", Title: "冶金工业园(锦丰镇)2022年政府信息公开工作年度报告", URL: "http://www.zjg.gov.cn/x.html"}
	for i := 0; i < b.N; i++ {
		Infer(in)
	}
}

// FuzzInfer: any evidence gives a region without panicking, and a code only of the data's.
func FuzzInfer(f *testing.F) {
	f.Add("张家港市冶金工业园(锦丰镇)", "冶金工业园(锦丰镇)2022年政府信息公开工作年度报告", "http://www.zjg.gov.cn/x.html", "320582", "我镇")
	f.Add("大东区前进街道", "", "http://www.sydd.gov.cn/x", "", "")
	f.Add("\xff镇\x00", "年", "http://[::1", "999999999", "我局")
	f.Fuzz(func(t *testing.T, agency, title, url, site, text string) {
		r, _ := Infer(Input{Agency: agency, Title: title, URL: url, SiteCode: site, Text: text})
		tab, err := data()
		if err != nil {
			t.Fatal(err)
		}
		if r.Code != "" && r.Code != site && tab.byCode(r.Code) == nil {
			t.Errorf("code %q not in the data", r.Code)
		}
		if r.BodyType == "" || r.DataVersion == "" {
			t.Errorf("no body type or data version: %+v", r)
		}
	})
}

// Regression (FuzzInfer, CI): an agency with a leading space and bytes that are not UTF-8 sliced
// the trimmed name at the untrimmed name's match offsets and panicked.
func TestInferAgencyWithLeadingSpace(t *testing.T) {
	for _, agency := range []string{" \xa4\xa7东区前进街道", "  东区前进街道办事处", "\t某某县人民政府 "} {
		r, _ := Infer(Input{Agency: agency, URL: "http://www.sydd.gov.cn/x"})
		if r.BodyType == "" {
			t.Errorf("%q: no body type", agency)
		}
	}
}
