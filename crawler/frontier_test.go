package crawler

import (
	"testing"
	"time"
)

// Leaves before lists: likely reports and attachments go first, then columns and pagers, then
// off-topic pages; FIFO within each. This order is what keeps the queue small on a big column
// (see the queue constants and BenchmarkCrawl's peakLiveMB).
func TestHostQueueOrder(t *testing.T) {
	h := &hostState{}
	now := time.Now()
	for _, it := range []*item{
		{url: "column-2"},
		{url: "news", stray: 1},
		{url: "report-1", report: true},
		{url: "column-3"},
		{url: "report-2.pdf", attachment: true},
		{url: "report-3", report: true},
		{url: "stray-report", report: true, stray: 1}, // off-topic first: its hops count
	} {
		h.queue[queueOf(it)].push(it)
	}
	h.retry = []*item{{url: "retry-later", notBefore: now.Add(time.Hour)}}
	var got []string
	for it := h.pop(now); it != nil; it = h.pop(now) {
		got = append(got, it.url)
	}
	want := []string{"report-1", "report-2.pdf", "report-3", "column-2", "column-3", "news", "stray-report"}
	if len(got) != len(want) {
		t.Fatalf("popped %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("popped %q, want %q", got, want)
		}
	}
	if h.pending() != 1 || h.queued() != 0 {
		t.Fatalf("pending %d queued %d, want the retry only", h.pending(), h.queued())
	}
}

// A link is a likely report by its text or title, never when it is a notice about reports or
// an off-topic link.
func TestAnalyzeReportLinks(t *testing.T) {
	page := `<html><title>政府信息公开年报</title><body><ul>
<li><a href="/a.html">示例局2022年政府信息公开工作年度报告</a></li>
<li><a href="/b.html" title="示例县市场监督管理局2022年政府信息公开工作年度报告">示例县市场监督管理局2022年政…</a></li>
<li><a href="/c.html">关于做好2022年度政府信息公开工作年度报告编制发布工作的通知</a></li>
<li><a href="/d.html">政府信息公开指南</a></li>
<li><a href="index_1.html">下一页</a></li>
</ul></body></html>`
	a := analyze(t, "http://x.cn/zwgk/nb/index.html", page)
	want := map[string]bool{"/a.html": true, "/b.html": true, "/c.html": false, "/d.html": false, "/zwgk/nb/index_1.html": false}
	for _, l := range a.links {
		w, ok := want[l.u.Path]
		if !ok {
			continue
		}
		if l.report != w {
			t.Errorf("%s: report=%v, want %v", l.u.Path, l.report, w)
		}
		delete(want, l.u.Path)
	}
	if len(want) != 0 {
		t.Errorf("links not found: %v", want)
	}
}
