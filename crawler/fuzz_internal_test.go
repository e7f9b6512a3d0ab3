package crawler

import (
	"bytes"
	"io"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// Fuzz targets for what the crawler reads from the network: pages, links and robots.txt. Each
// must never panic, whatever the bytes.

func FuzzAnalyzePage(f *testing.F) {
	for _, s := range []string{
		`<html><title>某县2022年政府信息公开工作年度报告</title><body><a href="/a.pdf">附件</a><table><tr><td>本年新收政府信息公开申请数量</td></tr></table></body></html>`,
		`<a href="index_1.html">下一页</a><script>createPageHTML(5, 0, "index", "html");</script>`,
		`<base href="http://[::1"><a href=" javascript:void(0)">x</a><a href="//evil.example/%zz">y</a>`,
		// The county portal's script-borne links (simulator/site2.go).
		`<title>2022年</title><div class="crumb">当前位置：政府信息公开年报</div><script>var countPage = 3//共多少页
document.write("<a href=\"index"+"_" + nextPage + "."+"html\">下一页</a>");</script><script>createPageHTML('page_div',2,0,'list','html',2);</script>`,
		`<script>window.location.href = "./home.html";</script><a href="javascript:void(0)" onclick="window.open('./t.html')" title="年报"><img alt="信息公开"></a>`,
		`<script type="text/xml"><datastore><recordset><record><![CDATA[<li><a href="/art/1.html" title="年报">…</a></li>]]></record></recordset></datastore></script>`,
		`<select onchange="location.href=this.value"><option value="/nb/2023/index.html">2023年</option></select><a href="javascript:goPage(2)">下一页</a><script>function goPage(p){ location.href = "list_" + p + ".html"; }</script>`,
		`<script>var setting = {async: {url: "/tree/nodes.json"}}; var zNodes = [{name: "年报", url: "/col/1.html"}]; $.fn.zTree.init($("#t"), setting, zNodes);</script>`,
		`<meta name="ArticleTitle" content="某局2022年政府信息公开工作年度报告"><iframe src="/pdfjs/web/viewer.html?file=%2Fa.pdf"></iframe><a href="/d.jsp?id=1">a.pdf（1KB）</a><embed src="b.pdf"><object data="c.doc"></object>`,
	} {
		f.Add(s)
	}
	base, _ := url.Parse("http://127.0.0.1/zwgk/index.html")
	f.Fuzz(func(t *testing.T, page string) {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
		if err != nil {
			return
		}
		a := analyzePage(doc.Selection, base, true, patterns{})
		for _, l := range a.links {
			if l.u == nil || (l.u.Scheme != "http" && l.u.Scheme != "https") {
				t.Fatalf("link %v kept", l.u)
			}
		}
	})
}

func FuzzNormalizeURL(f *testing.F) {
	for _, s := range []string{"../a/./b.html?x=1#f", "HTTP://Example.GOV.cn:80/a;jsessionid=1", "//[::1]:0/", "%zz", "mailto:a@b"} {
		f.Add(s)
	}
	base, _ := url.Parse("http://127.0.0.1/col/col1/index.html")
	f.Fuzz(func(t *testing.T, ref string) {
		u, err := normalizeURL(base, ref)
		if err == nil && u == nil {
			t.Fatal("nil URL without an error")
		}
	})
}

func FuzzRobots(f *testing.F) {
	f.Add(200, "User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n")
	f.Add(503, "")
	f.Add(200, "User-agent: govreports\nAllow: /\nCrawl-delay: -1e309\n")
	f.Fuzz(func(t *testing.T, status int, body string) {
		r := robotsFromResponse(status, []byte(body), "govreports/0.1")
		_ = r
	})
}

func FuzzLinkClassifier(f *testing.F) {
	f.Add("202301/t1.html", "某局2022年政府信息公开工作年度报告", "", true, false)
	f.Add("/pdfjs/web/viewer.html?file=%2Fa.pdf", "", "", false, true)
	f.Add("/down.jsp?filename=a.pdf", "a.pdf（1KB）", "年报", true, true)
	f.Add("//[::1]:0/%zz", "下一页", "", true, false)
	base, _ := url.Parse("http://127.0.0.1/zwgk/index.html")
	f.Fuzz(func(t *testing.T, href, text, title string, focused, report bool) {
		c := linkClassifier{base: base, focused: focused, attachments: report}
		l, ok := c.classify(rawLink{href: href, text: text, title: title})
		if !ok {
			return
		}
		if l.u == nil || (l.u.Scheme != "http" && l.u.Scheme != "https") {
			t.Fatalf("link %v kept", l.u)
		}
		if l.attachment && !report {
			t.Fatalf("attachment %v kept on a page that is no report", l.u)
		}
	})
}

// FuzzFindJPage: the jpage reading of a page's scripts (hanweb.go) never panics, and whatever
// it reads asks for records within the column's bound, in order, on http(s) only.
func FuzzFindJPage(f *testing.F) {
	f.Add(`<datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&columnid=7"></a>]]></nextgroup><recordset><record>a</record></recordset></datastore>`,
		`$('#7').jpage({ proxyUrl: "/p.jsp", perPage: 15, totalRecord: 120, groupSize: 3, ajaxParam: {columnid:7, path:'/'} });`)
	f.Add(`<datastore><totalrecord>99999999</totalrecord>`, `var t = 5; new JPage({perPage: t, totalRecord: t, proxyUrl: 'javascript:alert(1)', ajaxParam:{a:1}})`)
	f.Add(``, `jpage({ajaxParam: {`)
	page, _ := url.Parse("http://127.0.0.1/col/col7/index.html")
	f.Fuzz(func(t *testing.T, datastore, call string) {
		j, ok := findJPage([]string{datastore, call})
		if !ok {
			return
		}
		b, more := j.firstBatch(page)
		for n := 0; more; n++ {
			if b.start < 1 || b.end < b.start || b.end > maxJPageRecords || n > maxJPageRecords {
				t.Fatalf("batch %d–%d (after %d)", b.start, b.end, n)
			}
			if u, err := url.Parse(b.url); err != nil || (u.Scheme != "http" && u.Scheme != "https") {
				t.Fatalf("batch URL %q", b.url)
			}
			b, more = b.next(j.total)
		}
	})
}

// FuzzScriptPagers: goPage pagers, column-tree scripts and loaded trees (scriptpagers.go) never
// panic and stay within their bounds.
func FuzzScriptPagers(f *testing.F) {
	f.Add(`function goPage(p){ window.location.href = "list_" + p + ".html"; }`, `javascript:goPage(3)`, `共4页`)
	f.Add(`var totalPage = 3; function toPage(n){ location.href = "index_" + (n-1) + ".html"; }`, `toPage(2)`, ``)
	f.Add(`var setting = {async: {url: "/t.json"}}; var zNodes = [{name: "a", url: "/b.html"}]; $.fn.zTree.init(x, setting, zNodes);`, ``, ``)
	f.Add(`[{"name":"a","url":"/a.html","children":[{"href":"/b.html"}]}]`, ``, ``)
	f.Fuzz(func(t *testing.T, script, call, text string) {
		pages, _ := goPagePages([]string{script}, []string{call}, text)
		if len(pages) > maxScriptPages {
			t.Fatalf("%d pages past the bound", len(pages))
		}
		nodes, sources, _ := treeScript(script)
		if len(nodes) > maxTreeNodes || len(sources) > maxTreeSources {
			t.Fatalf("%d nodes, %d sources", len(nodes), len(sources))
		}
		if l := treeLinks([]byte(script)); len(l) > maxTreeNodes {
			t.Fatalf("%d tree links", len(l))
		}
	})
}

// linesJournal is a JournalStore over lines in memory, for fuzzing the journal reader on what a
// damaged file or Redis list may hold.
type linesJournal struct{ lines [][]byte }

func (l *linesJournal) Read(keep func([]byte) bool) error {
	for _, line := range l.lines {
		if !keep(line) {
			return nil
		}
	}
	return nil
}
func (l *linesJournal) Append([]byte, bool) error           { return nil }
func (l *linesJournal) Replace(func(io.Writer) error) error { return nil }
func (l *linesJournal) Close() error                        { return nil }

// FuzzReadJournal: any journal content reads back without a panic, and a resumed run's pending
// URLs are all in its visited set (else a URL could be queued twice).
func FuzzReadJournal(f *testing.F) {
	f.Add([]byte("{\"t\":\"run\",\"run\":1,\"rd\":\"run:1\"}\n{\"t\":\"q\",\"u\":\"http://x/a\"}\n{\"t\":\"f\",\"u\":\"http://x/a\",\"o\":\"ok\"}\n{\"t\":\"q\",\"u\":\"http://x/b\",\"k\":\"r\"}\n"))
	f.Add([]byte("{\"t\":\"v\",\"u\":\"http://x/a\",\"c\":[{\"u\":\"http://x/b\"}]}\n{\"t\":\"run\",\"run\":2}\n{\"t\":\"end\",\"run\":2}\n"))
	f.Add([]byte("{\"t\":\"run\"}\n{\"t\":\"ck\",\"u\":\"h\",\"ck\":\"a=b\"}\n{\"t\":\"q\""))
	f.Fuzz(func(t *testing.T, b []byte) {
		st, err := readJournal(&linesJournal{lines: bytes.Split(b, []byte("\n"))})
		if err != nil {
			t.Fatal(err)
		}
		visited := map[string]bool{}
		for _, u := range st.visited {
			visited[u] = true
		}
		for _, q := range st.pending {
			if !visited[q.U] {
				t.Fatalf("pending %q not in the visited set", q.U)
			}
		}
		if st.resume && st.ended {
			t.Fatal("a run both resumed and ended")
		}
	})
}
