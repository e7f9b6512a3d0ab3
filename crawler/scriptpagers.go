package crawler

import (
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// Pagers and column trees that only scripts build, read from the page's own
// script text (no JavaScript is run), each bounded, and noted when seen but
// not followable (pageAnalysis.notes → Summary.ScriptPagers):
//
//   - goPage(n) / toPage(n) / gotoPage(n)…: a function the page defines that
//     sends the browser to a URL built from n ("list_" + n + ".html", or
//     "index_" + (n-1) + ".html"); the page count is the largest of a count
//     variable (var totalPage = 4), the 共N页 text and the calls' arguments
//     (javascript:goPage(3));
//   - <select onchange="window.location.href=this.value"> year or column
//     pickers whose options carry URLs;
//   - zTree / JSON column trees: nodes written inline (zNodes = [{name, url}…])
//     or loaded from a URL ($.getJSON("/tree.json"), async: {url: …}); the
//     loaded JSON is read for every node's url/href and name (treeLinks).
//
// TRS createPageHTML and the document.write pager are in pagination.go.

// pagerNote is a pager seen on a page that could not be followed (or only in part).
type pagerNote struct {
	kind, reason string
}

const (
	maxJSCallBytes   = 32 << 10 // javascript: hrefs and onclick text kept per page
	maxSelectOptions = 200      // options read per <select>
	maxTreeNodes     = 2000     // nodes read from one tree (inline or loaded)
	maxTreeSources   = 5        // tree URLs per page
	maxFuncBody      = 2 << 10  // bytes of a goPage function's body read
)

var (
	goPageFunc = lazyRegexp(`function\s+(goPage|toPage|gotoPage|goToPage|turnPage|jumpPage|changePage|pageTo|go_page|gopage|topage)\s*\(\s*([A-Za-z_$][\w$]*)\s*\)\s*\{`)
	goPageCall = lazyRegexp(`\b(goPage|toPage|gotoPage|goToPage|turnPage|jumpPage|changePage|pageTo|go_page|gopage|topage)\s*\(\s*['"]?(\d{1,5})['"]?\s*\)`)
	totalPages = lazyRegexp(`共\s*(\d{1,5})\s*页`)
	jsNavigate = lazyRegexp(`location|window\.open|\.href|navigate`)
	// pickerOption: an option naming a year, a page or the reports' column.
	pickerOption = lazyRegexp(`(19|20)\d{2}|第\s*\d+\s*页|年报|年度报告`)

	treeWords    = lazyRegexp(`(?i)ztree|znodes|treedata|treenodes|jstree|\.tree\s*\(|tree\.json`)
	treePost     = lazyRegexp(`(?i)type\s*:\s*["']post["']`)
	treeAsyncURL = lazyRegexp(`(?s)async\s*:\s*\{[^{}]*?url\s*:\s*["']([^"'\s]+)["']`)
	treeLoadURL  = lazyRegexp(`\$\.(getJSON|get|ajax|post)\s*\(\s*(?:\{[^{}]*?url\s*:\s*)?["']([^"'\s]+)["']`)
	treeNode     = lazyRegexp(`\{[^{}]{0,800}\}`)
	nodeURL      = lazyRegexp(`["']?(?:url|href|link)["']?\s*:\s*["']([^"'\s]+)["']`)
	nodeName     = lazyRegexp(`["']?(?:name|title|text)["']?\s*:\s*["']([^"']*)["']`)
)

// goPagePages returns the pages a goPage-style pager reaches, relative as the
// script builds them, or a note when the page calls one it cannot read.
// scripts are the page's inline scripts, calls its javascript: hrefs and
// onclick handlers, text its whitespace-free text (for 共N页).
func goPagePages(scripts []string, calls []string, text string) ([]string, *pagerNote) {
	maxArg, minArg, name := 0, -1, ""
	for _, src := range [][]string{calls, scripts} {
		for _, s := range src {
			for _, m := range goPageCall().FindAllStringSubmatch(s, 200) {
				n, _ := strconv.Atoi(m[2])
				maxArg = max(maxArg, n)
				if minArg < 0 || n < minArg {
					minArg = n
				}
				name = m[1]
			}
		}
	}
	var prefix, suffix string
	offset, found, defined := 0, false, false
	for _, s := range scripts {
		for _, loc := range goPageFunc().FindAllStringSubmatchIndex(s, 10) {
			fname, arg := s[loc[2]:loc[3]], s[loc[4]:loc[5]]
			if name != "" && fname != name {
				continue
			}
			defined = true
			body, ok := braceBody(s[loc[1]:], maxFuncBody)
			if !ok || !jsNavigate().MatchString(body) {
				continue
			}
			if p, sfx, off, ok := pageFormula(body, arg); ok {
				prefix, suffix, offset, found, name = p, sfx, off, true, fname
				break
			}
		}
		if found {
			break
		}
	}
	if !found {
		switch {
		case defined:
			return nil, &pagerNote{"goPage", "goPage builds no URL from its argument (a form post or an ajax call)"}
		case maxArg > 0:
			return nil, &pagerNote{"goPage", name + "(n) is called but not defined in the page's own scripts"}
		}
		return nil, nil
	}
	count := maxArg
	for _, s := range scripts {
		if m := pageCountVar().FindStringSubmatch(s); m != nil {
			n, _ := strconv.Atoi(m[1])
			count = max(count, n)
		}
	}
	if m := totalPages().FindStringSubmatch(text); m != nil {
		n, _ := strconv.Atoi(m[1])
		count = max(count, n)
	}
	first := 1
	if minArg == 0 {
		first = 0
	}
	var note *pagerNote
	if count-first+1 > maxScriptPages {
		count = first + maxScriptPages - 1
		note = &pagerNote{"goPage", "page count over the limit; the first " + strconv.Itoa(maxScriptPages) + " pages only"}
	}
	var out []string
	for n := first; n <= count; n++ {
		k := n + offset
		if k <= 0 && strings.HasSuffix(prefix, "_") {
			continue // index_0.html: the first page is index.html, linked already
		}
		out = append(out, prefix+strconv.Itoa(k)+suffix)
	}
	return out, note
}

// pageFormula finds "prefix" + arg + "suffix" (or + (arg-1) +) in a function body.
func pageFormula(body, arg string) (prefix, suffix string, offset int, ok bool) {
	a := regexp.QuoteMeta(arg)
	re := regexp.MustCompile(`["']([^"'\s]*)["']\s*\+\s*(?:` + a + `\b|\(\s*` + a + `\s*([-+])\s*(\d)\s*\))(?:\s*\+\s*["']([^"'\s]*)["'])?`)
	m := re.FindStringSubmatch(joinedLits().ReplaceAllString(body, ""))
	if m == nil || strings.ContainsAny(m[1]+m[4], "<>\\") {
		return "", "", 0, false
	}
	if m[2] != "" {
		offset, _ = strconv.Atoi(m[3])
		if m[2] == "-" {
			offset = -offset
		}
	}
	return m[1], m[4], offset, true
}

// braceBody is the text up to the brace closing one already open (quotes
// respected), at most limit bytes.
func braceBody(rest string, limit int) (string, bool) {
	depth, quote := 1, byte(0)
	for i := 0; i < len(rest) && i < limit; i++ {
		c := rest[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '{':
			depth++
		case c == '}':
			depth--
			if depth == 0 {
				return rest[:i], true
			}
		}
	}
	return "", false
}

// selectPicker reads a <select> that navigates on change: its options' URLs,
// or a note when it navigates but its options carry none. A <select> with no
// onchange is a form's, and nothing to follow.
func selectPicker(n *html.Node) ([]rawLink, *pagerNote) {
	onchange := attr(n, "onchange")
	if strings.TrimSpace(onchange) == "" {
		return nil, nil
	}
	var out []rawLink
	options := 0
	var walk func(*html.Node)
	walk = func(c *html.Node) {
		for o := c.FirstChild; o != nil && options < maxSelectOptions; o = o.NextSibling {
			if o.Type != html.ElementNode {
				continue
			}
			switch o.Data {
			case "optgroup":
				walk(o)
			case "option":
				options++
				if v := strings.TrimSpace(attr(o, "value")); urlish(v) {
					text := collapseSpace(nodeText(o))
					// A year or page of the list is a pager of it; a site-wide
					// 友情链接 / 部门网站 picker's options are ordinary links,
					// followed only as far as their words or MaxStray allow.
					out = append(out, rawLink{href: v, text: text, pager: pickerOption().MatchString(text)})
				}
			}
		}
	}
	walk(n)
	if len(out) == 0 && options > 0 && jsNavigate().MatchString(onchange) {
		return nil, &pagerNote{"select", "a picker that navigates, but its options carry no URLs"}
	}
	return out, nil
}

// urlish: an option value that is a URL or path, not a year or an id.
func urlish(v string) bool {
	if v == "" || strings.ContainsAny(v, " <>\"'") {
		return false
	}
	l := strings.ToLower(v)
	if strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(v, "/") || strings.HasPrefix(v, "./") || strings.HasPrefix(v, "../") || strings.HasPrefix(v, "?") {
		return true
	}
	for _, ext := range []string{".html", ".htm", ".shtml", ".jsp", ".asp", ".aspx", ".php"} {
		if strings.Contains(l, ext) {
			return true
		}
	}
	return false
}

// treeScript reads a column-tree script: the nodes written inline (their
// url and name) and the URLs the tree is loaded from. A tree loaded by POST
// is noted, not followed.
func treeScript(script string) (nodes []rawLink, sources []string, note *pagerNote) {
	if !treeWords().MatchString(script) {
		return nil, nil, nil
	}
	for _, m := range treeAsyncURL().FindAllStringSubmatch(script, maxTreeSources) {
		sources = append(sources, m[1])
	}
	for _, m := range treeLoadURL().FindAllStringSubmatch(script, maxTreeSources) {
		if m[1] == "post" || (m[1] == "ajax" && treePost().MatchString(script)) {
			note = &pagerNote{"tree", "a column tree loaded by POST from " + m[2]}
			continue
		}
		sources = append(sources, m[2])
	}
	if len(sources) > maxTreeSources {
		sources = sources[:maxTreeSources]
	}
	for _, m := range treeNode().FindAllString(script, maxTreeNodes) {
		u := nodeURL().FindStringSubmatch(m)
		if u == nil || !urlish(u[1]) || slices.Contains(sources, u[1]) {
			continue // the async: {url: …} setting is where the tree loads from, no node
		}
		l := rawLink{href: u[1]}
		if nm := nodeName().FindStringSubmatch(m); nm != nil {
			l.text = collapseSpace(nm[1])
		}
		nodes = append(nodes, l)
	}
	return nodes, sources, note
}

// treeLinks reads a loaded column tree (JSON: an array or object of nodes,
// children nested under any key): every node's url/href/link with its
// name/title/text, at most maxTreeNodes. Not JSON: none.
func treeLinks(body []byte) []rawLink {
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return nil
	}
	var out []rawLink
	var walk func(any, int)
	walk = func(v any, depth int) {
		if len(out) >= maxTreeNodes || depth > 64 {
			return
		}
		switch t := v.(type) {
		case []any:
			for _, e := range t {
				walk(e, depth+1)
			}
		case map[string]any:
			href, text := "", ""
			for _, k := range []string{"url", "href", "link", "path"} {
				if s, ok := t[k].(string); ok && urlish(strings.TrimSpace(s)) {
					href = strings.TrimSpace(s)
					break
				}
			}
			for _, k := range []string{"name", "title", "text"} {
				if s, ok := t[k].(string); ok {
					text = collapseSpace(s)
					break
				}
			}
			if href != "" {
				out = append(out, rawLink{href: href, text: text})
			}
			for _, k := range slices.Sorted(maps.Keys(t)) { // in a stable order
				e := t[k]
				switch e.(type) {
				case []any, map[string]any:
					walk(e, depth+1)
				}
			}
		}
	}
	walk(v, 0)
	return out
}

// analyzeTree reads a loaded column tree, on colly's goroutine: its nodes'
// URLs resolve against the tree's own URL, and are as on topic as the page
// that loaded it.
func (c *Crawler) analyzeTree(h *holder) {
	ex := h.ex
	if ex.status/100 != 2 || ex.payload == nil || ex.trunc != nil || h.pageURL == nil {
		return
	}
	a := &pageAnalysis{}
	lc := linkClassifier{base: h.pageURL, pats: c.pats, focused: h.focused}
	seen := map[string]bool{}
	for _, l := range treeLinks(ex.payload) {
		l.pager = true // a node of the tree stands in for the page that shows it
		if k, ok := lc.classify(l); ok && !seen[k.u.String()] {
			seen[k.u.String()] = true
			a.links = append(a.links, k)
		}
	}
	h.an = a
}
