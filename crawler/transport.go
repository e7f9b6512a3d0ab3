package crawler

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gocolly/colly/v2"
)

// fetchIDHeader ties an HTTP request made by colly to the exchange record
// the worker reads afterwards. colly gives a RoundTripper no per-request
// context of its own, but it does pass our headers through; the transport
// removes this one before anything goes on the wire or into the archive.
const fetchIDHeader = "X-Govreports-Fetch-Id"

// exchange is everything the transport learned about one request.
type exchange struct {
	started  time.Time
	duration time.Duration
	status   int
	header   http.Header
	payload  []byte // body after content-coding removed (charset untouched)
	wire     int64  // bytes read from the connection
	trunc    error  // ErrBodyTooLarge, ErrTruncated or ErrDecompressLimit: payload is a prefix
	err      error  // no usable response: timeout, network error, …
	archive  error  // the WARC write failed (wraps ErrArchive): the site stops
	// record is the exchange as it went over the wire, for the archive:
	// colly's OnResponse or OnError callback writes it (archive.go).
	record  *warcExchange
	html    bool
	decoded Decoded

	// robotsRule is the host's LimitRule when this is its robots.txt: the
	// transport reads the rules (robots) and sets the rule's delay to their
	// Crawl-delay before colly waits it out. colly's own robots support
	// knows no Crawl-delay.
	robotsRule *colly.LimitRule
	robots     *robotsRules
}

// recordingTransport sits under colly's http.Client. It enforces what colly
// cannot: an explicit body limit that *reports* truncation (colly's
// MaxBodySize cuts silently), a decompression limit, an idle read timeout,
// http/https only; it archives every request and response to WARC and
// decodes HTML to UTF-8 with internal/charset before colly sees the body.
type recordingTransport struct {
	base *http.Transport
	cfg  *Config
	warc *warcWriter
	log  *slog.Logger

	mu   sync.Mutex
	live map[string]*exchange
}

func newTransport(cfg *Config, w *warcWriter, log *slog.Logger) *recordingTransport {
	dialer := &net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second}
	if !cfg.AllowPrivateNetworks {
		dialer.Control = dialControl // dialguard.go: after DNS, at connect time
	}
	base := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   cfg.ConnectTimeout,
		ResponseHeaderTimeout: cfg.ReadTimeout,
		MaxIdleConns:          64,
		MaxIdleConnsPerHost:   cfg.Parallelism + 2,
		IdleConnTimeout:       90 * time.Second,
		// We ask for gzip ourselves and decode it under our own limit; Go's
		// transparent decompression would hide the wire size and has no cap.
		DisableCompression: true,
	}
	return &recordingTransport{base: base, cfg: cfg, warc: w, log: log, live: map[string]*exchange{}}
}

func (t *recordingTransport) register(id string, ex *exchange) {
	t.mu.Lock()
	t.live[id] = ex
	t.mu.Unlock()
}

func (t *recordingTransport) unregister(id string) {
	t.mu.Lock()
	delete(t.live, id)
	t.mu.Unlock()
}

var errRequestTimeout = errors.New("crawler: request timeout")

func (t *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	id := req.Header.Get(fetchIDHeader)
	t.mu.Lock()
	ex := t.live[id]
	t.mu.Unlock()
	if ex == nil {
		ex = &exchange{} // a request we did not start (should not happen); still archived
	}
	// colly's LimitRule has paced the host (the previous request's delay is
	// over); only now take a slot of the fleet's cap, so a host waiting out
	// its delay never holds one (fleet.go).
	if err := t.cfg.Fleet.acquire(req.Context()); err != nil {
		ex.err = err
		return nil, err
	}
	defer t.cfg.Fleet.release()
	ex.started = time.Now()

	req = req.Clone(req.Context())
	req.Header.Del(fetchIDHeader)
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		ex.err = ErrScheme
		return nil, ErrScheme
	}
	req.Header.Set("Accept-Encoding", "gzip, deflate")
	if err := keepRequestBody(req); err != nil {
		ex.err = err
		return nil, err
	}

	ctx, cancel := context.WithCancelCause(req.Context())
	defer cancel(nil)
	idle := time.AfterFunc(t.cfg.ReadTimeout, func() { cancel(ErrReadTimeout) })
	defer idle.Stop()
	total := time.AfterFunc(t.cfg.RequestTimeout, func() { cancel(errRequestTimeout) })
	defer total.Stop()

	resp, err := t.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		if cause := context.Cause(ctx); cause != nil && ctx.Err() != nil {
			err = fmt.Errorf("%w: %v", cause, err)
		}
		ex.err = err
		ex.duration = time.Since(ex.started)
		ex.record = &warcExchange{req: req, at: ex.started}
		return nil, err
	}
	defer resp.Body.Close()

	raw, readErr := t.readBody(resp.Body, idle)
	ex.wire = int64(len(raw))
	truncReason := ""
	switch {
	case errors.Is(readErr, ErrBodyTooLarge):
		ex.trunc, truncReason = ErrBodyTooLarge, warcTruncLength
	case errors.Is(readErr, io.ErrUnexpectedEOF):
		ex.trunc, truncReason = ErrTruncated, warcTruncDisconnect
	case readErr != nil:
		cause := context.Cause(ctx)
		if cause == nil {
			cause = readErr
		}
		ex.err = fmt.Errorf("%w: after %d bytes", cause, len(raw))
		truncReason = warcTruncTime
	}
	ex.record = &warcExchange{req: req, resp: resp, raw: raw, at: ex.started, truncated: truncReason}
	ex.duration = time.Since(ex.started)
	ex.status = resp.StatusCode
	ex.header = resp.Header.Clone()
	if ex.err != nil {
		return nil, ex.err
	}

	payload, derr := decompress(resp.Header.Get("Content-Encoding"), raw, t.cfg.DecompressLimit)
	if derr != nil {
		if errors.Is(derr, ErrDecompressLimit) {
			ex.trunc = ErrDecompressLimit
		} else if ex.trunc == nil {
			// A gzip stream cut short is the same truncation seen one layer up.
			ex.trunc = ErrTruncated
		}
	}
	ex.payload = payload
	if ex.robotsRule != nil {
		// Still inside colly's Do for this host: the delay it sleeps after we
		// return is the one set here, and no other request to the host is in
		// flight (the frontier sends robots.txt alone), so nothing races.
		ex.robots = robotsFromResponse(resp.StatusCode, payload, t.cfg.UserAgent)
		ex.robotsRule.Delay = hostDelay(t.cfg, ex.robots)
	}

	h := resp.Header.Clone()
	h.Del("Content-Encoding")
	h.Del("Content-Length")
	body := payload
	ct := resp.Header.Get("Content-Type")
	if resp.StatusCode/100 == 2 && isHTML(ct, payload) {
		ex.html = true
		ex.decoded = decodeBody(t.cfg.Decode, payload, ct)
		body = []byte(analysisText(ex.decoded.Text, ex.trunc, t.log, req.URL.String()))
		// colly converts bodies by the header charset on its own; telling it
		// the body is UTF-8 (which it now is) keeps it from "fixing" it again.
		h.Set("Content-Type", "text/html; charset=utf-8")
	} else if mt, _, err := mime.ParseMediaType(ct); err == nil {
		// Nor any other body: colly would convert a PDF or a robots.txt by
		// its charset parameter, and fail on one it does not know before any
		// callback (the crawler reads ex.payload, as received, anyway).
		h.Set("Content-Type", mt)
	} else {
		h.Set("Content-Type", "application/octet-stream")
	}
	return &http.Response{
		Status:        resp.Status,
		StatusCode:    resp.StatusCode,
		Proto:         resp.Proto,
		ProtoMajor:    resp.ProtoMajor,
		ProtoMinor:    resp.ProtoMinor,
		Header:        h,
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
		TLS:           resp.TLS,
	}, nil
}

// maxRequestBody bounds a request body the crawler sends (a data proxy's
// form, hanweb.go): it is made from a page's script, so it is small.
const maxRequestBody = 64 << 10

// keepRequestBody reads a request's body once so that it can be sent and
// archived alike: GetBody hands the archive (warc.go) its own copy.
func keepRequestBody(req *http.Request) error {
	if req.Body == nil || req.Body == http.NoBody {
		return nil
	}
	b, err := io.ReadAll(io.LimitReader(req.Body, maxRequestBody+1))
	req.Body.Close()
	if err != nil {
		return fmt.Errorf("crawler: request body: %w", err)
	}
	if len(b) > maxRequestBody {
		return fmt.Errorf("crawler: request body over %d bytes", maxRequestBody)
	}
	if len(b) == 0 {
		// colly hands an empty reader for a GET: none it is, or net/http would
		// send a GET with a chunked body of unknown length.
		req.Body, req.GetBody, req.ContentLength = http.NoBody, nil, 0
		return nil
	}
	req.ContentLength = int64(len(b))
	req.Body = io.NopCloser(bytes.NewReader(b))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	return nil
}

// readBody reads up to BodyLimit bytes, pushing the idle timer forward on
// every read. Past the limit it stops reading and returns the prefix with
// ErrBodyTooLarge: the caller records the page as truncated.
func (t *recordingTransport) readBody(r io.Reader, idle *time.Timer) ([]byte, error) {
	var buf bytes.Buffer
	chunk := make([]byte, 32<<10)
	limit := t.cfg.BodyLimit
	for {
		n, err := r.Read(chunk)
		if n > 0 {
			idle.Reset(t.cfg.ReadTimeout)
			if int64(buf.Len()+n) > limit {
				buf.Write(chunk[:limit-int64(buf.Len())])
				return buf.Bytes(), ErrBodyTooLarge
			}
			buf.Write(chunk[:n])
		}
		if err == io.EOF {
			return buf.Bytes(), nil
		}
		if err != nil {
			return buf.Bytes(), err
		}
	}
}

// decompress removes gzip/deflate content-coding, reading at most limit
// decoded bytes. A body that claims gzip but is not (a common server
// misconfiguration) is returned as it is.
func decompress(encoding string, raw []byte, limit int64) ([]byte, error) {
	var r io.Reader
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "", "identity":
		return raw, nil
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return raw, nil
		}
		defer zr.Close()
		r = zr
	case "deflate":
		// "deflate" is zlib-wrapped by the spec, raw deflate in practice too.
		if zr, err := zlib.NewReader(bytes.NewReader(raw)); err == nil {
			defer zr.Close()
			r = zr
		} else {
			r = flate.NewReader(bytes.NewReader(raw))
		}
	default:
		return raw, nil
	}
	out, err := io.ReadAll(io.LimitReader(r, limit+1))
	if int64(len(out)) > limit {
		return out[:limit], ErrDecompressLimit
	}
	if err != nil {
		return out, err
	}
	return out, nil
}
