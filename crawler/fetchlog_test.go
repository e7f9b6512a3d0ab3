package crawler_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/govreports/govreports/crawler"
)

func TestFetchLogRoundTrip(t *testing.T) {
	dir := t.TempDir()
	w, err := crawler.NewFetchLogWriter(dir, "sim:80", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 1, 2, 3, 4, 6, 0, time.UTC)
	recs := []crawler.FetchRecord{
		{URL: "http://a.gov.cn/x", Host: "a.gov.cn", Status: 200, Bytes: 10, Encoding: "gbk", FetchedAt: at,
			Outcome: crawler.OutcomeOK, Duration: time.Second, ContentSHA256: "ab", Attempts: 2, Depth: 3,
			IsReport: true, Kind: crawler.KindPage, Referrer: "http://a.gov.cn/"},
		{URL: "http://a.gov.cn/private/", Host: "a.gov.cn", Outcome: crawler.OutcomeRobotsDisallowed, Error: "robots"},
		{URL: "http://a.gov.cn/proxy", Kind: crawler.KindDataProxy, RequestBody: "col=1&page=2", Outcome: crawler.OutcomeOK},
	}
	for _, r := range recs {
		w.Write(r)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	files := crawler.FetchLogFiles(dir)
	if len(files) != 1 || !strings.HasPrefix(filepath.Base(files[0]), "sim_80-20260102T030405Z") {
		t.Fatalf("files %v", files)
	}
	raw, _ := os.ReadFile(files[0])
	if !strings.HasPrefix(string(raw), `{"v":2,"url":"http://a.gov.cn/x",`) || !strings.Contains(string(raw), `"duration_ns":1000000000`) {
		t.Errorf("line format changed without a new version:\n%s", raw)
	}
	// A torn last line, as a kill -9 leaves it, is ignored.
	f, _ := os.OpenFile(files[0], os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"v":2,"url":"http://a.gov.cn/y","sta`)
	f.Close()
	r, _ := os.Open(files[0])
	defer r.Close()
	got, err := crawler.ReadFetchLog(r)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, recs) {
		t.Fatalf("read back\n %+v\nwant\n %+v", got, recs)
	}
}

// Logs written before the format had a version (Go field names, Duration in ns, "Attempt") still
// load, every field in place.
func TestFetchLogReadsVersion1(t *testing.T) {
	f, err := os.Open("testdata/fetchlog/v1-www.example.gov.cn-20251103T040506Z.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := crawler.ReadFetchLog(f)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 11, 3, 4, 5, 7, 0, time.UTC)
	const host, ref = "www.example.gov.cn", "http://www.example.gov.cn/zwgk/"
	want := []crawler.FetchRecord{
		{URL: "http://www.example.gov.cn/", Host: host, Status: 200, Bytes: 5120, Encoding: "utf-8", FetchedAt: at,
			Outcome: crawler.OutcomeOK, Duration: 1500 * time.Millisecond,
			ContentSHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", Attempts: 1, Kind: crawler.KindPage},
		{URL: "http://www.example.gov.cn/zwgk/2024/report.html", Host: host, Status: 503, FetchedAt: at.Add(time.Second),
			Outcome: crawler.OutcomeRetry, Duration: 250 * time.Millisecond, Attempts: 1, Depth: 2, Error: "HTTP 503",
			Kind: crawler.KindPage, Referrer: ref},
		{URL: "http://www.example.gov.cn/zwgk/2024/report.html", Host: host, Status: 200, Bytes: 40960, Encoding: "gb18030",
			FetchedAt: at.Add(3 * time.Second), Outcome: crawler.OutcomeOK, Duration: 2 * time.Second, Attempts: 2, Depth: 2,
			IsReport: true, Kind: crawler.KindPage, Referrer: ref},
		{URL: "http://www.example.gov.cn/private/", Host: host, Outcome: crawler.OutcomeRobotsDisallowed, Depth: 1,
			Error: "robots.txt disallows", Kind: crawler.KindPage},
		{URL: "http://www.example.gov.cn/zwgk/2024/report.pdf", Host: host, Status: 200, Bytes: 123456,
			FetchedAt: at.Add(4 * time.Second), Outcome: crawler.OutcomeOK, Duration: 750 * time.Millisecond, Attempts: 1,
			Depth: 3, Kind: crawler.KindAttachment, Referrer: "http://www.example.gov.cn/zwgk/2024/report.html"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("read\n %+v\nwant\n %+v", got, want)
	}
}

// A damaged line in the middle, or a line of a version this build does not know, is not a torn
// tail: the readable rows come back with an error naming the lines, so `govreports load` loads
// them and still fails loudly.
func TestFetchLogDamagedLine(t *testing.T) {
	dir := t.TempDir()
	w, err := crawler.NewFetchLogWriter(dir, "sim", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	w.Write(crawler.FetchRecord{URL: "http://a.gov.cn/1", Outcome: crawler.OutcomeRetry, Status: 503, Attempts: 1})
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	path := crawler.FetchLogFiles(dir)[0]
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("\x00\x00garbage\n")
	f.WriteString(`{"URL":"http://a.gov.cn/1","Status":200,"Outcome":"ok","Attempt":2}` + "\n")
	f.WriteString(`{"v":99,"url":"http://a.gov.cn/1"}` + "\n")
	f.WriteString(`{"v":2,"url":"http://a.gov.cn/1","status":200,"attempts":3}` + "\n")
	f.WriteString(`{"URL":"http://a.gov.cn/2","Sta`) // torn tail: not an error
	f.Close()
	r, _ := os.Open(path)
	defer r.Close()
	got, err := crawler.ReadFetchLog(r)
	if !errors.Is(err, crawler.ErrFetchLogCorrupt) || !strings.Contains(err.Error(), "[2 4]") {
		t.Fatalf("err = %v, want ErrFetchLogCorrupt naming lines 2 and 4", err)
	}
	if len(got) != 3 || got[0].Attempts != 1 || got[1].Attempts != 2 || got[1].Status != 200 || got[2].Attempts != 3 {
		t.Fatalf("got %+v", got)
	}
}
