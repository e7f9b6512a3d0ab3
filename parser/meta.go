package parser

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

const reportSuffix = "政府信息公开工作年度报告"

var (
	reQuotedTitle = regexp.MustCompile(`《([^《》\n]{2,80}?年度报告)》`)
	reYear        = regexp.MustCompile(`((?:19|20)\d{2})\s*年`)
	rePeriodYear  = regexp.MustCompile(`(?:统计期限|统计期间|统计时限)[^\d]{0,6}((?:19|20)\d{2})\s*年`)
	rePublished   = regexp.MustCompile(`(?:发布时间|发布日期|发文日期|成文日期|公开日期|发布于)\s*[:：]?\s*((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})`)
	rePubMeta     = regexp.MustCompile(`(?i)<meta\s+name=["']?(?:PubDate|publishdate|firstpublishedtime)["']?\s+content=["']?((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})`)
	reTitleSuffix = regexp.MustCompile(`\s*[_|｜\-—–]+\s*[^_|｜\-—–]*(?:网|政府|门户|人民政府|平台)[^_|｜\-—–]*$`)
	reYearPrefix  = regexp.MustCompile(`^\s*(?:19|20)\d{2}\s*年度?\s*`)
	reYearInside  = regexp.MustCompile(`\s*(?:19|20)\d{2}\s*年度?\s*`)
)

// meta holds what the page says about itself.
type meta struct {
	Title, Agency, Published string
	Year                     int
}

// readMeta finds the title, agency, year and publish date of a report. htmlTitle is the page's
// <title> (empty for text); prose holds the tokens in reading order; doc is the decoded page.
func readMeta(htmlTitle string, toks []Token, doc string) meta {
	var m meta
	m.Title = findTitle(htmlTitle, toks, doc)
	if y := yearOf(m.Title); y > 0 {
		m.Year = y
	} else if s := rePeriodYear.FindStringSubmatch(doc); s != nil {
		m.Year, _ = strconv.Atoi(s[1])
	} else {
		m.Year = commonYear(doc)
	}
	m.Agency = agencyOf(m.Title)
	m.Published = publishedOf(doc)
	return m
}

func findTitle(htmlTitle string, toks []Token, doc string) string {
	if t := cleanTitle(htmlTitle); strings.Contains(t, "年度报告") {
		return t
	}
	head := doc
	if len(head) > 20000 {
		head = head[:20000]
	}
	if s := reQuotedTitle.FindStringSubmatch(head); s != nil && strings.Contains(s[1], "政府信息公开") {
		return strings.TrimSpace(s[1])
	}
	inline := inlineTitle(head)
	if inline != "" && !bareTitle(inline) {
		return inline
	}
	bare := inline // a title without the body's name ("2022年政府信息公开工作年度报告")
	for i, t := range toks {
		if i > 60 {
			break
		}
		txt := strings.TrimSpace(t.Text)
		n := utf8.RuneCountInString(txt)
		if !strings.Contains(txt, "年度报告") || n > 60 {
			continue
		}
		if i > 0 && !bareTitle(txt) && yearOf(txt) == 0 && yearLed(toks[i-1]) {
			// The body's name broken inside: "2024 年上海市发展和改" / "革委员会政府信息公开工
			// 作年度报告" (the year starts the title, so the line above it is its start).
			if t, ok := joinTitle(toks, i); ok {
				return t
			}
		}
		if titleTail(txt) && i > 0 {
			// The end of a title broken over lines by the tool that took the text out of a
			// PDF: "2025 年上海市人民政府办公厅政府信息公开" / "工作年度报告".
			if t, ok := joinTitle(toks, i); ok {
				return t
			}
		}
		if !bareTitle(txt) {
			if bare == "" || strings.HasSuffix(normTitle(txt), "年度报告") {
				return txt
			}
			continue // after a bare title, a line that only mentions the report
		}
		// A title split over two lines: "乌海市工业和信息化局" / "政府信息公开工作年度报告".
		if i > 0 {
			j := i - 1
			if j > 0 && reDateLine.MatchString(toks[j].Text) {
				j-- // "某某县人民政府" / "2025年1月20日" / "2024年…年度报告"
			}
			prev := strings.TrimSpace(toks[j].Text)
			if !moreRunesThan(prev, 30) && !strings.ContainsAny(prev, "。，,") && !strings.Contains(prev, "年度报告") && !notBodyName(prev) {
				return prev + txt
			}
		}
		// The page's header often repeats the bare title above the article's own two-line
		// title ("2022年…年度报告" / "某某镇人民政府" / "2022年…年度报告"): look further.
		if bare == "" {
			bare = txt
		}
	}
	if bare != "" {
		return bare
	}
	if t := cleanTitle(htmlTitle); t != "" {
		return t
	}
	return ""
}

// titleTail tells the last piece of a title broken over lines: a strict end of
// 政府信息公开工作年度报告 ("工作年度报告", "年度报告", "公开工作年度报告").
func titleTail(t string) bool {
	n := normTitle(t)
	return len(n) < len(reportSuffix) && strings.HasSuffix(reportSuffix, n) && strings.HasSuffix(n, "年度报告")
}

// joinTitle joins the title piece toks[i] to the line above it, and to one more when the two
// still name no body ("上海市人民政府办公厅" / "2025年政府信息公开工作" / "年度报告"). The lines
// above must read as title lines: short, no sentence punctuation, not the report's name already.
func joinTitle(toks []Token, i int) (string, bool) {
	titleLine := func(j int) (string, bool) {
		if j < 0 || toks[j].Empty || toks[j].InTable {
			return "", false
		}
		p := strings.TrimSpace(toks[j].Text)
		if p == "" || moreRunesThan(p, 40) || strings.ContainsAny(p, "。，,；;：:") || strings.Contains(p, "年度报告") || notBodyName(p) {
			return "", false
		}
		return p, true
	}
	prev, ok := titleLine(i - 1)
	if !ok {
		return "", false
	}
	t := prev + strings.TrimSpace(toks[i].Text)
	if !strings.Contains(normTitle(t), "公开") {
		return "", false
	}
	if bareTitle(t) {
		if p2, ok := titleLine(i - 2); ok {
			t = p2 + t
		}
	}
	return squeezeCJKSpaces(t), true
}

// reYearLed is a line that starts a title with its year ("2024 年上海市发展和改"), not a date.
var reYearLed = regexp.MustCompile(`^\s*(?:19|20)\d{2}\s*年度?\s*[^\d\s月]`)

// yearLed tells a short line of prose that starts with a year: the first line of a title.
func yearLed(t Token) bool {
	if t.Empty || t.InTable || strings.Contains(t.Text, "年度报告") || strings.Contains(t.Text, "公开") {
		return false // "2024年政府信息公开工作要点": a title of its own, not the start of one
	}
	return reYearLed.MatchString(arabicYears(t.Text))
}

// reDateLine is a line that is a date ("2025年1月20日", "2025-01-20"): printed between the
// body's name and the title on some pages, never part of the title.
var reDateLine = regexp.MustCompile(`^\s*(?:19|20)\d{2}\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-/.]\d{1,2}[-/.]\d{1,2})\s*$`)

// pageWords are words of a page's frame or of a PDF extraction's layout that stand alone on a
// line above titles: no body's name.
var pageWords = map[string]bool{"正文": true, "目录": true, "附件": true, "打印": true, "关闭": true, "返回": true, "分享": true, "首页": true}

// notBodyName tells a line above a title that cannot be the first part of it.
func notBodyName(p string) bool {
	return pageWords[strings.TrimSpace(p)] || reDateLine.MatchString(p)
}

// squeezeCJKSpaces removes the spaces that text extraction sets between Chinese and digits or
// Latin letters ("2025 年上海市…"): a Chinese title has no spaces of its own there.
func squeezeCJKSpaces(s string) string {
	if !strings.Contains(s, " ") {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	for k, r := range rs {
		if r == ' ' && k > 0 && k+1 < len(rs) && (isHan(rs[k-1]) || isHan(rs[k+1])) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isHan(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }

// bareTitle: "2022年政府信息公开工作年度报告" names no body.
func bareTitle(t string) bool {
	return strings.TrimLeft(normTitle(t), "0123456789年度") == reportSuffix
}

var reInlineTitle = regexp.MustCompile(`(?:19|20)\d{2}\s*年度?\s*政府信息公开工作年度报告`)

// titleStops end the walk left from "2023年政府信息公开工作年度报告" in a sentence such as
// "现公布区统计局2023年政府信息公开工作年度报告": the title starts after them.
var titleStops = []string{"现公布", "公布", "现发布", "发布", "现将", "编制", "形成", "特制定", "制定", "本报告为", "现予", "予以"}

// inlineTitle finds a title written inside a sentence without 《》.
func inlineTitle(head string) string {
	loc := reInlineTitle.FindStringIndex(head)
	if loc == nil {
		return ""
	}
	start := loc[0]
	for n := 0; start > 0 && n < 30; n++ {
		r, size := utf8.DecodeLastRuneInString(head[:start])
		if !isHan(r) && !strings.ContainsRune("()（）", r) {
			break
		}
		start -= size
	}
	t := head[start:loc[1]]
	for _, stop := range titleStops {
		if i := strings.LastIndex(t[:len(t)-len(head[loc[0]:loc[1]])], stop); i >= 0 {
			t = t[i+len(stop):]
			break
		}
	}
	return strings.TrimSpace(t)
}

func cleanTitle(t string) string {
	t = strings.TrimSpace(foldSpace(t))
	if t == "" {
		return ""
	}
	if loc := reTitleSuffix.FindStringIndex(t); loc != nil && loc[0] > 0 {
		t = t[:loc[0]]
	}
	return strings.TrimSpace(t)
}

func normTitle(s string) string { return strings.Join(strings.Fields(norm.NFKC.String(s)), "") }

func yearOf(title string) int {
	if s := reYear.FindStringSubmatch(arabicYears(title)); s != nil {
		y, _ := strconv.Atoi(s[1])
		return y
	}
	return 0
}

// reCNYear is a year written in Chinese numerals, as many titles write it: 二〇二二年, 二○二三年度.
var reCNYear = regexp.MustCompile(`[一二][〇○零Ｏ一二三四五六七八九]{3}\s*年`)

var cnDigits = map[rune]byte{'〇': 0, '○': 0, '零': 0, 'Ｏ': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5,
	'六': 6, '七': 7, '八': 8, '九': 9}

// arabicYears rewrites the years of a title written in Chinese numerals (二〇二二年) in digits,
// so that the year and the agency are read as from 2022年.
func arabicYears(s string) string {
	if !strings.Contains(s, "年") || !reCNYear.MatchString(s) {
		return s
	}
	return reCNYear.ReplaceAllStringFunc(s, func(m string) string {
		var b strings.Builder
		for _, r := range m {
			if d, ok := cnDigits[r]; ok {
				b.WriteByte('0' + d)
			} else {
				b.WriteRune(r)
			}
		}
		y := b.String()
		if n, _ := strconv.Atoi(y[:4]); n < 1990 || n > 2099 {
			return m // 一二三四年 is no year
		}
		return y
	})
}

// commonYear is the year most mentioned in the first part of the page (a last resort).
func commonYear(doc string) int {
	if len(doc) > 8000 {
		doc = doc[:8000]
	}
	counts := map[int]int{}
	best, bestN := 0, 0
	for _, s := range reYear.FindAllStringSubmatch(doc, -1) {
		y, _ := strconv.Atoi(s[1])
		counts[y]++
		if counts[y] > bestN || (counts[y] == bestN && y > best) {
			best, bestN = y, counts[y]
		}
	}
	return best
}

// agencyOf cuts the body's name out of the title: what stands before the year, or, when the
// year comes first ("2022年度螅镇政府…"), what stands between it and 政府信息公开工作年度报告.
func agencyOf(title string) string {
	t := strings.TrimSpace(arabicYears(title))
	t = strings.TrimPrefix(t, "关于")
	t = reYearPrefix.ReplaceAllString(t, "")
	if loc := reYearInside.FindStringIndex(t); loc != nil && loc[0] > 0 {
		t = t[:loc[0]]
	}
	for _, suf := range []string{reportSuffix, "政务公开工作年度报告", "信息公开工作年度报告", "信息公开年度报告", "年度报告",
		"政府信息公开工作", "政务公开工作", "信息公开工作", "政府信息公开"} {
		if i := strings.Index(t, suf); i >= 0 {
			t = t[:i]
			break
		}
	}
	t = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(t), "的"))
	if selfReference[t] {
		return "" // "现公布我局2022年…": the page does not name itself here
	}
	return t
}

var selfReference = map[string]bool{"我局": true, "我委": true, "我镇": true, "我乡": true, "我办": true, "本局": true,
	"本机关": true, "我街道": true, "本单位": true, "我单位": true, "我院": true, "我区": true, "我县": true, "我市": true}

func publishedOf(doc string) string {
	// The date stands near the top (发布时间) or in a <meta>; the regexes only run where a
	// keyword shows one can match.
	if len(doc) > 32<<10 {
		doc = doc[:32<<10]
	}
	if !strings.Contains(doc, "日期") && !strings.Contains(doc, "时间") && !strings.Contains(doc, "发布于") && indexFoldASCII(doc, "<meta") < 0 {
		return ""
	}
	s := firstPublished(doc)
	if s == nil {
		s = firstPubMeta(doc)
	}
	if s == nil {
		return ""
	}
	y, _ := strconv.Atoi(s[1])
	mo, _ := strconv.Atoi(s[2])
	d, _ := strconv.Atoi(s[3])
	if mo < 1 || mo > 12 || d < 1 || d > 31 {
		return ""
	}
	return strconv.Itoa(y) + "-" + pad2(mo) + "-" + pad2(d)
}

// Anchored copies of rePublished and rePubMeta, tried only where a match can start (at one of
// the keywords, at a "<meta"): the same first match as searching with them, without running
// them over every byte of the page's head (a twentieth of a parse).
var (
	rePublishedAt  = regexp.MustCompile(`^(?:` + rePublished.String() + `)`)
	rePubMetaAt    = regexp.MustCompile(`^(?:` + rePubMeta.String() + `)`)
	publishedWords = []string{"发布时间", "发布日期", "发文日期", "成文日期", "公开日期", "发布于"}
)

// firstPublished is rePublished.FindStringSubmatch(doc).
// The keywords are found in one pass (spam_scan.go), which stops at the first place the pattern
// matches, not by searching for each of them again after every place it did not match.
func firstPublished(doc string) []string {
	var found []string
	publishedScan().each(doc, func(start, _ int) bool {
		found = rePublishedAt.FindStringSubmatch(doc[start:])
		return found == nil // the first keyword the pattern matches at ends the search
	})
	return found
}

var publishedScan = sync.OnceValue(func() *needleScan { return newNeedleScan(publishedWords) })

// indexFoldASCII is the index of the lower-case ASCII word in s, ignoring ASCII case, or -1.
// (Lower-casing a copy of the page's head to search it was a 32 KB copy per page.)
// word starts with a byte that is no letter ('<').
func indexFoldASCII(s, word string) int {
	for i := 0; i+len(word) <= len(s); i++ {
		k := strings.IndexByte(s[i:], word[0])
		if k < 0 {
			return -1
		}
		if i += k; hasPrefixFoldASCII(s[i:], word) {
			return i
		}
	}
	return -1
}

// firstPubMeta is rePubMeta.FindStringSubmatch(doc): a match starts at "<meta", in any case.
func firstPubMeta(doc string) []string {
	for off := 0; off < len(doc); off++ {
		i := strings.IndexByte(doc[off:], '<')
		if i < 0 {
			return nil
		}
		off += i
		if len(doc)-off >= 5 && strings.EqualFold(doc[off+1:off+5], "meta") {
			if s := rePubMetaAt.FindStringSubmatch(doc[off:]); s != nil {
				return s
			}
		}
	}
	return nil
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
