package simulator

import (
	"fmt"
	"strings"
	"time"
)

// Province is a made province: n portals, each its own httptest server on a
// loopback port of its own (so its own host for the crawler's politeness),
// each publishing its own reports in the synthetic /big/ column (BigOnly: no
// slow or broken pages, so the run measures concurrency, not timeouts). It is
// what the province benchmark and `govreports simulate` serve; nothing about
// it is real but the shapes (TRS list pages with createPageHTML pagers,
// complete report pages on the 2021 form).
type Province struct {
	Portals []*Portal
}

// NewProvince starts n portals; portal k publishes reports(k) reports.
func NewProvince(n int, reports func(k int) int, opts Options) *Province {
	p := &Province{}
	for k := 0; k < n; k++ {
		o := opts
		o.Big, o.BigOnly, o.BigComplete = reports(k), true, true
		o.BigAgency = ProvinceAgency(k)
		p.Portals = append(p.Portals, New(o))
	}
	return p
}

// ProvinceAgency is the agency prefix of portal k's reports.
func ProvinceAgency(k int) string { return fmt.Sprintf("示例省第%d县示例单位", k+1) }

// ProvinceSiteName is the site name of portal k.
func ProvinceSiteName(k int) string { return fmt.Sprintf("示例省第%d县人民政府", k+1) }

// ProvinceRegion is a made 6-digit region code and name for portal k: 99 is
// not a province code of GB/T 2260, so nothing can mistake them for real ones.
func ProvinceRegion(k int) (code, name string) {
	return fmt.Sprintf("99%02d%02d", k/100+1, k%100+1), fmt.Sprintf("示例省第%d县", k+1)
}

// StartURL is portal k's start URL (its report column).
func (p *Province) StartURL(k int) string { return p.Portals[k].URL() + "/big/index.html" }

// SitesYAML is a sites file for the whole province with the given per-host
// delay (negative: none) and parallelism (0: the default). The portals'
// robots.txt Crawl-delay (Options.CrawlDelay, 2s unless set) still applies
// when longer.
func (p *Province) SitesYAML(delay time.Duration, parallelism int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# Made by crawler/simulator.Province: %d portals on 127.0.0.1, none real.\ndefaults:\n  delay: %s\n", len(p.Portals), delay)
	if parallelism > 0 {
		fmt.Fprintf(&b, "  parallelism: %d\n", parallelism)
	}
	b.WriteString("sites:\n")
	for k := range p.Portals {
		code, name := ProvinceRegion(k)
		fmt.Fprintf(&b, "  - name: %s\n    region: {code: %q, name: %s}\n    start_urls: [%s]\n", ProvinceSiteName(k), code, name, p.StartURL(k))
	}
	return []byte(b.String())
}

// Politeness is the province's record (Portal.Politeness) summed over its portals: requests and
// overlaps added up, the largest MaxInFlight of any portal, the shortest MinGap of any. Hosts
// lists the portals whose MaxInFlight is over 1, by index.
func (p *Province) Politeness() (all Politeness, hosts []int) {
	all.MinGap = -1
	for k, pt := range p.Portals {
		r := pt.Politeness()
		all.Requests += r.Requests
		all.Overlaps += r.Overlaps
		all.MaxInFlight = max(all.MaxInFlight, r.MaxInFlight)
		if r.MinGap >= 0 && (all.MinGap < 0 || r.MinGap < all.MinGap) {
			all.MinGap = r.MinGap
		}
		if r.MaxInFlight > 1 {
			hosts = append(hosts, k)
		}
	}
	return all, hosts
}

// Counts is how many times each URL of the province was requested, by full URL
// (http://127.0.0.1:PORT/path?query).
func (p *Province) Counts() map[string]int {
	out := map[string]int{}
	for _, pt := range p.Portals {
		for uri, n := range pt.Counts() {
			out[pt.URL()+uri] = n
		}
	}
	return out
}

// Close stops every portal.
func (p *Province) Close() {
	for _, pt := range p.Portals {
		pt.Close()
	}
}
