package parser

import (
	"slices"
	"strings"
	"testing"
)

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
		"某某县司法局二〇二二年政府信息公开工作年度报告":       "某某县司法局",
		"某某镇人民政府二○二一年度政府信息公开工作年度报告":     "某某镇人民政府",
	}
	for title, want := range tests {
		if got := agencyOf(title); got != want {
			t.Errorf("agencyOf(%q) = %q, want %q", title, got, want)
		}
	}
}

// Years in Chinese numerals (二〇二二年) are common in titles: the year is read from them.
func TestYearOf(t *testing.T) {
	tests := map[string]int{
		"某某县司法局2022年政府信息公开工作年度报告":   2022,
		"某某县司法局二〇二二年政府信息公开工作年度报告":   2022,
		"某某镇人民政府二○二一年度政府信息公开工作年度报告": 2021,
		"某某局二零二三年政府信息公开工作年度报告":      2023,
		"某某局政府信息公开工作年度报告":           0,
		"一二三四年政府信息公开工作年度报告":         0,
	}
	for title, want := range tests {
		if got := yearOf(title); got != want {
			t.Errorf("yearOf(%q) = %d, want %d", title, got, want)
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

// Made text layouts (after real pages such as corpus 018): the title is the article's own, with
// the body's name, even when the page's header repeats the bare title above it.
func TestFindTitle(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"bare title in the page header, two-line title in the article",
			"2022年政府信息公开工作年度报告\n某某县某某镇人民政府\n2022年政府信息公开工作年度报告\n一、总体情况\n",
			"某某县某某镇人民政府2022年政府信息公开工作年度报告"},
		{"bare title, then the full title on one line",
			"2022年政府信息公开工作年度报告\n某某县某某镇人民政府2022年政府信息公开工作年度报告\n一、总体情况\n",
			"某某县某某镇人民政府2022年政府信息公开工作年度报告"},
		{"bare title only", "2022年政府信息公开工作年度报告\n一、总体情况\n", "2022年政府信息公开工作年度报告"},
		{"a sentence after the bare title is no title",
			"2022年政府信息公开工作年度报告\n现将本机关2022年政府信息公开工作年度报告公布如下。\n一、总体情况\n",
			"2022年政府信息公开工作年度报告"},
		{"two-line title", "乌海市工业和信息化局\n政府信息公开工作年度报告\n一、总体情况\n", "乌海市工业和信息化局政府信息公开工作年度报告"},
		// Text extracted from PDFs (issue 20): titles broken anywhere, markdown marks.
		{"title broken before 工作 (corpus extracted/shanghai)",
			"正文\n2025 年上海市人民政府办公厅政府信息公开\n工作年度报告\n本年度报告根据《条例》编制。\n",
			"2025年上海市人民政府办公厅政府信息公开工作年度报告"},
		{"title over three lines", "某某省人民政府办公厅\n2024 年政府信息公开工作\n年度报告\n一、总体情况\n",
			"某某省人民政府办公厅2024年政府信息公开工作年度报告"},
		{"markdown heading", "# 某某县人民政府2024年政府信息公开工作年度报告\n## 一、总体情况\n",
			"某某县人民政府2024年政府信息公开工作年度报告"},
		{"bold lines", "**某某县人民政府**\n**2024年政府信息公开工作年度报告**\n一、总体情况\n",
			"某某县人民政府2024年政府信息公开工作年度报告"},
		{"a date line between the body's name and the bare title is no part of it",
			"某某县人民政府\n2025年1月20日\n2024年政府信息公开工作年度报告\n一、总体情况\n",
			"某某县人民政府2024年政府信息公开工作年度报告"},
		{"正文 above a bare title is no body", "正文\n2024年政府信息公开工作年度报告\n一、总体情况\n", "2024年政府信息公开工作年度报告"},
		{"the body's name broken inside, the year first",
			"2024 年上海市发展和改\n革委员会政府信息公开工作年度报告\n一、总体情况\n",
			"2024年上海市发展和改革委员会政府信息公开工作年度报告"},
		{"a year-led sentence above a full title is no part of it",
			"2024年，我局认真贯彻落实条例。\n某某局2024年政府信息公开工作年度报告\n",
			"某某局2024年政府信息公开工作年度报告"},
		{"a year-led line naming another document is no start of the title",
			"2024年政府信息公开工作要点\n某某县政府信息公开工作年度报告\n",
			"某某县政府信息公开工作年度报告"},
		{"a sentence ending in 年度报告 is no title piece",
			"某某县人民政府2024年政府信息公开工作年度报告\n现将本年度报告\n",
			"某某县人民政府2024年政府信息公开工作年度报告"},
	}
	for _, tt := range tests {
		if got := findTitle("", textTokens(tt.doc), tt.doc); got != tt.want {
			t.Errorf("%s: findTitle = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// FuzzPublishedSearch: trying the date patterns only where they can start finds what searching
// the whole text finds.
func FuzzPublishedSearch(f *testing.F) {
	for _, s := range []string{"发布时间：2023-01-20", "发布日期 2022年3月5日 发布时间：2023-01-20", "成文日期：1999.12.31",
		`<META name="PubDate" content="2023-02-01">`, `<meta name=x><meta name='publishdate' content='2021-1-2'`, "发布于发布于2020/1/1",
		"<meTA name=firstpublishedtime content=2020-10-10", "发布时间：20231-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		if got, want := firstPublished(doc), rePublished.FindStringSubmatch(doc); !slices.Equal(got, want) {
			t.Fatalf("firstPublished(%q) = %q, search %q", doc, got, want)
		}
		if got, want := indexFoldASCII(doc, "<meta") >= 0, strings.Contains(strings.ToLower(doc), "<meta"); got != want {
			t.Fatalf("indexFoldASCII(%q, <meta): %v, lower-cased search %v", doc, got, want)
		}
		if got, want := firstPubMeta(doc), rePubMeta.FindStringSubmatch(doc); !slices.Equal(got, want) {
			t.Fatalf("firstPubMeta(%q) = %q, search %q", doc, got, want)
		}
	})
}
