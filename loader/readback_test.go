package loader

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/govreports/govreports/parser"
)

// What is loaded reads back as the parser produced it (times in UTC, spans without their text
// but for spam), on both targets.
func TestReadLoadedRoundTrip(t *testing.T) {
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			s := migrated(t, tg)
			ctx := context.Background()
			in := sampleResult("r1")
			in.Report.AttachmentURL = "http://www.example.gov.cn/x.pdf"
			in.Report.Region = parser.Region{Code: "110105", Name: "朝阳区", Province: "北京市", County: "朝阳区",
				Level: "county", BodyType: "government", ParentCode: "110100", Source: "title", DataVersion: "2023"}
			if _, err := s.Load(ctx, []*parser.Result{in}); err != nil {
				t.Fatal(err)
			}
			got, err := ReadLoaded(ctx, s)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 {
				t.Fatalf("%d results read back, want 1", len(got))
			}
			want := *in
			want.Report.Fetched = "2024-03-01T02:20:30Z" // stored as DateTime, read back in UTC
			want.Cells = append([]parser.Cell(nil), in.Cells...)
			want.Cells[3].Flags = []string{} // nil flags are stored as an empty array
			want.Issues = append([]parser.Issue(nil), in.Issues...)
			want.Issues[2].Span = &parser.Span{Start: 10, End: 20, Text: in.Issues[2].Actual}
			// Read order: cells and issues by section, row, col (and rule, message).
			want.Cells = []parser.Cell{want.Cells[1], want.Cells[0], want.Cells[3], want.Cells[2]}
			want.Issues = []parser.Issue{want.Issues[2], want.Issues[1], want.Issues[0]}
			g, _ := json.Marshal(got[0])
			w, _ := json.Marshal(&want)
			if string(g) != string(w) {
				t.Errorf("read back\n %s\nwant\n %s", g, w)
			}
		})
	}
}

// A column the struct does not have, or a value of another type, is an error, not a zero.
func TestScanRejectsMismatch(t *testing.T) {
	var rows []issueRow
	for _, tab := range []*Table{
		{Columns: []string{"nope"}, Rows: [][]any{{"x"}}},
		{Columns: []string{"span_start"}, Rows: [][]any{{"not a number"}}},
		{Columns: []string{"year"}, Rows: [][]any{{uint64(70000)}}}, // overflows UInt16
		{Columns: []string{"message"}, Rows: [][]any{{int64(3)}}},
	} {
		if err := issueCodec.scan(tab, &rows); err == nil {
			t.Errorf("%v %v: no error", tab.Columns, tab.Rows)
		}
	}
}
