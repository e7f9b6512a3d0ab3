package crawler

import (
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// Discovery is focused: a portal has tens of thousands of pages and the
// reports sit in a few columns. A link is on-topic when its text or URL
// speaks of 政府信息公开 / 年报 / 年度报告 (or matches the site's patterns), or
// it is the pager of an on-topic page. Off-topic links are still followed,
// but only MaxStray hops in a row, which reaches reports filed under a
// department's own column without crawling the news archive.

var (
	focusText = regexp.MustCompile(`政府信息公开|政务公开|信息公开|公开年报|年度报告|年报|工作报告|信息公开指南|法定主动公开|xxgk|zwgk`)
	focusURL  = regexp.MustCompile(`(?i)(zfxxgk|xxgk|zwgk|gknb|xxgknb|ndbg|zfxxgknb|/nb/|nianbao|/gk/)`)
	// A report's title: a year (optional), 信息公开, and 年度报告/年报/工作报告.
	reportTitle = regexp.MustCompile(`信息公开.{0,12}(年度报告|年报|工作报告)|年度.{0,12}信息公开.{0,8}报告|(政务|信息)公开.{0,6}年报`)
	// Labels that only the annual report's statistical tables carry
	// (TEMPLATES.md). Whitespace is removed before matching.
	formLabels = []string{
		"本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "本年度办理结果",
		"结转下年度继续办理", "主动公开政府信息情况", "本年制发件数", "本年废止件数", "现行有效件数",
		"本年新制作数量", "本年新公开数量", "对外公开总数量", "收到和处理政府信息公开申请情况",
		"政府信息公开行政复议、行政诉讼情况", "政府信息公开行政复议行政诉讼情况", "未经复议直接起诉", "复议后起诉",
	}
	minFormLabels = 3

	attachmentExt = map[string]bool{".pdf": true, ".doc": true, ".docx": true, ".wps": true}
	// Links to these are never fetched: not pages, not report attachments.
	skipExt = map[string]bool{
		".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".bmp": true, ".webp": true, ".svg": true, ".ico": true,
		".css": true, ".js": true, ".zip": true, ".rar": true, ".7z": true, ".gz": true, ".tar": true,
		".mp4": true, ".mp3": true, ".avi": true, ".flv": true, ".wmv": true, ".swf": true, ".exe": true, ".apk": true,
		".xls": true, ".xlsx": true, ".et": true, ".ppt": true, ".pptx": true, ".txt": true, ".xml": true, ".rss": true, ".ofd": true,
	}
)

// link is a URL found on a page, normalised, with how it should be crawled.
type link struct {
	u          *url.URL
	attachment bool
	focused    bool
}

// pageAnalysis is what discovery reads from one HTML page.
type pageAnalysis struct {
	title    string
	heading  string // title + first headings, for report recognition
	mainText string // whitespace-free main text
	labels   int    // number of form labels present
	isReport bool
	links    []link
}

// patterns are the compiled site patterns.
type patterns struct {
	column, report []*regexp.Regexp
}

func compilePatterns(cfg *Config) patterns {
	var p patterns
	for _, s := range cfg.ColumnPatterns {
		p.column = append(p.column, regexp.MustCompile(s)) // validated in Config.Validate
	}
	for _, s := range cfg.ReportPatterns {
		p.report = append(p.report, regexp.MustCompile(s))
	}
	return p
}

func anyMatch(rs []*regexp.Regexp, s string) bool {
	for _, r := range rs {
		if r.MatchString(s) {
			return true
		}
	}
	return false
}

// analyzePage reads title, main text, report-ness and links of an HTML page.
// pageURL is the URL the page was fetched from; focused says whether the
// page itself is on-topic (its pager links then are too). It walks the parsed
// tree once (a goquery selector per question costs a full traversal each,
// which showed in the benchmark); it never panics on odd HTML: the parser
// accepts anything.
func analyzePage(doc *goquery.Selection, pageURL *url.URL, focused bool, pats patterns) *pageAnalysis {
	a := &pageAnalysis{}
	if len(doc.Nodes) == 0 {
		return a
	}
	root := doc.Nodes[0]
	var (
		heads   []string
		baseRef string
		anchors []rawLink
		scripts []string
		full    strings.Builder
	)
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			full.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.Data {
			case "title":
				if a.title == "" {
					a.title = collapseSpace(nodeText(n))
				}
				return
			case "script":
				if t := nodeText(n); strings.Contains(t, "createPageHTML") {
					scripts = append(scripts, t)
				}
				return
			case "style", "noscript", "template":
				return
			case "base":
				if baseRef == "" {
					baseRef = attr(n, "href")
				}
			case "a", "area":
				if href, ok := attrOK(n, "href"); ok {
					text := collapseSpace(nodeText(n))
					if text == "" {
						text = attr(n, "title")
					}
					anchors = append(anchors, rawLink{href, text, false})
				}
			case "frame", "iframe":
				if src, ok := attrOK(n, "src"); ok {
					anchors = append(anchors, rawLink{src, "", false})
				}
				return
			case "meta":
				if strings.EqualFold(strings.TrimSpace(attr(n, "http-equiv")), "refresh") {
					c := attr(n, "content")
					if i := strings.Index(strings.ToLower(c), "url="); i >= 0 {
						anchors = append(anchors, rawLink{strings.Trim(c[i+4:], `'" `), "", true})
					}
				}
			case "h1", "h2", "h3":
				if len(heads) < 6 {
					heads = append(heads, collapseSpace(nodeText(n)))
				}
			default:
				if len(heads) < 6 && titleClass(attr(n, "class"), attr(n, "id")) {
					heads = append(heads, collapseSpace(nodeText(n)))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)

	a.heading = a.title + " | " + strings.Join(heads, " | ")
	a.mainText = mainText(doc)
	fullText := compactText(full.String())
	for _, l := range formLabels {
		if strings.Contains(fullText, l) {
			a.labels++
		}
	}
	headingOK := reportTitle.MatchString(compactText(a.heading)) || anyMatch(pats.report, pageURL.String())
	a.isReport = headingOK && a.labels >= minFormLabels

	base := pageURL
	if baseRef != "" {
		if b, err := pageURL.Parse(strings.TrimSpace(baseRef)); err == nil {
			base = b
		}
	}
	seen := map[string]bool{}
	add := func(ref, text string, pager bool) {
		u, err := normalizeURL(base, ref)
		if err != nil {
			return
		}
		key := u.String()
		if seen[key] {
			return
		}
		ext := strings.ToLower(path.Ext(u.Path))
		if attachmentExt[ext] || attachmentInQuery(u) {
			// Attachments matter only on report pages (or pages titled like
			// one, whose report is entirely in the attachment).
			if !a.isReport && !headingOK {
				return
			}
			seen[key] = true
			a.links = append(a.links, link{u: u, attachment: true, focused: true})
			return
		}
		if skipExt[ext] {
			return
		}
		seen[key] = true
		on := (text != "" && focusText.MatchString(text)) || focusURL.MatchString(u.Path) ||
			anyMatch(pats.column, key) || anyMatch(pats.report, key) ||
			(focused && (pager || isPagerLink(text, key)))
		a.links = append(a.links, link{u: u, focused: on})
	}
	for _, l := range anchors {
		add(l.href, l.text, l.pager)
	}
	for _, s := range scripts {
		for _, p := range scriptPages(s) {
			add(p, "", true)
		}
	}
	return a
}

type rawLink struct {
	href, text string
	pager      bool
}

// titleClass: CMS templates mark the article title with these classes/ids.
func titleClass(class, id string) bool {
	if class == "" && id == "" {
		return false
	}
	for _, f := range strings.Fields(class + " " + id) {
		switch f {
		case "title", "article-title", "bt", "tit":
			return true
		}
	}
	return false
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, at := range n.Attr {
		if at.Key == key && at.Namespace == "" {
			return at.Val, true
		}
	}
	return "", false
}

func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

// nodeText is the text under n (scripts' own text included when n is one).
func nodeText(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		} else if c.Type == html.ElementNode && c.Data != "script" && c.Data != "style" {
			b.WriteString(nodeText(c))
		}
	}
	return b.String()
}

// attachmentInQuery catches download scripts: /module/download/downfile.jsp?filename=abc.pdf
func attachmentInQuery(u *url.URL) bool {
	if u.RawQuery == "" {
		return false
	}
	for _, vs := range u.Query() {
		for _, v := range vs {
			if attachmentExt[strings.ToLower(path.Ext(v))] {
				return true
			}
		}
	}
	return false
}

func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
