package crawler

import (
	"net/url"
	"sort"
	"strings"
)

// trapGuard refuses URLs that would make the crawl endless: calendars (one
// page per day, forever), query strings that multiply (sort × filter × page),
// and paths that loop (relative links resolving to /a/b/a/b/…). Refused URLs
// are recorded with OutcomeTrap and never requested.
type trapGuard struct {
	maxVariants int
	variants    map[uint64]int // (host, path, sorted query keys) → distinct URLs seen
}

const (
	maxURLLength    = 1024
	maxPathSegments = 16
	maxSegmentRepet = 3
)

var (
	// Query keys that select a day/month in a calendar or an archive-by-date
	// widget. TRS report paths also carry dates (/202301/t20230118_1.html),
	// so dates in the *path* are not a trap by themselves.
	calendarKeys = map[string]bool{
		"date": true, "day": true, "month": true, "year": true, "calendar": true,
		"cal": true, "rq": true, "riqi": true, "ym": true, "week": true,
	}
	calendarPath = lazyRegexp(`(?i)/(calendar|rili|kalender|cal)(/|\.|$)`)
)

func newTrapGuard(maxVariants int) *trapGuard {
	return &trapGuard{maxVariants: maxVariants, variants: map[uint64]int{}}
}

// check returns a short reason when u is a trap, "" otherwise. It counts u
// towards its shape's budget, so call it once per new URL.
func (t *trapGuard) check(u *url.URL) string {
	s := u.String()
	if len(s) > maxURLLength {
		return "url too long"
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(segs) > maxPathSegments {
		return "too many path segments"
	}
	count := map[string]int{}
	for _, seg := range segs {
		if seg == "" {
			continue
		}
		count[seg]++
		if count[seg] >= maxSegmentRepet {
			return "repeated path segment " + seg
		}
	}
	if calendarPath().MatchString(u.Path) {
		return "calendar path"
	}
	if u.RawQuery == "" {
		return ""
	}
	keys := queryKeys(u.RawQuery)
	for _, k := range keys {
		if calendarKeys[k] {
			return "calendar query " + k
		}
	}
	shape := urlKey(u.Host + "|" + u.Path + "|" + strings.Join(keys, "&"))
	t.variants[shape]++
	if t.variants[shape] > t.maxVariants {
		return "query-string explosion"
	}
	return ""
}

// queryKeys are the distinct keys of a raw query, lower-cased and sorted. They are read from the
// raw text, field by field: url.ParseQuery gives up on the whole query at one bad escape
// ("?p=%zz&n=1"), and a trap with such a query went uncounted. A key that does not unescape is
// kept as written.
func queryKeys(raw string) []string {
	seen := map[string]bool{}
	var keys []string
	for _, field := range strings.FieldsFunc(raw, func(r rune) bool { return r == '&' || r == ';' }) {
		k, _, _ := strings.Cut(field, "=")
		if uk, err := url.QueryUnescape(k); err == nil {
			k = uk
		}
		k = strings.ToLower(k)
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}
