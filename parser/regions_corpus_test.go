package parser

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestCorpusRegions: every real report of testdata/corpus gets the code of the place its page
// names, at that place's level, and a body type. Where the page names no place (我局…), the code
// is the listed portal host's or none. Expectations from the pages themselves and their # SOURCE
// notes (testdata/corpus/partial).
func TestCorpusRegions(t *testing.T) {
	want := map[string]struct{ code, level, bodyType string }{
		// The page names the place.
		"010_wuhai_gxj_2020_PARTIAL.txt":                       {"150300", "city", "department"},                // 乌海市工业和信息化局
		"011_tianjin_heping_fgw_2019_PARTIAL.txt":              {"120101", "county", "department"},              // 和平区发展改革委 on tjhp.gov.cn
		"014_shenyang_dadong_qianjin_2020_PARTIAL.txt":         {"210104018", "township", "township_or_street"}, // 大东区前进街道
		"016_xixian_taipingzhen_2022_PARTIAL.txt":              {"610423111", "township", "township_or_street"}, // 太平镇 on a 陕西 portal
		"017_jiaxian_xizhen_2022_OLDFORMAT_PARTIAL.txt":        {"610828109", "township", "township_or_street"}, // 螅镇
		"018_taojiang_songmutang_2022_PARTIAL.txt":             {"430922109", "township", "township_or_street"}, // 桃江县松木塘镇人民政府
		"026_SPAM_MIRROR_zp2005_jinfeng_2024_PARTIAL.txt":      {"320582103", "township", "township_or_street"}, // 冶金工业园(锦丰镇)
		"029_zhanjiang_difangzhi_2023_PARTIAL.txt":             {"440800", "city", "department"},                // 湛江市人民政府地方志办公室
		"030_SPAM_MIRROR_seed_source_jinfeng_2022_PARTIAL.txt": {"320582103", "township", "township_or_street"},
		"jinfeng-2022-pipe.txt":                                {"320582103", "township", "township_or_street"},
		// The page names no place: the host's division, the body type from the name or 我局/我镇.
		"012_beijing_tongzhou_bureau_2019_PARTIAL.txt":                   {"110112", "county", "department"},
		"020_changchun_bureau_2023_PARTIAL.txt":                          {"220100", "city", "department"},
		"021_xuwen_sfj_PARTIAL.txt":                                      {"440825", "county", "department"},
		"025_datong_tianzhen_xinfangju_2021_PARTIAL.txt":                 {"140222", "county", "department"},
		"027_shenyang_hunnan_guoziju_2022_TABLES_MISSING.txt":            {"210112", "county", "department"}, // 区政府国资局
		"028_yangling_shenjiju_2022_PARTIAL.txt":                         {"610403", "county", "department"},
		"022_district_statsbureau_2023_PARTIAL.txt":                      {"", "county", "department"},           // 区统计局 on a bare IP
		"015_chongqing_town_2022_PARTIAL.txt":                            {"", "township", "township_or_street"}, // 我镇, host not listed
		"019_mz_town_2022_PARTIAL.txt":                                   {"", "township", "township_or_street"},
		"013_SPAM_MIRROR_jingchikouqiang_beijingjiedao_2020_PARTIAL.txt": {"", "", "other"}, // no name, spam host
		"023_SPAM_MIRROR_saintpaulhem_bureau_2023_OLDFORMAT_PARTIAL.txt": {"", "", "department"},
		// Real reports of shared/corpus, should they be copied here.
		"pingtan_2022_glued.txt":              {"350128", "county", "development_zone"}, // 平潭综合实验区
		"shanghai_office_2025_pdf_extract.md": {"310000", "province", "general_office"}, // 上海市人民政府办公厅
	}
	var files []string
	for _, pat := range []string{"../testdata/corpus/*.txt", "../testdata/corpus/*/*.txt", "../testdata/corpus/*/*.md"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 22 {
		t.Errorf("%d corpus files, want the 22 here at least", len(files))
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			data, src := readCorpusFile(t, path)
			res, err := Parse(data, src)
			if err != nil {
				t.Fatal(err)
			}
			r := res.Report.Region
			// Any report: a place the page names has its code, unless the name is ambiguous
			// (then an issue says so).
			named := strings.Contains(r.Source, "agency") || strings.Contains(r.Source, "title")
			if named && r.Code == "" && !hasRule(res.Issues, "region.ambiguous") {
				t.Errorf("the page names %s but the region has no code: %+v", r.Name, r)
			}
			w, ok := want[name]
			if !ok {
				return // a corpus file added later: the rule above holds for it too
			}
			if r.Code != w.code || r.Level != w.level || r.BodyType != w.bodyType {
				t.Errorf("region %+v, want code %q level %q body type %q", r, w.code, w.level, w.bodyType)
			}
			if r.DataVersion == "" {
				t.Error("no data version")
			}
		})
	}
}

func hasRule(issues []Issue, rule string) bool {
	for _, is := range issues {
		if is.Rule == rule {
			return true
		}
	}
	return false
}
