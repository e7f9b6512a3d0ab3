package crawler

import (
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// Hanweb (大汉) jpage columns. A column page carries the first group of its
// list inline, as a <script type="text/xml"> datastore (scripts.go reads its
// records), and a call that hands the rest to jpage.js:
//
//	$('#4570').jpage({ dataStore: dataStore, proxyUrl: "/module/web/jpage/dataproxy.jsp",
//	    perPage: 15, totalRecord: 120, groupSize: 3,
//	    ajaxParam: {col:1, appid:1, webid:1, path:'/', columnid:4570, unitid:12345, permissiontype:0} });
//
// Older templates have no ajaxParam: the datastore's <nextgroup> link
// (dataproxy.jsp?page=1&webid=1&columnid=4570&…) carries the same parameters.
// jpage.js asks the proxy for the next group with a POST to
// proxyUrl?startrecord=46&endrecord=90&perpage=15 whose form body is the
// ajaxParam; the answer is another datastore (<totalrecord>, <recordset>).
// Reading this is a pure function of the page's script text (findJPage);
// the crawler turns it into those POSTs, one group at a time (jpageBatch).

// jpageColumn is what a column page says about its jpage list.
type jpageColumn struct {
	proxy   string     // proxyUrl as written (relative to the page)
	params  url.Values // ajaxParam, or the <nextgroup> link's query without page
	total   int        // totalRecord (0: not said)
	perPage int
	batch   int // records per proxy request (perPage × groupSize, or the inline group's size)
	inline  int // records of the page's own datastore
	// open: the page does not say how many records there are, but its inline
	// group is full: batches go on until one comes back short or empty (or
	// states a total), at most maxJPageRecords.
	open bool
	// unfollowable is why the list cannot be followed ("" if it can): the
	// crawler records it (Summary.ScriptPagers) rather than drop it silently.
	unfollowable string
}

const (
	defaultJPageProxy = "/module/web/jpage/dataproxy.jsp"
	// maxJPageRecords bounds one column's list: a bigger totalRecord is not believed, and the
	// batches stop there.
	maxJPageRecords = 5000
	maxJPageBatch   = 500 // records per proxy request at most
	maxJPageParams  = 40
)

var (
	jpageCall      = lazyRegexp(`(?:\bjpage|\bJPage)\s*\(\s*\{`)
	jpageProxyKey  = lazyRegexp(`\bproxyUrl\s*:\s*["']([^"'\s]+)["']`)
	jpageNumKey    = lazyRegexp(`\b(totalRecord|perPage|groupSize)\s*:\s*(?:["']\s*(\d{1,9})\s*["']|(\d{1,9})\b|([A-Za-z_$][\w$]*))`)
	jpageAjaxParam = lazyRegexp(`(?s)\bajaxParam\s*:\s*\{([^{}]*)\}`)
	jsPair         = lazyRegexp(`["']?([A-Za-z_$][\w$]*)["']?\s*:\s*(?:"([^"]*)"|'([^']*)'|([\w.\-]+))`)
	xmlTotal       = lazyRegexp(`(?i)<totalrecord>\s*(\d{1,9})\s*</totalrecord>`)
)

// findJPage reads the jpage list of a page from its inline scripts, or
// reports false when the page has none.
func findJPage(scripts []string) (jpageColumn, bool) {
	var (
		j                 jpageColumn
		call, ds          string
		seenCall, seenDS  bool
		groupSize, xmlTot int
	)
	for _, s := range scripts {
		if !seenDS && strings.Contains(s, "<datastore") {
			ds, seenDS = s, true
		}
		if !seenCall && (strings.Contains(s, "jpage") || strings.Contains(s, "JPage")) {
			if body, ok := jpageCallBody(s); ok {
				call, seenCall = body, true
				vars := jsNumbers(s)
				for _, n := range jpageNumKey().FindAllStringSubmatch(call, -1) {
					v := atoiOr(n[2]+n[3], -1)
					if n[4] != "" {
						v = vars[n[4]]
					}
					switch n[1] {
					case "totalRecord":
						j.total = max(v, 0)
					case "perPage":
						j.perPage = max(v, 0)
					case "groupSize":
						groupSize = max(v, 0)
					}
				}
			}
		}
	}
	if !seenCall && !seenDS {
		return j, false
	}
	if seenDS {
		j.inline = strings.Count(ds, "<record>") + strings.Count(ds, "<record ")
		if m := xmlTotal().FindStringSubmatch(ds); m != nil {
			xmlTot = atoiOr(m[1], 0)
		}
	}
	if !seenCall {
		// A datastore alone is a list whose rest jpage.js would fetch, if the page
		// says how many there are; without a call, there is nothing to go on.
		if xmlTot <= j.inline {
			return j, false
		}
	}
	if j.total == 0 {
		j.total = xmlTot
	}
	if m := jpageProxyKey().FindStringSubmatch(call); m != nil {
		j.proxy = m[1]
	}
	if m := jpageAjaxParam().FindStringSubmatch(call); m != nil {
		j.params = url.Values{}
		for _, p := range jsPair().FindAllStringSubmatch(m[1], maxJPageParams) {
			j.params.Set(p[1], p[2]+p[3]+p[4])
		}
	}
	if next := nextGroupHref(ds); next != "" && (j.params == nil || j.proxy == "") {
		if nu, err := url.Parse(strings.TrimSpace(next)); err == nil {
			if j.params == nil {
				j.params = nu.Query()
				j.params.Del("page")
				j.params.Del("startrecord")
				j.params.Del("endrecord")
				j.params.Del("perpage")
			}
			if j.proxy == "" && nu.Path != "" {
				j.proxy = nu.Path
			}
		}
	}
	if j.proxy == "" && j.params != nil {
		j.proxy = defaultJPageProxy
	}
	switch {
	case groupSize > 0 && j.perPage > 0:
		j.batch = groupSize * j.perPage
	case j.inline > 0:
		j.batch = j.inline
	case j.perPage > 0:
		j.batch = 3 * j.perPage // jpage.js's default groupSize
	}
	if j.perPage == 0 {
		j.perPage = min(max(j.batch, 1), 15)
	}
	j.batch = min(j.batch, maxJPageBatch)
	if j.total == 0 && seenCall && j.params != nil && j.inline > 0 && j.inline >= j.batch {
		j.total, j.open = maxJPageRecords, true
	}
	switch {
	case j.total <= j.inline:
		// Everything is on the page already (or the page does not say there is more).
	case j.params == nil || len(j.params) == 0:
		j.unfollowable = "jpage list without ajaxParam or <nextgroup> parameters"
	case j.batch <= 0:
		j.unfollowable = "jpage list without perPage or inline records"
	case strings.ContainsAny(j.proxy, "\"'<>\\ "):
		j.unfollowable = "jpage proxyUrl is not a URL: " + j.proxy
	}
	return j, true
}

// more reports whether records past the page's own are to be asked for.
func (j jpageColumn) more() bool {
	return j.unfollowable == "" && j.total > j.inline && j.batch > 0
}

// jpageBatch is one POST to the data proxy: records start…end (1-based, inclusive).
type jpageBatch struct {
	url   string // the proxy with startrecord, endrecord, perpage in its query
	body  string // the ajaxParam, form-encoded
	start int
	end   int
	total int
	per   int
}

// firstBatch is the request for the records after the page's own; proxyBase
// resolves proxyUrl (the column page's URL). ok is false when there is none.
func (j jpageColumn) firstBatch(page *url.URL) (jpageBatch, bool) {
	if !j.more() {
		return jpageBatch{}, false
	}
	pu, err := page.Parse(j.proxy)
	if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") {
		return jpageBatch{}, false
	}
	pu.Fragment = ""
	return makeBatch(pu, j.params.Encode(), j.inline+1, j.batch, min(j.total, maxJPageRecords), j.perPage)
}

// next is the batch after b, or false when b reached the total.
func (b jpageBatch) next(total int) (jpageBatch, bool) {
	if total > 0 {
		b.total = min(total, maxJPageRecords)
	}
	u, err := url.Parse(b.url)
	if err != nil {
		return jpageBatch{}, false
	}
	return makeBatch(u, b.body, b.end+1, b.end-b.start+1, b.total, b.per)
}

func makeBatch(proxy *url.URL, body string, start, size, total, per int) (jpageBatch, bool) {
	if start > total || size <= 0 {
		return jpageBatch{}, false
	}
	end := min(start+size-1, total)
	q := proxy.Query()
	q.Set("startrecord", strconv.Itoa(start))
	q.Set("endrecord", strconv.Itoa(end))
	q.Set("perpage", strconv.Itoa(per))
	u := *proxy
	u.RawQuery = q.Encode()
	// The range goes in the query, as jpage.js puts it, and in the form too:
	// a proxy that reads only its form (getParameter reads both) still gets it.
	form, _ := url.ParseQuery(body)
	form.Del("startrecord")
	form.Del("endrecord")
	form.Del("perpage")
	form.Set("startrecord", strconv.Itoa(start))
	form.Set("endrecord", strconv.Itoa(end))
	form.Set("perpage", strconv.Itoa(per))
	return jpageBatch{url: u.String(), body: form.Encode(), start: start, end: end, total: total, per: per}, true
}

// batchFromRequest rebuilds a batch from its URL and body (a resumed or
// replayed request): its range is in the query; total is the column's.
func batchFromRequest(u, body string, total int) (jpageBatch, bool) {
	pu, err := url.Parse(u)
	if err != nil {
		return jpageBatch{}, false
	}
	q := pu.Query()
	s, e, p := atoiOr(q.Get("startrecord"), 0), atoiOr(q.Get("endrecord"), 0), atoiOr(q.Get("perpage"), 0)
	if s <= 0 || e < s {
		return jpageBatch{}, false
	}
	return jpageBatch{url: u, body: body, start: s, end: e, total: min(total, maxJPageRecords), per: p}, true
}

// jpageAnswer reads a data proxy's answer: the records' links and the total
// it states (0 if none). The answer is a datastore like the page's own.
func jpageAnswer(text string) (links []rawLink, records, total int) {
	if m := xmlTotal().FindStringSubmatch(text); m != nil {
		total = atoiOr(m[1], 0)
	}
	records = strings.Count(text, "<record>") + strings.Count(text, "<record ")
	return datastoreLinks(text), records, total
}

// nextGroupHref is the href of the datastore's <nextgroup> link.
func nextGroupHref(ds string) string {
	i := strings.Index(ds, "<nextgroup>")
	if i < 0 {
		return ""
	}
	ng := ds[i+len("<nextgroup>"):]
	if k := strings.Index(ng, "</nextgroup>"); k >= 0 {
		ng = ng[:k]
	}
	ng = strings.NewReplacer("<![CDATA[", "", "]]>", "").Replace(ng)
	z := html.NewTokenizer(strings.NewReader(ng))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			if t.Data == "a" {
				for _, a := range t.Attr {
					if a.Key == "href" {
						return html.UnescapeString(a.Val)
					}
				}
			}
		}
	}
}

// maxJPageCall bounds the text of a jpage({…}) call read.
const maxJPageCall = 8 << 10

// jpageCallBody is the object literal a jpage({…}) or new JPage({…}) call is
// given: up to its closing brace (braces inside quotes aside), at most
// maxJPageCall bytes.
func jpageCallBody(s string) (string, bool) {
	loc := jpageCall().FindStringIndex(s)
	if loc == nil {
		return "", false
	}
	return braceBody(s[loc[1]:], maxJPageCall)
}

// jsNumbers are the numeric variables a script assigns (var total = 120).
func jsNumbers(script string) map[string]int {
	vars := map[string]int{}
	for _, v := range jsVar().FindAllStringSubmatch(script, 200) {
		vars[v[1]] = atoiOr(v[2], 0)
	}
	return vars
}

func atoiOr(s string, def int) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return def
	}
	return n
}
