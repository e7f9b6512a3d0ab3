package crawler

import (
	"net/url"
	"path"
	"regexp"
	"strings"
	"unicode/utf8"

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
	focusText = lazyRegexp(`政府信息公开|政务公开|信息公开|公开年报|年度报告|年报|工作报告|信息公开指南|法定主动公开|xxgk|zwgk`)
	focusURL  = lazyRegexp(`(?i)(zfxxgk|xxgk|zwgk|gknb|xxgknb|ndbg|zfxxgknb|/nb/|nianbao|/gk/)`)
	// A report's title: a year (optional), 信息公开, and 年度报告/年报/工作报告.
	reportTitle = lazyRegexp(`信息公开.{0,12}(年度报告|年报|工作报告)|年度.{0,12}信息公开.{0,8}报告|(政务|信息)公开.{0,6}年报`)
	// Titles about reports that are not one: the notice asking for them
	// (关于做好…年度报告编制发布工作的通知), templates, instructions. Such a
	// notice often attaches the form as blank tables, labels and all.
	noticeTitle = lazyRegexp(`的通知|通知$|关于.{0,60}(通知|的函|意见|批复)|模板|样表|参考格式|填报说明|编制说明`)
	// A page is on topic by itself (whatever link led to it) when its title,
	// breadcrumb or <meta name="ColumnName"> names the reports' column: a
	// year column titled 2022年 under 政府信息公开年报 is, and so is its pager.
	reportColumn = lazyRegexp(`年报|年度报告`)
	// A link whose text names a document file is an attachment whatever its
	// URL (download.jsp?fileid=602 → "….pdf（215KB）").
	fileLabel = lazyRegexp(`(?i)\.(pdf|docx?|wps)\s*([（(][^）)]{0,20}[）)])?$`)
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
	pageExt       = map[string]bool{".html": true, ".htm": true, ".shtml": true, ".xhtml": true}
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
	report     bool // its text or title reads like a report's title: likely a leaf (see frontier.go)
	tree       bool // a column tree's JSON (scriptpagers.go)
	pager      bool // another page of the same list (columns.go)
	entry      bool // one report of a list: titled like a report, with its year (columns.go)
}

// pageAnalysis is what discovery reads from one HTML page.
type pageAnalysis struct {
	title    string
	heading  string // title + first headings, for report recognition
	mainText string // whitespace-free main text
	labels   int    // number of form labels present
	isReport bool
	onTopic  bool // the page itself is in a reports column (title, breadcrumb, ColumnName)
	links    []link
	// jpage is the page's Hanweb jpage list (hanweb.go), nil if none.
	jpage *jpageColumn
	// A data proxy answer (jpage_fetch.go): its records and the total it states.
	batchRecords, batchTotal int
	notes                    []pagerNote // pagers seen that cannot be followed (scriptpagers.go)
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

// analyzePage reads title, main text, report-ness and links of an HTML page:
// a pure function of the parsed document, the URL the page was fetched from
// and the site's patterns. focused says whether the page itself is on-topic
// (its pager links then are too). It is made of small steps, each named:
// one walk over the tree collects the facts (collectFacts: a goquery
// selector per question costs a full traversal each, which showed in the
// benchmark), the page is judged from them (isReport, onTopic), and every
// candidate link goes through the link classifier (linkClassifier.classify).
// It never panics on odd HTML: the parser accepts anything.
func analyzePage(doc *goquery.Selection, pageURL *url.URL, focused bool, pats patterns) *pageAnalysis {
	a := &pageAnalysis{}
	if len(doc.Nodes) == 0 {
		return a
	}
	f := collectFacts(doc.Nodes[0])
	a.title = f.title
	a.heading = f.title + " | " + strings.Join(f.heads, " | ")
	a.mainText = mainText(doc)
	a.labels = countFormLabels(f.text)
	headingOK := reportHeading(f.title, f.heads, anyMatch(pats.report, pageURL.String()))
	a.isReport = headingOK && a.labels >= minFormLabels
	a.onTopic = f.onTopic()

	if j, ok := findJPage(f.scripts); ok {
		a.jpage = &j
	}

	lc := linkClassifier{base: f.linkBase(pageURL), pats: pats, focused: focused || a.onTopic, attachments: a.isReport || headingOK}
	seen := map[string]bool{}
	for _, l := range f.candidates() {
		if k, ok := lc.classify(l); ok && !seen[k.u.String()] {
			seen[k.u.String()] = true
			a.links = append(a.links, k)
		}
	}
	a.notes = f.notes
	return a
}

// pageFacts is what one walk over a page collects for the steps after it.
type pageFacts struct {
	title      string
	heads      []string // h1–h3, title-class elements, <meta name="ArticleTitle">: at most 6
	baseRef    string   // <base href>
	anchors    []rawLink
	scripts    []string // inline scripts, at most maxScriptBytes in all
	jsCalls    []string // javascript: hrefs and onclick handlers (goPage(3)), at most maxJSCallBytes
	jsBytes    int
	selects    []rawLink   // the URLs of <select onchange> pickers (scriptpagers.go)
	notes      []pagerNote // pagers seen that cannot be followed
	crumb      string      // breadcrumb (当前位置：首页 > … > 政府信息公开年报 > 2022年)
	columnName string      // <meta name="ColumnName">
	text       string      // the page's text without whitespace (compactText)
}

// collectFacts walks the tree once.
func collectFacts(root *html.Node) *pageFacts {
	f := &pageFacts{}
	var (
		scriptBytes int
		full        strings.Builder
	)
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			full.WriteString(n.Data)
			if f.crumb == "" && n.Parent != nil && crumbText(n.Data) {
				f.crumb = limitText(collapseSpace(nodeText(n.Parent)))
			}
			return
		case html.ElementNode:
			switch n.Data {
			case "title":
				if f.title == "" {
					f.title = collapseSpace(nodeText(n))
				}
				return
			case "script":
				// Inline scripts only, and not megabytes of them: pagers,
				// redirects and Hanweb datastores are small.
				if t := nodeText(n); t != "" && scriptBytes+len(t) <= maxScriptBytes {
					scriptBytes += len(t)
					f.scripts = append(f.scripts, t)
				}
				return
			case "style", "noscript", "template":
				return
			case "base":
				if f.baseRef == "" {
					f.baseRef = attr(n, "href")
				}
			case "a", "area":
				f.anchors = appendAnchor(f.anchors, n)
				f.addJSCall(attr(n, "href"))
				f.addJSCall(attr(n, "onclick"))
			case "select":
				links, note := selectPicker(n)
				f.selects = append(f.selects, links...)
				if note != nil {
					f.notes = append(f.notes, *note)
				}
				return
			case "frame", "iframe":
				if src, ok := attrOK(n, "src"); ok {
					f.anchors = append(f.anchors, rawLink{href: src})
				}
				return
			case "embed":
				if src, ok := attrOK(n, "src"); ok {
					f.anchors = append(f.anchors, rawLink{href: src})
				}
			case "object":
				if data, ok := attrOK(n, "data"); ok {
					f.anchors = append(f.anchors, rawLink{href: data})
				}
			case "meta":
				f.meta(n)
			case "h1", "h2", "h3":
				f.addHead(collapseSpace(nodeText(n)))
			default:
				class, id := attr(n, "class"), attr(n, "id")
				if titleClass(class, id) {
					f.addHead(collapseSpace(nodeText(n)))
				}
				if f.crumb == "" && crumbClass(class, id) {
					f.crumb = limitText(collapseSpace(nodeText(n)))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	f.text = compactText(full.String())
	return f
}

// addJSCall keeps a javascript: href or onclick handler for goPagePages.
func (f *pageFacts) addJSCall(s string) {
	s = strings.TrimSpace(s)
	if s == "" || (!strings.Contains(s, "(") || f.jsBytes+len(s) > maxJSCallBytes) {
		return
	}
	f.jsBytes += len(s)
	f.jsCalls = append(f.jsCalls, s)
}

func (f *pageFacts) addHead(h string) {
	if len(f.heads) < 6 {
		f.heads = append(f.heads, h)
	}
}

// meta reads a <meta refresh> (a link standing in for the page) and the
// metadata 政府网站发展指引 asks every page to carry.
func (f *pageFacts) meta(n *html.Node) {
	if strings.EqualFold(strings.TrimSpace(attr(n, "http-equiv")), "refresh") {
		c := attr(n, "content")
		if i := strings.Index(strings.ToLower(c), "url="); i >= 0 {
			f.anchors = append(f.anchors, rawLink{href: strings.Trim(c[i+4:], `'" `), pager: true})
		}
	}
	switch strings.ToLower(strings.TrimSpace(attr(n, "name"))) {
	case "articletitle":
		if t := collapseSpace(attr(n, "content")); t != "" {
			f.addHead(t)
		}
	case "columnname":
		f.columnName = collapseSpace(attr(n, "content"))
	}
}

// countFormLabels is how many of the form's table labels the text carries.
func countFormLabels(text string) int {
	n := 0
	for _, l := range formLabels {
		if strings.Contains(text, l) {
			n++
		}
	}
	return n
}

// onTopic: the page's title, breadcrumb or ColumnName names the reports'
// column, so the page is on topic whatever link led to it.
func (f *pageFacts) onTopic() bool {
	return reportColumn().MatchString(compactText(f.title + "|" + f.crumb + "|" + f.columnName))
}

// linkBase is what the page's relative links resolve against: its <base>, if usable.
func (f *pageFacts) linkBase(pageURL *url.URL) *url.URL {
	if f.baseRef != "" {
		if b, err := pageURL.Parse(strings.TrimSpace(f.baseRef)); err == nil {
			return b
		}
	}
	return pageURL
}

// candidates are every link the page holds, in page order: anchors, frames
// and embeds, then what its scripts know (pagers, Hanweb datastores, URL
// literals). A page with next to no text of its own whose script sends the
// browser elsewhere is a redirect stub: its target stands in for it, like a
// <meta refresh>. On a page with content such a script is an ordinary link
// (a mobile-site redirect, say).
func (f *pageFacts) candidates() []rawLink {
	out := append([]rawLink(nil), f.anchors...)
	out = append(out, f.selects...)
	stub := utf8.RuneCountInString(f.text) < stubText
	pages, note := goPagePages(f.scripts, f.jsCalls, f.text)
	for _, p := range pages {
		out = append(out, rawLink{href: p, pager: true})
	}
	if note != nil {
		f.notes = append(f.notes, *note)
	}
	for _, s := range f.scripts {
		nodes, sources, tnote := treeScript(s)
		for _, src := range sources {
			out = append(out, rawLink{href: src, pager: true, tree: true})
		}
		out = append(out, nodes...)
		if tnote != nil {
			f.notes = append(f.notes, *tnote)
		}
		for _, p := range scriptPages(s) {
			out = append(out, rawLink{href: p, pager: true})
		}
		if n := trsPagerNote(s); n != nil {
			f.notes = append(f.notes, *n)
		}
		out = append(out, datastoreLinks(s)...)
		for _, u := range scriptURLs(s) {
			out = append(out, rawLink{href: u, pager: stub})
		}
	}
	return out
}

// linkClassifier decides what a link found on one page is: not to be
// fetched, an attachment, an on-topic link (and whether it is titled like a
// report: a likely leaf, frontier.go) or an off-topic one.
type linkClassifier struct {
	base        *url.URL
	pats        patterns
	focused     bool // the page is on topic: its pagers are too
	attachments bool // the page is a report or titled like one: its documents are attachments to fetch
}

// classify returns the link normalised and classified, or false for links
// never fetched (bad URL, images and scripts, attachments of a page that is
// no report).
func (c linkClassifier) classify(l rawLink) (link, bool) {
	u, err := normalizeURL(c.base, l.href)
	if err != nil {
		return link{}, false
	}
	ext := strings.ToLower(path.Ext(u.Path))
	attachment := attachmentExt[ext] || attachmentInQuery(u)
	if attachment && !attachmentExt[ext] {
		// A PDF viewer page (pdfjs/web/viewer.html?file=/…/a.pdf): the
		// file is the attachment, the viewer is nothing to keep.
		if f := viewerFile(u); f != nil {
			u = f
		}
	}
	if !attachment && !pageExt[ext] && !skipExt[ext] && (fileLabel().MatchString(l.text) || fileLabel().MatchString(l.title)) {
		attachment = true
	}
	if attachment {
		// Attachments matter only on report pages (or pages titled like
		// one, whose report is entirely in the attachment).
		if !c.attachments {
			return link{}, false
		}
		return link{u: u, attachment: true, focused: true}, true
	}
	if skipExt[ext] {
		return link{}, false
	}
	if l.tree {
		return link{u: u, focused: c.focused, tree: true, pager: true}, true
	}
	key := u.String()
	on := (l.text != "" && focusText().MatchString(l.text)) || (l.title != "" && focusText().MatchString(l.title)) ||
		focusURL().MatchString(u.Path) || anyMatch(c.pats.column, key) || anyMatch(c.pats.report, key) ||
		(c.focused && (l.pager || isPagerLink(l.text, key)))
	report := on && (reportHeading(l.text, nil, false) || reportHeading(l.title, nil, false))
	return link{u: u, focused: on, report: report, pager: on && (l.pager || isPagerLink(l.text, key)),
		entry: report && (entryYear().MatchString(l.text) || entryYear().MatchString(l.title))}, true
}

const (
	maxScriptBytes = 256 << 10 // inline script text read per page
	stubText       = 200       // runes of text below which a page is a redirect stub
	maxCrumb       = 300       // runes of breadcrumb kept
)

type rawLink struct {
	href, text string
	title      string // the title attribute, when the text is cut short ("示例县…局2022年政…")
	pager      bool   // stands in for the page (pager, refresh, redirect stub): on topic if the page is
	tree       bool   // a column tree's JSON (scriptpagers.go): read by treeLinks, not as HTML
}

// appendAnchor adds the link of an <a> or <area>: its href, and the target
// of an onclick="window.open('…')" or href="javascript:window.open('…')";
// javascript:void(0) and mailto: are dropped later, by normalizeURL.
func appendAnchor(anchors []rawLink, n *html.Node) []rawLink {
	href, ok := attrOK(n, "href")
	onclick := attr(n, "onclick")
	if !ok && onclick == "" {
		return anchors
	}
	l := rawLink{text: collapseSpace(nodeText(n)), title: collapseSpace(attr(n, "title"))}
	if l.text == "" {
		l.text = l.title
		if l.text == "" {
			l.text = imgAlt(n)
		}
	}
	if ok {
		if h := strings.TrimSpace(href); len(h) >= 11 && strings.EqualFold(h[:11], "javascript:") {
			for _, u := range scriptURLs(h[11:]) {
				l.href = u
				anchors = append(anchors, l)
			}
		} else {
			l.href = href
			anchors = append(anchors, l)
		}
	}
	for _, u := range scriptURLs(onclick) {
		l.href = u
		anchors = append(anchors, l)
	}
	return anchors
}

// imgAlt is the alt text of the first image in n: image buttons
// (<a href="/public/"><img alt="政府信息公开"></a>) have no other words.
func imgAlt(n *html.Node) string {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if c.Data == "img" {
			if alt := collapseSpace(attr(c, "alt")); alt != "" {
				return alt
			}
		}
		if alt := imgAlt(c); alt != "" {
			return alt
		}
	}
	return ""
}

// reportHeading reports whether the page is titled like a report: a
// segment of its title, of an h1–h3, of a title-class element or of <meta
// name="ArticleTitle"> names one (titles join the article's, the column's
// and the site's names with _ or |; each is matched on its own), or the URL
// matches a site report pattern. A segment that names a report but is a
// notice about reports (关于做好…年度报告…的通知) does not count, and vetoes
// the URL pattern.
func reportHeading(title string, heads []string, urlMatch bool) bool {
	notice := false
	for i := -1; i < len(heads); i++ {
		c := title
		if i >= 0 {
			c = heads[i]
		}
		for _, seg := range strings.FieldsFunc(compactText(c), titleSeparator) {
			if !reportTitle().MatchString(seg) {
				continue
			}
			if !noticeTitle().MatchString(seg) {
				return true
			}
			notice = true
		}
	}
	return urlMatch && !notice
}

func titleSeparator(r rune) bool {
	switch r {
	case '_', '|', '｜', '-', '—', '–':
		return true
	}
	return false
}

// crumbText: the text that starts a breadcrumb.
func crumbText(s string) bool {
	if !strings.Contains(s, "位置") {
		return false
	}
	return strings.Contains(s, "当前位置") || strings.Contains(s, "您的位置") || strings.Contains(s, "现在的位置") || strings.Contains(s, "所在位置")
}

// crumbClass: CMS templates mark the breadcrumb with these classes/ids.
func crumbClass(class, id string) bool {
	if class == "" && id == "" {
		return false
	}
	return crumbWord(class) || crumbWord(id)
}

func crumbWord(s string) bool {
	if s == "" {
		return false
	}
	s = strings.ToLower(s) // no allocation when already lower case
	return strings.Contains(s, "crumb") || strings.Contains(s, "position") || strings.Contains(s, "location") ||
		strings.Contains(s, "dqwz") || strings.Contains(s, "weizhi")
}

func limitText(s string) string {
	n := 0
	for i := range s {
		if n == maxCrumb {
			return s[:i]
		}
		n++
	}
	return s
}

// viewerFile returns the document a viewer page shows: for an HTML page
// (pdf.js viewer.html?file=…) whose query names a PDF/DOC by path or URL,
// that file, resolved against the viewer. Download scripts
// (downfile.jsp?filename=a.pdf) are not viewers: they are the attachment.
func viewerFile(u *url.URL) *url.URL {
	if ext := strings.ToLower(path.Ext(u.Path)); !pageExt[ext] {
		return nil
	}
	for _, vs := range u.Query() {
		for _, v := range vs {
			v = strings.TrimSpace(v)
			if !attachmentExt[strings.ToLower(path.Ext(v))] || !(strings.HasPrefix(v, "/") || strings.HasPrefix(v, ".") || strings.HasPrefix(strings.ToLower(v), "http")) {
				continue
			}
			if f, err := normalizeURL(u, v); err == nil && attachmentExt[strings.ToLower(path.Ext(f.Path))] {
				return f
			}
		}
	}
	return nil
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
