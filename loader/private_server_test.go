package loader

import (
	"testing"
)

// exactCounts fails unless the FINAL counts of the three tables are exactly the expected ones.
func exactCounts(t *testing.T, s Sink, reports, cells, issues int) {
	t.Helper()
	for sql, want := range map[string]int{
		"SELECT count() FROM reports FINAL": reports,
		"SELECT count() FROM cells FINAL":   cells,
		"SELECT count() FROM issues FINAL":  issues,
		"SELECT count() FROM cells_current": cells,
	} {
		if got := count(t, s, sql); got != uint64(want) {
			t.Errorf("%s = %d, want %d", sql, got, want)
		}
	}
}
