package crawler

import (
	"net/url"
	"strings"
)

// How the crawler follows a Hanweb jpage list (hanweb.go reads it): the
// column page's analysis names the first data proxy batch; the dispatcher
// queues it as a POST item like any other link (same host queue, LimitRule,
// robots, archive, fetch log, journal); the batch's answer is analysed on
// colly's goroutine (analyzeBatch), its records' links join the column's
// links, and the next batch is queued until the column's total is reached or
// a batch comes back empty.
//
// A POST is identified by its URL and body together (item.id): every column
// of a site asks the same proxy URL for records 46–90, and only the body's
// columnid tells them apart.

// postSep joins a POST's URL and body in its id: a space never appears in a
// normalised URL.
const postSep = " POST "

// id is the item's identity in the visited set, the journal and the
// validators of earlier runs: its URL, and for a POST its body too.
func (it *item) id() string {
	if it.post == "" {
		return it.url
	}
	return it.url + postSep + it.post
}

// splitID is id's inverse.
func splitID(id string) (u, post string) {
	if i := strings.Index(id, postSep); i >= 0 {
		return id[:i], id[i+len(postSep):]
	}
	return id, ""
}

// kind is the journal's kind of the item.
func (it *item) kind() string {
	switch {
	case it.post != "":
		return kindJPage
	case it.tree:
		return kindTree
	}
	return kindOf(it.attachment, it.report)
}

// jpageItem is the queue item of a batch found on (or after) parent.
func jpageItem(b jpageBatch, ref string, depth, stray int) *item {
	return &item{url: b.url, orig: b.url, ref: ref, depth: depth, stray: stray, post: b.body, jpTotal: b.total}
}

// followJPage queues the next data proxy batch of a column: the first one
// after a column page (an.jpage), or the one after a batch that brought
// records. It returns the queued item's child entry, for the page's
// children (replayed when the page answers 304), or nil.
func (r *run) followJPage(it *item, an *pageAnalysis, stray int, col string) *child {
	var (
		b   jpageBatch
		ok  bool
		ref = it.url
		// Batches are the column page's own list, fetched in parts: their
		// records are one hop from the column, as its inline records are.
		d = it.depth
	)
	switch {
	case it.post != "":
		// A batch: the next one, unless this one was empty (the list ends
		// here whatever the total said) or reached the total.
		if an == nil || an.batchRecords == 0 {
			if an != nil && it.jpTotal > 0 {
				r.log.Debug("jpage batch empty before the column's total", "url", it.url, "total", it.jpTotal)
			}
			return nil
		}
		cur, cok := batchFromRequest(it.url, it.post, it.jpTotal)
		if !cok {
			return nil
		}
		if an.batchRecords < cur.end-cur.start+1 {
			if an.batchTotal == 0 {
				return nil // a short batch is the list's last
			}
			// The proxy gave fewer than asked but says there are more: go on
			// after what came, in batches of what it gives.
			cur.end = cur.start + an.batchRecords - 1
		}
		b, ok = cur.next(max(an.batchTotal, 0))
		ref, d = it.ref, it.depth // the column page stays the referrer; batches are one hop below it
	case an != nil && an.jpage != nil:
		j := an.jpage
		if j.unfollowable != "" {
			r.noteScriptPager(it.url, "jpage", j.unfollowable)
			return nil
		}
		pu, err := url.Parse(it.url)
		if err != nil {
			return nil
		}
		b, ok = j.firstBatch(pu)
		if ok && j.total > maxJPageRecords {
			r.noteScriptPager(it.url, "jpage", "totalRecord over the limit; the first records only")
		}
	}
	if !ok {
		return nil
	}
	next := jpageItem(b, ref, d, stray)
	next.column = col
	pu, err := url.Parse(next.url)
	if err != nil {
		return nil
	}
	r.enqueue(pu, next, true)
	if !r.childKnown(next) || !hostAllowed(r.cfg.AllowedHosts, pu.Host) {
		return nil
	}
	return &child{U: next.id(), K: kindJPage, F: true, N: next.jpTotal}
}

// analyzeBatch reads a data proxy's answer, on colly's goroutine: the
// records' links resolve against the column page (the batch's referrer),
// which is where jpage.js renders them.
func (c *Crawler) analyzeBatch(h *holder) {
	ex, it := h.ex, h.job.it
	if ex.status/100 != 2 || ex.payload == nil || ex.trunc != nil {
		return
	}
	text := ex.decoded.Text
	if !ex.html {
		text = decodeBody(c.cfg.Decode, ex.payload, ex.header.Get("Content-Type")).Text
	}
	base := h.pageURL
	if it.ref != "" {
		if u, err := url.Parse(it.ref); err == nil {
			base = u
		}
	}
	h.an = analyzeBatchText(text, base, h.focused, c.pats)
}

// analyzeBatchText is the pure part of analyzeBatch.
func analyzeBatchText(text string, base *url.URL, focused bool, pats patterns) *pageAnalysis {
	raw, records, total := jpageAnswer(text)
	a := &pageAnalysis{batchRecords: records, batchTotal: total}
	lc := linkClassifier{base: base, pats: pats, focused: focused}
	seen := map[string]bool{}
	for _, l := range raw {
		if k, ok := lc.classify(l); ok && !seen[k.u.String()] {
			seen[k.u.String()] = true
			a.links = append(a.links, k)
		}
	}
	return a
}

// ScriptPager is a pager or list script seen on a page that the crawler
// could not follow (or followed only in part), and why.
type ScriptPager struct {
	URL    string // the page
	Kind   string // jpage, createPageHTML, goPage, select, tree
	Reason string
}

const maxScriptPagerNotes = 100

// noteScriptPager records a pager that could not be followed (Summary.ScriptPagers).
func (r *run) noteScriptPager(page, kind, reason string) {
	if len(r.sum.ScriptPagers) >= maxScriptPagerNotes {
		r.log.Debug("script pager not followed", "url", page, "kind", kind, "reason", reason)
		return
	}
	r.log.Info("script pager not followed", "url", page, "kind", kind, "reason", reason)
	r.sum.ScriptPagers = append(r.sum.ScriptPagers, ScriptPager{URL: page, Kind: kind, Reason: reason})
}
