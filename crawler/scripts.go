package crawler

import (
	"strings"

	"golang.org/x/net/html"
)

// Links that only scripts know. Portals navigate with JavaScript more than
// one would like; the crawler runs none of it, but reads the cases whose
// URL is a literal in the script text:
//   - redirects: window.location.href = "./home.html", location.replace(…)
//     (a subsystem entry that is nothing but this is common);
//   - window.open('./202201/t20220125_1002.html') in onclick or in a
//     javascript: href;
//   - the Hanweb (大汉) jpage datastore: a column's list as
//     <script type="text/xml"><datastore><recordset><record><![CDATA[<li><a
//     href=…>]]></record>…, rendered by jpage.js.
// Pagers written by scripts are in pagination.go.

var (
	jsNav = lazyRegexp(`(?:\blocation(?:\.href)?\s*=\s*|\blocation\.(?:replace|assign)\s*\(\s*|\bwindow\.open\s*\(\s*|\bnavigate\s*\(\s*)["']([^"'\s<>]+)["']`)
)

const maxScriptURLs = 20 // per script; more is not navigation but data

// scriptURLs returns the URL literals a script navigates to.
func scriptURLs(script string) []string {
	if !strings.Contains(script, "location") && !strings.Contains(script, "open") && !strings.Contains(script, "navigate") {
		return nil
	}
	var out []string
	for _, m := range jsNav().FindAllStringSubmatch(script, maxScriptURLs) {
		out = append(out, m[1])
	}
	return out
}

// datastoreLinks returns the links of the records of a Hanweb datastore
// script (the <recordset> only: <nextgroup> is a POST-only data proxy).
func datastoreLinks(script string) []rawLink {
	i := strings.Index(script, "<recordset>")
	if i < 0 {
		return nil
	}
	rs := script[i+len("<recordset>"):]
	if j := strings.LastIndex(rs, "</recordset>"); j >= 0 {
		rs = rs[:j]
	}
	rs = strings.NewReplacer("<![CDATA[", "", "]]>", "").Replace(rs)
	doc, err := html.Parse(strings.NewReader(rs))
	if err != nil {
		return nil
	}
	var out []rawLink
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "a" || n.Data == "area") {
			out = appendAnchor(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}
