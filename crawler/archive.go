package crawler

import (
	"fmt"
	"net/http"
	"time"
)

// warcExchange is one request and its response as they went over the wire:
// headers as sent and received, the body as received (content-coding kept,
// chunking removed). The transport keeps it; colly's OnResponse callback (or
// OnError, when no response came or it broke off) writes it to the archive.
type warcExchange struct {
	req       *http.Request
	resp      *http.Response // nil: no response
	raw       []byte
	at        time.Time
	truncated string // WARC-Truncated reason, "" for a whole body
}

// archive writes an exchange's WARC records, once. A failed write is kept in
// ex.archive: the dispatcher then stops the site (handle.go), since a page it
// cannot archive must not count as done.
func (c *Crawler) archive(ex *exchange) {
	rec := ex.record
	if rec == nil {
		return
	}
	ex.record = nil
	if err := c.warc.write(rec.req, rec.resp, rec.raw, rec.at, rec.truncated); err != nil {
		ex.archive = fmt.Errorf("%w: %s: %v", ErrArchive, rec.req.URL, err)
	}
}
