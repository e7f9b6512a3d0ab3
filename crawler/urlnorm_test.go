package crawler

import (
	"errors"
	"fmt"
	"net/url"
	"testing"
)

func TestNormalizeURL(t *testing.T) {
	base, _ := url.Parse("http://www.example.gov.cn/zwgk/zfxxgknb/index.html")
	cases := []struct {
		ref, want string
		err       error
	}{
		{"./202301/t20230118_1.html", "http://www.example.gov.cn/zwgk/zfxxgknb/202301/t20230118_1.html", nil},
		{"../index.html", "http://www.example.gov.cn/zwgk/index.html", nil},
		{"HTTP://WWW.Example.GOV.CN:80/a/../b/./c.html#frag", "http://www.example.gov.cn/b/c.html", nil},
		{"https://www.example.gov.cn:443/", "https://www.example.gov.cn/", nil},
		{"/zwgk/index.html;jsessionid=ABC123?x=1", "http://www.example.gov.cn/zwgk/index.html?x=1", nil},
		{"/zwgk/index.html;JSESSIONID=ABC123", "http://www.example.gov.cn/zwgk/index.html", nil},
		{"/col/col123/index.html?uid=5&pageNum=2&sid=77", "http://www.example.gov.cn/col/col123/index.html?pageNum=2&uid=5", nil},
		{"/a?PHPSESSID=1&b=2", "http://www.example.gov.cn/a?b=2", nil},
		{"/a?", "http://www.example.gov.cn/a", nil},
		{"http://www.example.gov.cn", "http://www.example.gov.cn/", nil},
		{" /a\n/b.html ", "http://www.example.gov.cn/a/b.html", nil},
		{"/%E5%B9%B4%E6%8A%A5/", "http://www.example.gov.cn/%E5%B9%B4%E6%8A%A5/", nil},
		{"javascript:void(0)", "", ErrScheme},
		{"mailto:a@b.cn", "", ErrScheme},
		{"ftp://www.example.gov.cn/x", "", ErrScheme},
		{"", "", ErrScheme},
	}
	for _, c := range cases {
		got, err := normalizeURL(base, c.ref)
		if c.err != nil {
			if !errors.Is(err, c.err) {
				t.Errorf("%q: err %v, want %v", c.ref, err, c.err)
			}
			continue
		}
		if err != nil || got.String() != c.want {
			t.Errorf("%q: got %v (%v), want %s", c.ref, got, err, c.want)
		}
	}
}

func TestHostAllowed(t *testing.T) {
	allowed := []string{"www.example.gov.cn", "127.0.0.1:8080", "*.sub.gov.cn"}
	cases := map[string]bool{
		"www.example.gov.cn":      true,
		"www.example.gov.cn:8443": false, // no port in the pattern: the default port only
		"a.sub.gov.cn:22":         false,
		"WWW.EXAMPLE.GOV.CN":      true,
		"example.gov.cn":          false,
		"127.0.0.1:8080":          true,
		"127.0.0.1:9090":          false,
		"127.0.0.1":               false,
		"a.sub.gov.cn":            true,
		"sub.gov.cn":              true,
		"evilsub.gov.cn":          false,
		"www.example.gov.cn.evil": false,
	}
	for host, want := range cases {
		if got := hostAllowed(allowed, host); got != want {
			t.Errorf("%s: %v, want %v", host, got, want)
		}
	}
}

// TestAllowedHostStartPort: --allow HOST without a port means the start URL's port (and the
// default one), not any port of the host: a redirect to another port used to be followed.
func TestAllowedHostStartPort(t *testing.T) {
	given := Config{StartURLs: []string{"http://127.0.0.1:8080/", "http://a.sub.gov.cn:81/x"}, AllowedHosts: []string{"127.0.0.1", "*.sub.gov.cn"}}
	if err := given.Validate(); err != nil {
		t.Fatal(err)
	}
	c := given.withDefaults()
	if len(given.AllowedHosts) != 2 {
		t.Errorf("withDefaults changed the caller's AllowedHosts: %v", given.AllowedHosts)
	}
	for host, want := range map[string]bool{
		"127.0.0.1:8080":  true,
		"127.0.0.1":       true,
		"127.0.0.1:22":    false,
		"127.0.0.1:6379":  false,
		"b.sub.gov.cn:81": true,
		"b.sub.gov.cn":    true,
		"b.sub.gov.cn:22": false,
	} {
		if got := hostAllowed(c.AllowedHosts, host); got != want {
			t.Errorf("%s: %v, want %v (allowed %v)", host, got, want, c.AllowedHosts)
		}
	}
}

func TestTrapGuard(t *testing.T) {
	cases := []struct {
		url  string
		trap bool
	}{
		{"http://x.cn/zwgk/zfxxgknb/202301/t20230118_1.html", false}, // dates in TRS paths are fine
		{"http://x.cn/calendar/index.html", true},
		{"http://x.cn/rili/2023/01/", true},
		{"http://x.cn/event.jsp?date=2023-01-05", true},
		{"http://x.cn/list.jsp?year=2023&month=1", true},
		{"http://x.cn/a/b/a/b/a/b/a.html", true},
		{"http://x.cn/" + string(make([]byte, 0)) + "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q.html", true},
		{"http://x.cn/col/col123/index.html?pageNum=2&uid=5", false},
	}
	for _, c := range cases {
		g := newTrapGuard(100)
		u, _ := url.Parse(c.url)
		if got := g.check(u) != ""; got != c.trap {
			t.Errorf("%s: trap=%v, want %v", c.url, got, c.trap)
		}
	}
	// Query-string explosion: the same path and keys, ever new values.
	g := newTrapGuard(5)
	trapped := 0
	for i := 0; i < 20; i++ {
		u, _ := url.Parse("http://x.cn/list.jsp?sort=" + string(rune('a'+i)) + "&filter=1")
		if g.check(u) != "" {
			trapped++
		}
	}
	if trapped != 15 {
		t.Errorf("explosion: %d trapped, want 15", trapped)
	}
}

// TestTrapGuardRawQuery: a query that url.ParseQuery refuses (a bad escape) is counted like any
// other: 600 URLs of one shape, 200 pass. It was not counted at all (600 of 600 passed).
func TestTrapGuardRawQuery(t *testing.T) {
	cases := []struct {
		name, format string
	}{
		{"valid query", "http://x.cn/list.jsp?p=1&n=%d"},
		{"bad escape in a value", "http://x.cn/list.jsp?p=%%zz&n=%d"},
		{"bad escape in a key", "http://x.cn/list.jsp?%%zz=1&n=%d"},
		{"semicolons", "http://x.cn/list.jsp?p=1;n=%d"},
	}
	for _, c := range cases {
		g := newTrapGuard(200)
		passed := 0
		for i := 0; i < 600; i++ {
			u, err := url.Parse(fmt.Sprintf(c.format, i))
			if err != nil {
				t.Fatal(err)
			}
			if g.check(u) == "" {
				passed++
			}
		}
		if passed != 200 {
			t.Errorf("%s: %d of 600 passed, want 200", c.name, passed)
		}
	}
	// A calendar key is found in a query that does not parse too.
	u, _ := url.Parse("http://x.cn/e.jsp?x=%zz&Date=2023-01-05")
	if newTrapGuard(200).check(u) == "" {
		t.Error("calendar key in an unparsable query not seen")
	}
}
