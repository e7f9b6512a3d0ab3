package pipeline

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/govreports/govreports/crawler"
)

func TestFetchLogRoundTrip(t *testing.T) {
	dir := t.TempDir()
	w, err := NewFetchLogWriter(dir, "sim:80", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 1, 2, 3, 4, 6, 0, time.UTC)
	w.Write(crawler.FetchRecord{URL: "http://a.gov.cn/x", Host: "a.gov.cn", Status: 200, Bytes: 10, FetchedAt: at, Outcome: crawler.OutcomeOK, Duration: time.Second})
	w.Write(crawler.FetchRecord{URL: "http://a.gov.cn/private/", Host: "a.gov.cn", Outcome: crawler.OutcomeRobotsDisallowed})
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	files := FetchLogFiles(dir)
	if len(files) != 1 {
		t.Fatalf("files %v", files)
	}
	// A torn last line, as a kill -9 leaves it, is ignored.
	f, _ := os.OpenFile(files[0], os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"URL":"http://a.gov.cn/y","Sta`)
	f.Close()
	r, _ := os.Open(files[0])
	defer r.Close()
	got, err := ReadFetchLog(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Status != 200 || !got[0].FetchedAt.Equal(at) || got[1].Outcome != "robots_disallowed" || got[0].Duration != time.Second {
		t.Fatalf("got %+v", got)
	}
}

// A damaged line in the middle is not a torn tail: the readable rows come back with an error
// naming the line, so `govreports load` loads them and still fails loudly.
func TestFetchLogDamagedLine(t *testing.T) {
	dir := t.TempDir()
	w, err := NewFetchLogWriter(dir, "sim", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	w.Write(crawler.FetchRecord{URL: "http://a.gov.cn/1", Outcome: crawler.OutcomeRetry, Status: 503, Attempts: 1})
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	path := FetchLogFiles(dir)[0]
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("\x00\x00garbage\n")
	f.WriteString(`{"URL":"http://a.gov.cn/1","Status":200,"Outcome":"ok","Attempt":2}` + "\n")
	f.WriteString(`{"URL":"http://a.gov.cn/2","Sta`) // torn tail: not an error
	f.Close()
	r, _ := os.Open(path)
	defer r.Close()
	got, err := ReadFetchLog(r)
	if !errors.Is(err, ErrFetchLogCorrupt) || !strings.Contains(err.Error(), "[2]") {
		t.Fatalf("err = %v, want ErrFetchLogCorrupt naming line 2", err)
	}
	if len(got) != 2 || got[0].Attempt != 1 || got[1].Attempt != 2 || got[1].Status != 200 {
		t.Fatalf("got %+v", got)
	}
}
