package crawler

import (
	"sort"
)

// entryYear: an entry's title names its year (2022年…); a link titled
// 政府信息公开年报 alone is the column itself, not one of its reports.
var entryYear = lazyRegexp(`(19|20)\d{2}\s*年`)

// Per-column counts (Summary.Columns), so a researcher sees a column that was
// read only in part: how many entries a column listed and how many of them
// were fetched.
//
// A column is the list page where a crawl first met it; its pagers (index_N,
// goPage, createPageHTML, <select> pickers, loaded trees) and its data proxy
// batches belong to it (item.column), so a column of 120 reports over one
// page and three batches is one column of 120. Its entries are the links
// titled like a report with its year (link.entry), each counted once, in the column that
// listed it first. An entry is fetched when it answered 2xx (or 304, on a
// recrawl). Columns are kept in this run's memory only: a resumed run counts
// what it fetched itself.

// ColumnCount is what one column listed and what came of it.
type ColumnCount struct {
	// Declared is how many records the column says it has (a Hanweb jpage
	// totalRecord), 0 when it does not say.
	Declared int
	Listed   int // entries titled like a report, each once
	Fetched  int // of those, answered 2xx or 304
	Reports  int // of those, complete report pages (not duplicates)
}

// Partial reports whether some entries were not fetched.
// A column that declares more records than were fetched is partial too
// (its pager could not be followed, or the crawl stopped).
func (c ColumnCount) Partial() bool { return c.Fetched < c.Listed || c.Fetched < c.Declared }

// declared records what a column page says it holds.
func (r *run) declared(col string, n int) {
	if n <= 0 {
		return
	}
	if r.sum.Columns == nil {
		r.sum.Columns = map[string]ColumnCount{}
	}
	c, ok := r.sum.Columns[col]
	if !ok && len(r.sum.Columns) >= maxColumns {
		return
	}
	c.Declared = max(c.Declared, min(n, maxJPageRecords))
	r.sum.Columns[col] = c
}

// maxColumns bounds Summary.Columns; entries of columns past it are not counted.
const maxColumns = 5000

// listed counts an entry of column col that was queued (the visited set
// makes it the column's that listed it first).
func (r *run) listed(col string) {
	if r.sum.Columns == nil {
		r.sum.Columns = map[string]ColumnCount{}
	}
	c, ok := r.sum.Columns[col]
	if !ok && len(r.sum.Columns) >= maxColumns {
		return
	}
	c.Listed++
	r.sum.Columns[col] = c
}

// columnOf is the column a page's links belong to: the column of a pager or
// batch, or the page itself.
func columnOf(it *item) string {
	if it.column != "" && !it.entry {
		return it.column
	}
	return it.url
}

// fetchedEntry counts an entry of a column that came back.
func (r *run) fetchedEntry(it *item, report bool) {
	if it.column == "" || r.sum.Columns == nil {
		return
	}
	c, ok := r.sum.Columns[it.column]
	if !ok {
		return
	}
	c.Fetched++
	if report {
		c.Reports++
	}
	r.sum.Columns[it.column] = c
}

// PartialColumns are the columns of s with entries not fetched, sorted.
func (s Summary) PartialColumns() []string {
	var out []string
	for u, c := range s.Columns {
		if c.Partial() {
			out = append(out, u)
		}
	}
	sort.Strings(out)
	return out
}
