package crawler

import (
	"errors"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestWARCRoundTripAndTornFile writes two exchanges, cuts the file inside
// the second record (as kill -9 would) and reads it back.
func TestWARCRoundTripAndTornFile(t *testing.T) {
	dir := t.TempDir()
	w, err := openWARC(dir, "x.cn", false, 1<<30, DefaultUserAgent)
	if err != nil {
		t.Fatal(err)
	}
	page := []byte(`<html><head><meta charset="utf-8"><title>示例2022年政府信息公开工作年度报告</title></head><body>正文</body></html>`)
	for i, u := range []string{"http://x.cn/a.html", "http://x.cn/b.html"} {
		pu, _ := url.Parse(u)
		req := &http.Request{Method: "GET", URL: pu, Host: pu.Host, Header: http.Header{"User-Agent": {DefaultUserAgent}}}
		resp := &http.Response{StatusCode: 200, Status: "200 OK", Proto: "HTTP/1.1", Header: http.Header{"Content-Type": {"text/html"}}}
		trunc := ""
		if i == 1 {
			trunc = warcTruncLength
		}
		if err := w.write(req, resp, page, time.Now(), trunc); err != nil {
			t.Fatal(err)
		}
	}
	w.close()
	files, _ := filepath.Glob(filepath.Join(dir, "*.warc"))
	if len(files) != 1 {
		t.Fatalf("files: %v", files)
	}
	var got []Page
	if err := ReadWARC(dir, func(p Page) error { got = append(got, p); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Title != "示例2022年政府信息公开工作年度报告" || string(got[0].Body) != string(page) ||
		got[0].Truncated || !got[1].Truncated || got[0].Encoding != "utf-8" {
		t.Fatalf("read back: %+v", got)
	}

	b, _ := os.ReadFile(files[0])
	torn := filepath.Join(dir, "torn.warc.open")
	os.WriteFile(torn, b[:len(b)-40], 0o644)
	os.Remove(files[0])
	got = nil
	err = ReadWARC(torn, func(p Page) error { got = append(got, p); return nil })
	if !errors.Is(err, ErrTornWARC) {
		t.Errorf("torn file: err %v, want ErrTornWARC", err)
	}
	if len(got) != 2 || got[0].Truncated || !got[1].Truncated {
		t.Errorf("torn file: want the intact page and the cut one marked truncated, got %d", len(got))
	}
}
