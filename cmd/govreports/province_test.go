package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/govreports/govreports/crawler/simulator"
)

// run --sites over a made province (what make demo does, smaller): every site crawled at once,
// each site's summary printed in the sites file's order, every report in embedded ClickHouse
// once, each under its site's region.
func TestRunSitesMadeProvince(t *testing.T) {
	const portals, reports = 4, 3
	prov := simulator.NewProvince(portals, func(k int) int { return reports + k }, simulator.Options{CrawlDelay: "0"})
	defer prov.Close()
	sites := filepath.Join(t.TempDir(), "sites.yaml")
	if err := os.WriteFile(sites, prov.SitesYAML(20*time.Millisecond, 0), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOVREPORTS_CHDB_HELPER", helperBin)
	data := t.TempDir()
	r := runCmd(t, nil, "--data", data, "--archive", t.TempDir(), "--state", t.TempDir(), "--spool", t.TempDir(), "--sites", sites, "run")
	if r.code != 0 {
		t.Fatalf("run: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	last := -1
	for k := 0; k < portals; k++ {
		at := strings.Index(r.stdout, simulator.ProvinceSiteName(k)+":")
		if at < last {
			t.Fatalf("site %d's summary missing or out of order:\n%s", k, r.stdout)
		}
		last = at
	}
	r = runCmd(t, nil, "--data", data, "query", "--format", "csv",
		"SELECT region_code, count() AS n, uniqExact(id) AS ids, countIf(status = 'clean') AS clean FROM govreports.reports GROUP BY region_code ORDER BY region_code")
	want := "region_code,n,ids,clean\n990101,3,3,3\n990102,4,4,4\n990103,5,5,5\n990104,6,6,6\n"
	if r.code != 0 || r.stdout != want {
		t.Fatalf("query: exit %d\n%s\nwant\n%s\n%s", r.code, r.stdout, want, r.stderr)
	}
}
