package crawler

import (
	"strconv"
	"strings"
)

// Column pages list reports over many pages. Pagination comes in these forms:
//   - plain links: index_1.html, ?page=2, pageNum=3 — found among the links;
//   - links labelled 下一页/尾页/末页/上一页/首页 or "next";
//   - TRS CMS pages write their pager with a script, so the other pages are
//     not linked at all. The page count is in the script; pages are
//     index.html and index_1.html … index_{count-1}.html in the same
//     directory (another prefix than "index" where the script says so):
//   - createPageHTML(count, current, "index", "html"), and the newer
//     createPageHTML('page_div', count, current, 'index', 'html', records);
//   - the classic TRS WCM pager: var countPage = 3//共多少页 and
//     document.write("<a href=\"index"+"_" + nextPage + "."+"html\">下一页</a>").

var (
	pagerLabel = lazyRegexp(`^\s*(下一页|下页|尾页|末页|上一页|上页|首页|最后一页|第一页|next|last|»|›|>>?)\s*$|^\s*\[?\d{1,4}\]?\s*$`)
	pagerURL   = lazyRegexp(`(?i)(index_\d+\.s?html?$|[?&](page|pageno|pagenum|pageindex|p|pn|curpage|currentpage)=\d+)`)
	// createPageHTML(10, 0, "index", "html") — arguments may also be
	// variables; newer templates put the pager's element id first.
	createPage = lazyRegexp(`createPage(?:HTML)?\(\s*(?:["'][^"',()]*["']\s*,\s*)?([\w.]+)\s*,\s*([\w.]+)\s*,\s*["']([^"']+)["']\s*,\s*["']([^"']+)["']`)
	jsVar      = lazyRegexp(`(?:var|let|const)?\s*([A-Za-z_$][\w$]*)\s*=\s*(\d+)\b`)
	// The classic pager: its page count, and the page names it builds from
	// string pieces ("index"+"_" + nextPage + "."+"html", once the adjacent
	// literals are joined: "index_" + nextPage + ".html").
	pageCountVar = lazyRegexp(`\b(?i:countPage|pageCount|totalPages?|pageTotal|page_count|maxPage)\s*=\s*(\d+)\b`)
	joinedLits   = lazyRegexp(`["']\s*\+\s*["']`)
	pageName     = lazyRegexp(`([A-Za-z][\w-]*)_["']\s*\+[^"']{1,40}\+\s*["']\.(s?html?)\b`)
)

const maxScriptPages = 500 // a bigger page count in a pager script is not believed

// isPagerLink reports whether a link looks like pagination (by its label or URL).
func isPagerLink(text, href string) bool {
	return pagerLabel().MatchString(text) || pagerURL().MatchString(href)
}

// scriptPages returns the relative URLs of the pages a TRS-style pager script
// announces, e.g. ["index.html", "index_1.html", "index_2.html"].
func scriptPages(script string) []string {
	count, prefix, ext, ok := createPageCall(script)
	if !ok {
		count, prefix, ext, ok = classicPager(script)
	}
	if !ok || count <= 1 {
		return nil
	}
	if count > maxScriptPages {
		count = maxScriptPages
	}
	ext = strings.TrimPrefix(ext, ".")
	if strings.ContainsAny(prefix+ext, "/\\:?#") {
		return nil
	}
	out := make([]string, 0, count)
	out = append(out, prefix+"."+ext)
	for i := 1; i < count; i++ {
		out = append(out, prefix+"_"+strconv.Itoa(i)+"."+ext)
	}
	return out
}

// trsPagerNote says why a TRS pager script on the page is not followed, or
// only in part: arguments it cannot read, or a page count over the bound.
func trsPagerNote(script string) *pagerNote {
	if !strings.Contains(script, "createPageHTML(") {
		return nil
	}
	count, _, _, ok := createPageCall(script)
	switch {
	case !ok:
		return &pagerNote{"createPageHTML", "createPageHTML with arguments that are not literals or known variables"}
	case count > maxScriptPages:
		return &pagerNote{"createPageHTML", "page count " + strconv.Itoa(count) + " over the limit; the first " + strconv.Itoa(maxScriptPages) + " pages only"}
	}
	return nil
}

func createPageCall(script string) (count int, prefix, ext string, ok bool) {
	if !strings.Contains(script, "createPage") {
		return 0, "", "", false
	}
	m := createPage().FindStringSubmatch(script)
	if m == nil {
		return 0, "", "", false
	}
	count, err := strconv.Atoi(m[1])
	if err != nil {
		vars := map[string]int{}
		for _, v := range jsVar().FindAllStringSubmatch(script, -1) {
			n, _ := strconv.Atoi(v[2])
			vars[v[1]] = n
		}
		if count, ok = vars[m[1]]; !ok {
			return 0, "", "", false
		}
	}
	return count, m[3], m[4], true
}

// classicPager reads the TRS WCM pager that writes its links itself.
func classicPager(script string) (count int, prefix, ext string, ok bool) {
	if !strings.Contains(script, "_") || !strings.Contains(script, "html") {
		return 0, "", "", false
	}
	c := pageCountVar().FindStringSubmatch(script)
	if c == nil {
		return 0, "", "", false
	}
	n := pageName().FindStringSubmatch(joinedLits().ReplaceAllString(script, ""))
	if n == nil {
		return 0, "", "", false
	}
	count, err := strconv.Atoi(c[1])
	if err != nil {
		return 0, "", "", false
	}
	return count, n[1], n[2], true
}
