package crawler

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseSites(t *testing.T) {
	good := `
defaults:
  delay: 2s
sites:
  - name: 示例市人民政府
    region: {code: "320582", name: 江苏省示例市}
    start_urls: [https://www.example.gov.cn/]
    column_patterns: ['/zfxxgknb/']
    schedule: "0 3 * * 1"
    politeness: {parallelism: 2, max_pages: 500}
  - name: 示例区
    start_urls: [http://qu.example.gov.cn/col/col1/index.html]
    allowed_hosts: [qu.example.gov.cn, "*.example.gov.cn"]
`
	s, err := ParseSites([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	c := s.Config(0, Config{StateDir: "/var/lib/govreports"})
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	c = c.withDefaults()
	if c.Delay != 2*time.Second || c.Parallelism != 2 || c.MaxPages != 500 || c.Site.RegionCode != "320582" ||
		c.AllowedHosts[0] != "www.example.gov.cn" || !strings.HasSuffix(c.StateDir, "示例市人民政府") {
		t.Errorf("config: %+v", c)
	}
	bad := []struct{ name, yaml, want string }{
		{"unknown key", "sites:\n  - name: a\n    start_url: [http://x/]\n", "start_url"},
		{"no start", "sites:\n  - name: a\n", "no start URLs"},
		{"region", "sites:\n  - name: a\n    start_urls: [http://x/]\n    region: {code: '32'}\n", "6 digits"},
		{"cron", "sites:\n  - name: a\n    start_urls: [http://x/]\n    schedule: every day\n", "schedule"},
		{"scheme", "sites:\n  - name: a\n    start_urls: [ftp://x/]\n", "http(s)"},
		{"pattern", "sites:\n  - name: a\n    start_urls: [http://x/]\n    report_patterns: ['(']\n", "pattern"},
		{"dup", "sites:\n  - name: a\n    start_urls: [http://x/]\n  - name: a\n    start_urls: [http://y/]\n", "duplicate"},
		{"empty", "sites: []\n", "no sites"},
		{"dot-dot name", "sites:\n  - name: ..\n    start_urls: [http://x/]\n", "cannot be a folder name"},
		{"dot name", "sites:\n  - name: .\n    start_urls: [http://x/]\n", "cannot be a folder name"},
		{"same folder", "sites:\n  - name: a/b\n    start_urls: [http://x/]\n  - name: a_b\n    start_urls: [http://y/]\n", "folder name"},
	}
	for _, b := range bad {
		_, err := ParseSites([]byte(b.yaml))
		if !errors.Is(err, ErrInvalidConfig) || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%s: %v", b.name, err)
		}
	}
}
