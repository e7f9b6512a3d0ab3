package crawler

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nlnwa/gowarc/v2"

	"github.com/govreports/govreports/internal/sitename"
)

// warcWriter archives every request and response with nlnwa/gowarc.
//
// Files are named govreports-<site>-<UTC time>-<pid>-<random>-<serial>.warc[.gz]
// by our own generator, unique per process and site: several crawlers write
// into one archive directory (`crawl --sites` one after another, `serve` at
// the same time), and a name made of time, pid and a per-crawler serial alone
// was shared by two crawlers started in the same second: gowarc creates the
// ".open" file exclusively but renames it over an existing final name, so one
// site's file replaced another's. The random part (crypto/rand) makes names
// unique across crawlers and processes; the generator also never returns a
// name whose file (open or final) exists. gowarc's default
// PatternNameGenerator is not used: it resolves the machine's outbound IP (a
// UDP dial) for every name.
//
// A file being written ends in ".open" (gowarc renames it on Close). After a
// kill -9 the ".open" file stays; it is valid WARC up to its last complete
// record and ReadWARC reads it.
type warcWriter struct {
	w *gowarc.WarcFileWriter
}

type warcNames struct {
	dir    string
	site   string // already safe as a file name part
	ext    string
	serial atomic.Int32
	token  string // random, fixed for the writer
}

func newWarcNames(dir, site, ext string) *warcNames {
	var b [6]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on Linux (Go ≥1.24)
	return &warcNames{dir: dir, site: site, ext: ext, token: hex.EncodeToString(b[:])}
}

// NewWarcfileName is called by gowarc for each new file. The suffixes gowarc
// adds (".gz", ".open") are checked too, so a name is never one that exists.
func (g *warcNames) NewWarcfileName() (string, string) {
	for {
		n := g.serial.Add(1)
		ts := time.Now().UTC().Format("20060102150405")
		name := fmt.Sprintf("govreports-%s-%s-%d-%s-%04d.%s", g.site, ts, os.Getpid(), g.token, n, g.ext)
		if !warcNameTaken(g.dir, name) {
			return g.dir, name
		}
	}
}

func warcNameTaken(dir, name string) bool {
	for _, suffix := range []string{"", ".open", ".gz", ".gz.open"} {
		if _, err := os.Lstat(filepath.Join(dir, name+suffix)); err == nil {
			return true
		}
	}
	return false
}

// openWARC prepares the writer of one crawler; site names its files (see warcNames).
func openWARC(dir, site string, compress bool, maxSize int64, userAgent string) (*warcWriter, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	w := gowarc.NewWarcFileWriter(
		gowarc.WithFileNameGenerator(newWarcNames(dir, sitename.Dir(site), "warc")),
		gowarc.WithCompression(compress),
		// Level 1: a WARC of HTML compresses ~4× at level 1 and barely better
		// at 6, which costs three times the CPU on a 2-core crawl box.
		gowarc.WithCompressionLevel(1),
		gowarc.WithMaxFileSize(maxSize),
		gowarc.WithMaxConcurrentWriters(1),
		gowarc.WithAddWarcConcurrentToHeader(true),
		gowarc.WithWarcInfoFunc(func(b gowarc.WarcRecordBuilder) error {
			_, err := b.WriteString("software: govreports crawler\r\nformat: WARC File Format 1.1\r\n" +
				"http-header-user-agent: " + userAgent + "\r\n" +
				"description: bodies are stored as received after de-chunking; Transfer-Encoding is dropped\r\n")
			return err
		}),
	)
	return &warcWriter{w: w}, nil
}

// truncation reasons, as WARC 1.1 spells them.
const (
	warcTruncLength     = "length"
	warcTruncTime       = "time"
	warcTruncDisconnect = "disconnect"
)

// write archives one exchange. resp may be nil (no response: the request
// record alone is written). body is the response body as read from the wire
// (still gzip-coded if it was).
func (w *warcWriter) write(req *http.Request, resp *http.Response, body []byte, at time.Time, truncated string) error {
	if w == nil {
		return nil
	}
	target := req.URL.String()

	var rb bytes.Buffer
	fmt.Fprintf(&rb, "%s %s HTTP/1.1\r\nHost: %s\r\n", req.Method, req.URL.RequestURI(), req.Host)
	if req.Host == "" {
		rb.Reset()
		fmt.Fprintf(&rb, "%s %s HTTP/1.1\r\nHost: %s\r\n", req.Method, req.URL.RequestURI(), req.URL.Host)
	}
	var reqBody []byte
	if req.GetBody != nil && req.ContentLength > 0 {
		// A POST's form (transport.go keeps it): the request record carries it,
		// so a replay knows which column's records were asked for.
		if rc, err := req.GetBody(); err == nil {
			reqBody, _ = io.ReadAll(io.LimitReader(rc, maxRequestBody))
			rc.Close()
		}
		fmt.Fprintf(&rb, "Content-Length: %d\r\n", len(reqBody))
	}
	_ = req.Header.Write(&rb)
	rb.WriteString("\r\n")
	rb.Write(reqBody)
	reqRec, err := buildRecord(gowarc.Request, target, at, "application/http;msgtype=request", rb.Bytes(), "")
	if err != nil {
		return err
	}
	records := []gowarc.WarcRecord{reqRec}
	if resp != nil {
		var b bytes.Buffer
		proto := resp.Proto
		if proto == "" {
			proto = "HTTP/1.1"
		}
		status := resp.Status
		if status == "" || !strings.HasPrefix(status, fmt.Sprint(resp.StatusCode)) {
			status = fmt.Sprintf("%d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
		}
		fmt.Fprintf(&b, "%s %s\r\n", proto, status)
		h := resp.Header.Clone()
		h.Del("Transfer-Encoding")
		_ = h.Write(&b)
		b.WriteString("\r\n")
		b.Write(body)
		respRec, err := buildRecord(gowarc.Response, target, at, "application/http;msgtype=response", b.Bytes(), truncated)
		if err != nil {
			reqRec.Close()
			return err
		}
		records = append(records, respRec)
	}
	defer func() {
		for _, r := range records {
			r.Close()
		}
	}()
	// The file writer builds records of its own too (warcinfo at each new file): same lock.
	gowarcMu.Lock()
	results := w.w.Write(records...)
	gowarcMu.Unlock()
	for _, res := range results {
		if res.Err != nil {
			return res.Err
		}
	}
	return nil
}

// gowarcMu serialises gowarc calls that touch package globals: every
// NewRecordBuilder (and NewWarcFileReader) calls uuid.EnableRandPool, a
// global write that races with uuid.New in a concurrent Build (found with
// -race, gowarc v2.2.4). Building a record is cheap next to fetching it.
var gowarcMu sync.Mutex

func buildRecord(t gowarc.RecordType, target string, at time.Time, ctype string, block []byte, truncated string) (gowarc.WarcRecord, error) {
	// Default validation on purpose: with ErrIgnore policies gowarc skips the
	// pass that computes WARC-Block-Digest/WARC-Payload-Digest and writes the
	// digest of an empty block instead (seen with v2.2.4).
	gowarcMu.Lock()
	defer gowarcMu.Unlock()
	b := gowarc.NewRecordBuilder(t)
	b.AddWarcHeader(gowarc.WarcTargetURI, target)
	b.AddWarcHeaderTime(gowarc.WarcDate, at)
	b.AddWarcHeader(gowarc.ContentType, ctype)
	if truncated != "" {
		b.AddWarcHeader(gowarc.WarcTruncated, truncated)
	}
	if _, err := b.Write(block); err != nil {
		b.Close()
		return nil, err
	}
	rec, _, err := b.Build()
	if err != nil {
		b.Close()
		return nil, err
	}
	return rec, nil
}

func (w *warcWriter) close() error {
	if w == nil {
		return nil
	}
	gowarcMu.Lock()
	defer gowarcMu.Unlock()
	return w.w.Close()
}
