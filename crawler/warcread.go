package crawler

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/nlnwa/gowarc/v2"
)

// ErrTornWARC reports a WARC file that ends inside a record, as a file left
// ".open" by a killed crawl does. Every complete record before the tear was
// delivered; callers re-parsing archives usually log it and go on.
var ErrTornWARC = errors.New("crawler: WARC file ends inside a record")

// ReadOptions tune ReadWARC; the zero value is fine.
type ReadOptions struct {
	// DecompressLimit caps gunzipped bodies (default: the crawler's, 16 MiB).
	DecompressLimit int64
	// Decode turns bodies into UTF-8 (default internal/charset.Decode).
	Decode DecodeFunc
	// All delivers non-2xx responses too (default: 2xx only).
	All bool
}

// ReadWARC re-reads an archive written by the crawler (or any WARC with
// HTTP response records) and calls fn with a Page for every 2xx response, in
// file order: body, decoded text, encoding, title, IsReport and the main-text
// hash are recomputed exactly as during the crawl, so `govreports parse`,
// `load` and `validate` can re-run offline after a parser fix. Truncated is
// set from the WARC-Truncated header; DuplicateOf from an earlier report
// with the same main text in the same read. Attachment is set for the
// document types the crawler fetches as attachments, and for any URL an
// earlier page of the read linked as an attachment; Referrer is then that
// page's URL, so an attachment can be parsed as its page's report.
//
// path is a WARC file (.warc, .warc.gz, also with the ".open" suffix of a
// file still being written) or a directory, read recursively in name order.
// A torn last record yields an error wrapping ErrTornWARC after the rest has
// been delivered; an error from fn stops the read and is returned as is.
func ReadWARC(path string, fn func(Page) error) error {
	return ReadWARCWith(path, ReadOptions{}, fn)
}

// ReadWARCWith is ReadWARC with options.
func ReadWARCWith(path string, opt ReadOptions, fn func(Page) error) error {
	if opt.DecompressLimit <= 0 {
		opt.DecompressLimit = Defaults().DecompressLimit
	}
	if opt.Decode == nil {
		opt.Decode = defaultDecode
	}
	files, err := warcFiles(path)
	if err != nil {
		return err
	}
	seen := map[string]string{}
	links := map[string]string{}
	var soft []error
	for _, f := range files {
		err := readOneWARC(f, opt, seen, links, fn)
		var stop fnError
		switch {
		case errors.As(err, &stop):
			return stop.err
		case err != nil:
			soft = append(soft, fmt.Errorf("%s: %w", f, err))
		}
	}
	return errors.Join(soft...)
}

type fnError struct{ err error }

func (e fnError) Error() string { return e.err.Error() }

func warcFiles(path string) ([]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []string{path}, nil
	}
	var out []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := strings.TrimSuffix(d.Name(), ".open")
		if !d.IsDir() && (strings.HasSuffix(name, ".warc") || strings.HasSuffix(name, ".warc.gz")) {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// nextRecord is r.Next with gowarc's panics on corrupt input (index out of range in its
// unmarshaler, v2.2.4, found by FuzzReadWARC) turned into an error: a damaged archive must give
// an error, never crash a re-parse of a whole crawl.
func nextRecord(r *gowarc.WarcFileReader) (rec gowarc.WarcRecord, validation *gowarc.Validation, err error) {
	defer func() {
		if p := recover(); p != nil {
			rec, validation, err = nil, nil, fmt.Errorf("unreadable record (gowarc panicked: %v)", p)
		}
	}()
	rec, _, validation, err = r.Next()
	return rec, validation, err
}

// maxLinkedAttachments bounds the attachment → page map of one read.
const maxLinkedAttachments = 100000

func readOneWARC(path string, opt ReadOptions, seen, links map[string]string, fn func(Page) error) error {
	// ErrWarn, not ErrIgnore: with ErrIgnore gowarc (v2.2.4) streams the
	// block without caching it and PayloadBytes comes back short for bodies
	// over a few KB. ErrWarn collects problems without failing the read.
	gowarcMu.Lock()
	r, err := gowarc.NewWarcFileReader(path, 0,
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrWarn), gowarc.WithSpecViolationPolicy(gowarc.ErrWarn),
		gowarc.WithUnknownRecordTypePolicy(gowarc.ErrWarn))
	gowarcMu.Unlock()
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBadWARC, err)
	}
	defer r.Close()
	n, damaged := 0, 0
	for {
		rec, validation, err := nextRecord(r)
		if errors.Is(err, io.EOF) {
			if n == 0 {
				// An empty file, or one that is no WARC at all (gowarc reads garbage as the end).
				return fmt.Errorf("%w: no WARC record in it", ErrBadWARC)
			}
			if damaged == n {
				// Not one intact record: a file cut inside its first record gives nothing to read.
				return fmt.Errorf("%w: no intact WARC record (%d damaged)", ErrBadWARC, damaged)
			}
			if damaged > 0 {
				return fmt.Errorf("%w: %d damaged record(s)", ErrTornWARC, damaged)
			}
			return nil
		}
		if err != nil {
			if n == 0 {
				return fmt.Errorf("%w: %v", ErrBadWARC, err)
			}
			return fmt.Errorf("%w: after %d records: %v", ErrTornWARC, n, err)
		}
		n++
		page, attached, ok, perr := pageFromRecord(rec, opt)
		rec.Close()
		if perr != nil {
			// A record cut inside its block: same as a torn file.
			if n == 1 {
				return fmt.Errorf("%w: cut inside its first record: %v", ErrBadWARC, perr)
			}
			return fmt.Errorf("%w: %v", ErrTornWARC, perr)
		}
		bad := validation != nil && len(*validation) > 0
		if bad {
			// Wrong digest or length: the record was cut (a killed writer) or damaged (any
			// record type: a cut warcinfo counts too). A page is delivered, never as complete.
			damaged++
		}
		if !ok {
			continue
		}
		if bad {
			page.Truncated = true
		}
		for _, a := range attached {
			if _, ok := links[a]; !ok && len(links) < maxLinkedAttachments {
				links[a] = page.URL
			}
		}
		if ref, ok := links[page.URL]; ok && page.Text == "" {
			page.Attachment, page.Referrer = true, ref
		}
		if page.IsReport && page.MainTextSHA256 != "" && !page.Truncated {
			if first, dup := seen[page.MainTextSHA256]; dup && first != page.URL {
				page.DuplicateOf = first
			} else {
				seen[page.MainTextSHA256] = page.URL
			}
		}
		if err := fn(page); err != nil {
			return fnError{err}
		}
	}
}

// pageFromRecord also returns the URLs the page links as attachments.
func pageFromRecord(rec gowarc.WarcRecord, opt ReadOptions) (Page, []string, bool, error) {
	if rec.Type() != gowarc.Response {
		return Page{}, nil, false, nil
	}
	blk, ok := rec.Block().(gowarc.HttpResponseBlock)
	if !ok {
		return Page{}, nil, false, nil
	}
	status := blk.HttpStatusCode()
	if !opt.All && status/100 != 2 {
		return Page{}, nil, false, nil
	}
	pr, err := blk.PayloadBytes()
	if err != nil {
		return Page{}, nil, false, err
	}
	raw, err := io.ReadAll(pr)
	if err != nil {
		return Page{}, nil, false, err
	}
	target := rec.WarcHeader().GetId(gowarc.WarcTargetURI)
	if target == "" {
		target = rec.WarcHeader().Get(gowarc.WarcTargetURI)
	}
	var header http.Header
	if h := blk.HttpHeader(); h != nil {
		header = h.Clone()
	}
	fetched, _ := rec.Date()
	p := Page{URL: target, FinalURL: target, Status: status, Header: header, Fetched: fetched}
	if rec.WarcHeader().Get(gowarc.WarcTruncated) != "" {
		p.Truncated = true
	}
	body, derr := decompress(header.Get("Content-Encoding"), raw, opt.DecompressLimit)
	if derr != nil {
		p.Truncated = true
	}
	p.Body = body
	p.ContentSHA256 = sha256Hex(body)
	u, _ := url.Parse(target)
	if u != nil && attachmentExt[strings.ToLower(filepath.Ext(u.Path))] {
		p.Attachment = true
	}
	ct := header.Get("Content-Type")
	var attached []string
	if !p.Attachment && isHTML(ct, body) {
		d := decodeBody(opt.Decode, body, ct)
		p.Text, p.Encoding, p.EncodingSource = d.Text, d.Encoding, d.Source
		var trunc error
		if p.Truncated {
			trunc = ErrBodyTooLarge // not parsed, so not analysed either (see analysisText)
		}
		if doc, err := goquery.NewDocumentFromReader(strings.NewReader(analysisText(d.Text, trunc, nil, target))); err == nil && u != nil {
			an := analyzePage(doc.Selection, u, true, patterns{})
			p.Title, p.IsReport = an.title, an.isReport
			if an.mainText != "" {
				p.MainTextSHA256 = sha256Hex([]byte(an.mainText))
			}
			for _, l := range an.links {
				if l.attachment {
					attached = append(attached, l.u.String())
				}
			}
		}
	}
	return p, attached, true, nil
}
