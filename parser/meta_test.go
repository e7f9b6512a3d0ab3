package parser

import "testing"

func TestAgencyOf(t *testing.T) {
	tests := map[string]string{
		"冶金工业园(锦丰镇)2022年政府信息公开工作年度报告":   "冶金工业园(锦丰镇)",
		"2022年度螅镇政府信息公开工作年度报告":          "螅镇",
		"乌海市工业和信息化局政府信息公开工作年度报告":        "乌海市工业和信息化局",
		"关于北京市通州区民政局2019年政府信息公开工作年度报告":  "北京市通州区民政局",
		"2022年某某县政府信息公开工作年度报告":          "某某县",
		"某某市生态环境局政府信息公开工作2022年度报告":      "某某市生态环境局",
		"某某市统计局2023年度政府信息公开工作报告":        "某某市统计局",
		"我局2022年政府信息公开工作年度报告":           "",
		"某某区人民政府办公室 2021 年政府信息公开工作年度报告": "某某区人民政府办公室",
		"某某街道办事处2020年政务公开工作年度报告":        "某某街道办事处",
	}
	for title, want := range tests {
		if got := agencyOf(title); got != want {
			t.Errorf("agencyOf(%q) = %q, want %q", title, got, want)
		}
	}
}

func TestPublishedOf(t *testing.T) {
	tests := map[string]string{
		"来源:原创     发布时间:2023-01-31 13:24    浏览次数":          "2023-01-31",
		"发布日期：2021年1月26日":                                  "2021-01-26",
		`<meta name="PubDate" content="2023-01-18 10:02">`: "2023-01-18",
		"发布时间:2023-13-01":                                  "",
		"没有日期":                                             "",
	}
	for doc, want := range tests {
		if got := publishedOf(doc); got != want {
			t.Errorf("publishedOf(%q) = %q, want %q", doc, got, want)
		}
	}
}
