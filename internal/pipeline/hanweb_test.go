package pipeline

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/govreports/govreports/crawler/simulator"
	"github.com/govreports/govreports/loader"
)

// The Hanweb portal's 年报 column lists 120 reports, 45 on its page and the
// rest only through the POST data proxy: all 120 are crawled, parsed and
// loaded (embedded target; the server target is exercised by the tests above).
func TestHanwebColumnLoaded(t *testing.T) {
	ctx := context.Background()
	sink, err := loader.Open(ctx, loader.Options{DataDir: t.TempDir(), HelperPath: helperBin})
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()
	if err := sink.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	p := simulator.NewHanweb(simulator.Options{})
	defer p.Close()
	st, err := Run(ctx, crawlConfig(t, p), Options{Sink: sink})
	if err != nil {
		t.Fatal(err)
	}
	want := len(simulator.HanwebExpectedReports())
	if st.Parsed != want || st.Loaded.Reports != want || st.ParseErrors != 0 {
		t.Fatalf("parsed %d, loaded %d, parse errors %d; want %d", st.Parsed, st.Loaded.Reports, st.ParseErrors, want)
	}
	tab, err := sink.Query(ctx, "SELECT countIf(agency LIKE '示例县第%单位'), uniqExact(agency) FROM govreports.reports FINAL")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := tab.Write(&b, "csv"); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(b.String()); !strings.HasSuffix(got, "120,"+strconv.Itoa(want)) {
		t.Fatalf("loaded agencies (年报 column, all): %s; want 120 of the column's and %d in all", got, want)
	}
}
