package crawler

import (
	"regexp"
	"strconv"
	"strings"
)

// Column pages list reports over many pages. Pagination comes in three forms:
//   - plain links: index_1.html, ?page=2, pageNum=3 — found among the links;
//   - links labelled 下一页/尾页/末页/上一页/首页 or "next";
//   - TRS CMS pages write their pager with a script, createPageHTML(count,
//     current, "index", "html"), so the other pages are not linked at all.
//     The page count is in the script call; pages are index.html and
//     index_1.html … index_{count-1}.html in the same directory.

var (
	pagerLabel = regexp.MustCompile(`^\s*(下一页|下页|尾页|末页|上一页|上页|首页|最后一页|第一页|next|last|»|›|>>?)\s*$|^\s*\[?\d{1,4}\]?\s*$`)
	pagerURL   = regexp.MustCompile(`(?i)(index_\d+\.s?html?$|[?&](page|pageno|pagenum|pageindex|p|pn|curpage|currentpage)=\d+)`)
	// createPageHTML(10, 0, "index", "html") — arguments may also be variables.
	createPage = regexp.MustCompile(`createPageHTML\(\s*([\w.]+)\s*,\s*([\w.]+)\s*,\s*["']([^"']+)["']\s*,\s*["']([^"']+)["']`)
	jsVar      = regexp.MustCompile(`(?:var|let|const)?\s*([A-Za-z_$][\w$]*)\s*=\s*(\d+)\s*;`)
)

const maxScriptPages = 500 // a bigger page count in a pager script is not believed

// isPagerLink reports whether a link looks like pagination (by its label or URL).
func isPagerLink(text, href string) bool {
	return pagerLabel.MatchString(text) || pagerURL.MatchString(href)
}

// scriptPages returns the relative URLs of the pages a TRS-style pager script
// announces, e.g. ["index.html", "index_1.html", "index_2.html"].
func scriptPages(script string) []string {
	m := createPage.FindStringSubmatch(script)
	if m == nil {
		return nil
	}
	vars := map[string]int{}
	for _, v := range jsVar.FindAllStringSubmatch(script, -1) {
		n, _ := strconv.Atoi(v[2])
		vars[v[1]] = n
	}
	count, err := strconv.Atoi(m[1])
	if err != nil {
		var ok bool
		if count, ok = vars[m[1]]; !ok {
			return nil
		}
	}
	if count <= 1 {
		return nil
	}
	if count > maxScriptPages {
		count = maxScriptPages
	}
	prefix, ext := m[3], strings.TrimPrefix(m[4], ".")
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
