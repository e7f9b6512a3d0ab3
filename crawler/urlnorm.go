package crawler

import (
	"hash/fnv"
	"net"
	"net/url"
	"path"
	"sort"
	"strings"
)

// sessionParams are query keys that carry a session, not content. Keeping
// them would make every visit a new URL (an endless crawl of one page).
var sessionParams = map[string]bool{
	"jsessionid": true, "sid": true, "sessionid": true, "session_id": true,
	"phpsessid": true, "sessid": true, "aspsessionid": true, "cfid": true, "cftoken": true,
}

// normalizeURL resolves ref against base and returns the canonical form used
// for the visited set and the journal: http(s) only, lower-case scheme and
// host, no default port, no fragment, no session ids (";jsessionid=…" path
// parameters or session query keys), dot segments resolved, query keys sorted.
func normalizeURL(base *url.URL, ref string) (*url.URL, error) {
	ref = strings.TrimSpace(ref)
	// Browsers strip tabs and newlines inside href values; old CMS templates
	// rely on it.
	ref = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(ref)
	if ref == "" {
		return nil, ErrScheme
	}
	u, err := url.Parse(ref)
	if err != nil {
		return nil, err
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	return canonical(u)
}

func canonical(u *url.URL) (*url.URL, error) {
	v := *u
	v.Scheme = strings.ToLower(v.Scheme)
	if v.Scheme != "http" && v.Scheme != "https" {
		return nil, ErrScheme
	}
	if v.Host == "" || v.Opaque != "" {
		return nil, ErrScheme
	}
	v.User = nil
	v.Fragment, v.RawFragment = "", ""
	host := strings.ToLower(v.Hostname())
	port := v.Port()
	if (v.Scheme == "http" && port == "80") || (v.Scheme == "https" && port == "443") {
		port = ""
	}
	host = strings.TrimSuffix(host, ".")
	if port != "" {
		v.Host = net.JoinHostPort(host, port)
	} else if strings.Contains(host, ":") {
		v.Host = "[" + host + "]"
	} else {
		v.Host = host
	}
	// ";jsessionid=ABC" is a path parameter in Java servlet URLs.
	p := v.EscapedPath()
	if i := strings.Index(strings.ToLower(p), ";jsessionid="); i >= 0 {
		rest := p[i+1:]
		j := strings.IndexAny(rest, "/?")
		if j < 0 {
			p = p[:i]
		} else {
			p = p[:i] + rest[j:]
		}
	}
	if p == "" {
		p = "/"
	}
	clean := path.Clean(p)
	if strings.HasSuffix(p, "/") && clean != "/" {
		clean += "/"
	}
	if err := setEscapedPath(&v, clean); err != nil {
		return nil, err
	}
	if v.RawQuery != "" {
		v.RawQuery = canonicalQuery(v.RawQuery)
	}
	v.ForceQuery = false
	return &v, nil
}

func setEscapedPath(u *url.URL, escaped string) error {
	p, err := url.PathUnescape(escaped)
	if err != nil {
		return err
	}
	u.Path = p
	u.RawPath = ""
	if u.EscapedPath() != escaped {
		u.RawPath = escaped
	}
	return nil
}

// canonicalQuery drops session keys and sorts the rest by key (stable for
// equal keys), keeping each pair's original escaping.
func canonicalQuery(q string) string {
	parts := strings.FieldsFunc(q, func(r rune) bool { return r == '&' })
	kept := parts[:0]
	for _, kv := range parts {
		k, _, _ := strings.Cut(kv, "=")
		lk := strings.ToLower(k)
		if sessionParams[lk] || strings.HasPrefix(lk, "aspsessionid") {
			continue
		}
		kept = append(kept, kv)
	}
	sort.SliceStable(kept, func(i, j int) bool {
		ki, _, _ := strings.Cut(kept[i], "=")
		kj, _, _ := strings.Cut(kept[j], "=")
		return ki < kj
	})
	return strings.Join(kept, "&")
}

// urlKey is the visited-set key: 64 bits of FNV-1a over the canonical URL.
// Eight bytes per URL keep memory flat on large portals; a collision (odds
// about n²/2⁶⁵) would only skip one URL.
func urlKey(u string) uint64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(u))
	return h.Sum64()
}

// hostAllowed reports whether host (as in URL.Host, possibly with a port)
// matches one of the allowed patterns: "host" (the scheme's default port
// only), "host:port" (only that port), "*.suffix" (the suffix itself and any
// subdomain, default port) or "*.suffix:port". A pattern without a port never
// lets a link or a redirect reach another port of the host: Config.Validate
// adds the port of a start URL on a matching host (allowedWithStartPorts).
func hostAllowed(allowed []string, hostport string) bool {
	host, port := splitHostPort(strings.ToLower(hostport))
	for _, a := range allowed {
		pat, pport := splitHostPort(strings.ToLower(strings.TrimSpace(a)))
		if pport != port {
			continue
		}
		if hostMatches(pat, host) {
			return true
		}
	}
	return false
}

// splitHostPort splits "host:port" ("[::1]:80" too); a host without a port has port "".
func splitHostPort(hostport string) (host, port string) {
	if h, p, err := net.SplitHostPort(hostport); err == nil {
		return h, p
	}
	return strings.Trim(hostport, "[]"), ""
}

func hostMatches(pattern, host string) bool {
	if suf, ok := strings.CutPrefix(pattern, "*."); ok {
		return host == suf || strings.HasSuffix(host, "."+suf)
	}
	return pattern == host
}

// allowedWithStartPorts is allowed plus, for each pattern without a port, the pattern with the
// port of each start URL whose host it matches: --allow www.x.cn with --start
// http://www.x.cn:8080/ allows that port, not every port of the host.
func allowedWithStartPorts(allowed, starts []string) []string {
	out := append([]string(nil), allowed...)
	for _, s := range starts {
		u, err := url.Parse(s)
		if err != nil || u.Port() == "" {
			continue
		}
		host := strings.ToLower(u.Hostname())
		for _, a := range allowed {
			pat, pport := splitHostPort(strings.ToLower(strings.TrimSpace(a)))
			if pport == "" && hostMatches(pat, host) {
				out = append(out, net.JoinHostPort(pat, u.Port()))
			}
		}
	}
	return out
}
