package loader

import (
	"net/url"
	"time"
)

// Fetch is one row of the fetches table: one HTTP fetch by the crawler. The command converts the
// crawler's log entries to it, so the crawler does not depend on this package.
type Fetch struct {
	URL           string
	Host          string // derived from URL when empty
	Status        uint16 // HTTP status, 0 when no response
	Bytes         uint64
	Encoding      string
	FetchedAt     time.Time
	Outcome       string // e.g. ok, not_modified, robots, error
	Duration      time.Duration
	ContentSHA256 string
	Error         string
	// Attempt is 1 for the first request of a URL in a crawl, 2 for its first retry, …; it is part
	// of the table's key, so a failure and its retry within one second are two rows.
	Attempt uint16
	// Kind is page, attachment or robots; Referrer the page that linked the URL; Depth the link
	// hops from a start URL; IsReport whether the page was recognised as a report.
	Kind     string
	Referrer string
	Depth    uint16
	IsReport bool
}

// fetchRow is a row of the fetches table (00001, 00005_fetch_attempts, 00006_fetch_context).
type fetchRow struct {
	URL           string    `ch:"url"`
	Host          string    `ch:"host"`
	Status        uint16    `ch:"status"`
	Bytes         uint64    `ch:"bytes"`
	Encoding      string    `ch:"encoding"`
	FetchedAt     time.Time `ch:"fetched_at"`
	Outcome       string    `ch:"outcome"`
	DurationMS    uint32    `ch:"duration_ms"`
	ContentSHA256 string    `ch:"content_sha256"`
	Error         string    `ch:"error"`
	Version       uint64    `ch:"version"` // before the columns of 00005 and 00006, which ALTER added
	Attempt       uint16    `ch:"attempt"`
	Kind          string    `ch:"kind"`
	Referrer      string    `ch:"referrer"`
	Depth         uint16    `ch:"depth"`
	IsReport      uint8     `ch:"is_report"`
}

func fetchRows(fs []Fetch, version uint64) []fetchRow {
	rows := make([]fetchRow, 0, len(fs))
	for _, f := range fs {
		host := f.Host
		if host == "" {
			if u, err := url.Parse(f.URL); err == nil {
				host = u.Hostname()
			}
		}
		at := f.FetchedAt.UTC().Truncate(time.Second)
		if at.Before(epoch) || at.Year() > 2105 {
			at = epoch
		}
		ms := f.Duration.Milliseconds()
		if ms < 0 {
			ms = 0
		}
		rows = append(rows, fetchRow{
			URL: f.URL, Host: host, Status: f.Status, Bytes: f.Bytes, Encoding: f.Encoding,
			FetchedAt: at, Outcome: f.Outcome, DurationMS: uint32(min(ms, 1<<32-1)),
			ContentSHA256: f.ContentSHA256, Error: f.Error, Attempt: f.Attempt,
			Kind: f.Kind, Referrer: f.Referrer, Depth: f.Depth, IsReport: boolByte(f.IsReport), Version: version,
		})
	}
	return rows
}
