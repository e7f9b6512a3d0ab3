package crawler

import (
	"errors"
	"strconv"
)

// Sentinel errors. Callers test them with errors.Is; FetchRecord.Error keeps
// their text so a fetch log row says why a URL was given up.
var (
	// ErrFetchLogCorrupt: a line before the last of a fetch log is not a record.
	ErrFetchLogCorrupt = errors.New("crawler: fetch log line unreadable")
	// ErrInvalidConfig wraps every configuration problem found by Validate.
	ErrInvalidConfig = errors.New("crawler: invalid config")
	// ErrScheme: only http and https are ever fetched.
	ErrScheme = errors.New("crawler: unsupported URL scheme")
	// ErrOffsite: the URL's host is not in the allowed hosts.
	ErrOffsite = errors.New("crawler: host not allowed")
	// ErrRobots: robots.txt disallows the URL for our user agent.
	ErrRobots = errors.New("crawler: disallowed by robots.txt")
	// ErrTrap: the URL looks like a crawler trap (calendar, query explosion,
	// repeated path segments) and is never requested.
	ErrTrap = errors.New("crawler: crawler trap")
	// ErrBodyTooLarge: the body was longer than Config.BodyLimit; what was
	// kept is a prefix and is marked truncated.
	ErrBodyTooLarge = errors.New("crawler: body over limit")
	// ErrDecompressLimit: the decoded (gunzipped) body exceeded
	// Config.DecompressLimit, e.g. a gzip bomb.
	ErrDecompressLimit = errors.New("crawler: decompressed body over limit")
	// ErrTruncated: the connection ended before the declared Content-Length.
	ErrTruncated = errors.New("crawler: body truncated by server")
	// ErrReadTimeout: no byte arrived for Config.ReadTimeout.
	ErrReadTimeout = errors.New("crawler: read timeout")
	// ErrStateLocked: another crawler holds the state directory.
	ErrStateLocked = errors.New("crawler: state directory locked by another process")
	// ErrArchive: a WARC record could not be written (a full disk, a file that cannot be
	// created). The site's crawl stops at the first one: a page fetched but not archived could
	// never be re-parsed. Its page stays pending in the journal and is fetched again on resume.
	ErrArchive = errors.New("crawler: archive write failed")
	// ErrJournal: the state journal could not be written. The site's crawl stops: pages fetched
	// after it would all be fetched again by a resumed run.
	ErrJournal = errors.New("crawler: state journal write failed")
	// ErrFrontier: the frontier several crawler nodes share (Config.Storage, Journal, Hosts:
	// internal/frontier's Redis) could not be reached, or this node lost its claim on the
	// site. The site's crawl stops as on ErrJournal; everything fetched is archived and
	// emitted, and the site is resumed (by this node or another) from the shared journal.
	ErrFrontier = errors.New("crawler: frontier unavailable")
	// ErrRoundDone: the site's journal says its crawl of Config.Round completed already.
	ErrRoundDone = errors.New("crawler: site already crawled in this round")
	// ErrBadWARC: a WARC file could not be read at all.
	ErrBadWARC = errors.New("crawler: unreadable WARC")
)

// HTTPError is the error of a fetch that ended with a status the crawler does
// not treat as success (after retries, if the status was retryable).
type HTTPError struct {
	Status int
	URL    string
}

func (e *HTTPError) Error() string {
	return "crawler: HTTP status " + strconv.Itoa(e.Status) + " for " + e.URL
}
