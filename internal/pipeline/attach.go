package pipeline

import (
	"bytes"
	"strings"
	"sync"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/parser"
)

// maxPages bounds the pages an AttachmentLinker remembers (oldest forgotten first): a crawl's
// attachments follow their page closely, so a window of recent pages is enough.
const maxPages = 20000

// AttachmentLinker makes a report out of an attachment (PDF, DOC, DOCX, WPS) with what its page
// says: the crawler fetches the page first and the attachments it links after, so by the time
// an attachment arrives its page (the crawler's Referrer) has been seen, and its URL, title,
// publish date and agency become the attachment report's. A report page gives them from its
// parse; a page that only links its report (a PDF-only stub, titled like a report) from a
// quick read of its metadata. Safe for concurrent use.
type AttachmentLinker struct {
	mu    sync.Mutex
	pages map[string]linkedPage
	order []string
}

type linkedPage struct {
	meta     parser.PageMeta
	reportID string // the page's own report, when it had tables
}

// NewAttachmentLinker returns an empty linker.
func NewAttachmentLinker() *AttachmentLinker {
	return &AttachmentLinker{pages: map[string]linkedPage{}}
}

// Report records a parsed report page.
func (l *AttachmentLinker) Report(p crawler.Page, res *parser.Result) {
	r := res.Report
	lp := linkedPage{meta: parser.PageMeta{URL: r.URL, Title: r.Title, Published: r.Published, Agency: r.Agency}}
	if r.Status != "no_tables" {
		lp.reportID = r.ID
	}
	l.put(p, lp)
}

// Page records a report page that is parsed elsewhere (an archive read by parse, load and
// validate): its metadata from a quick read.
func (l *AttachmentLinker) Page(p crawler.Page, src parser.Source) {
	l.put(p, linkedPage{meta: parser.ReadPageMeta(p.Body, src)})
}

// Stub records a page that is not a report but may link one as an attachment (a page titled
// like a report, or one that mentions an attachment: its <title> is often only the site's).
// Other pages are ignored, so list pages cost a byte search, not a read.
func (l *AttachmentLinker) Stub(p crawler.Page, src parser.Source) {
	if p.Attachment || p.IsReport || !p.Complete() || p.Text == "" {
		return
	}
	if !strings.Contains(p.Title, "报告") && !strings.Contains(p.Title, "年报") && !mentionsAttachment(p.Body) {
		return
	}
	l.put(p, linkedPage{meta: parser.ReadPageMeta(p.Body, src)})
}

// attachmentMarks are byte strings of a page that links a document.
var attachmentMarks = [][]byte{[]byte(".pdf"), []byte(".PDF"), []byte(".doc"), []byte(".DOC"), []byte(".wps"), []byte("download"), []byte("附件")}

func mentionsAttachment(body []byte) bool {
	for _, m := range attachmentMarks {
		if bytes.Contains(body, m) {
			return true
		}
	}
	return false
}

func (l *AttachmentLinker) put(p crawler.Page, lp linkedPage) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, u := range []string{p.URL, p.FinalURL} {
		if u == "" {
			continue
		}
		if _, ok := l.pages[u]; !ok {
			l.order = append(l.order, u)
		}
		l.pages[u] = lp
	}
	for len(l.order) > maxPages {
		delete(l.pages, l.order[0])
		l.order = l.order[1:]
	}
}

// Source describes an attachment to the parser, with its page when known.
func (l *AttachmentLinker) Source(p crawler.Page, region *parser.Region) parser.Source {
	src := SourceOf(p, region)
	l.mu.Lock()
	lp, ok := l.pages[p.Referrer]
	l.mu.Unlock()
	if ok {
		m := lp.meta
		src.Page = &m
	}
	return src
}

// Redundant tells whether an attachment's report adds nothing: the same tables as its page's
// report (the same content id: one report, not two), or no tables at all beside a page that
// has them (an annex, or a scan of the tables the page already gives). An attachment whose page
// is not known (a resumed crawl whose page was read by an earlier run, whose report may be in
// ClickHouse already) is loaded only when it has tables, is a scan (form.tables_as_images) or
// could not be read for want of a converter; a damaged file there stays in the archive and the
// fetch log.
func (l *AttachmentLinker) Redundant(p crawler.Page, res *parser.Result) bool {
	l.mu.Lock()
	lp, ok := l.pages[p.Referrer]
	l.mu.Unlock()
	switch {
	case ok && lp.reportID != "":
		return lp.reportID == res.Report.ID || res.Report.Status == "no_tables"
	case ok:
		return false // the page's report is this attachment, tables or not
	}
	if res.Report.Status != "no_tables" {
		return false
	}
	for _, i := range res.Issues {
		if i.Rule == "form.tables_as_images" || i.Rule == "input.converter_missing" {
			return false
		}
	}
	return true
}
