package crawler

import (
	"net/url"
	"reflect"
	"testing"
)

func TestFindJPage(t *testing.T) {
	ds := func(n int, nextgroup string) string {
		s := `<datastore>` + nextgroup + `<recordset>`
		for i := 0; i < n; i++ {
			s += `<record><![CDATA[<li><a href="/art/1.html">年报</a></li>]]></record>`
		}
		return s + `</recordset></datastore>`
	}
	ng := `<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&amp;webid=1&amp;columnid=7&amp;unitid=9"></a>]]></nextgroup>`
	cases := []struct {
		name    string
		scripts []string
		ok      bool
		want    jpageColumn // params compared as their encoding
		params  string
		first   string // first batch URL path+query, "" if none
	}{
		{"newer template", []string{ds(45, ""), `$('#7').jpage({ proxyUrl: "/module/web/jpage/dataproxy.jsp", perPage: 15, totalRecord: 120, groupSize: 3,
			ajaxParam: {col:1,appid:1,webid:1,path:'/',columnid:7,webname:'示例县',permissiontype:0} });`},
			true, jpageColumn{proxy: "/module/web/jpage/dataproxy.jsp", total: 120, perPage: 15, batch: 45, inline: 45},
			"appid=1&col=1&columnid=7&path=%2F&permissiontype=0&webid=1&webname=%E7%A4%BA%E4%BE%8B%E5%8E%BF",
			"/module/web/jpage/dataproxy.jsp?endrecord=90&perpage=15&startrecord=46"},
		{"older template: nextgroup parameters, quoted numbers", []string{ds(45, ng), `$(function(){ $('#7').jpage({perPage:'15', totalRecord:'50'}); });`},
			true, jpageColumn{proxy: "/module/web/jpage/dataproxy.jsp", total: 50, perPage: 15, batch: 45, inline: 45},
			"columnid=7&unitid=9&webid=1", "/module/web/jpage/dataproxy.jsp?endrecord=50&perpage=15&startrecord=46"},
		{"total in a variable", []string{ds(15, ng), `var totalRecord = 33; new JPage({perPage: 15, totalRecord: totalRecord, groupSize: 1});`},
			true, jpageColumn{proxy: "/module/web/jpage/dataproxy.jsp", total: 33, perPage: 15, batch: 15, inline: 15},
			"columnid=7&unitid=9&webid=1", "/module/web/jpage/dataproxy.jsp?endrecord=30&perpage=15&startrecord=16"},
		{"all inline", []string{ds(2, ng), `$('#7').jpage({perPage: 15, totalRecord: 2});`},
			true, jpageColumn{proxy: "/module/web/jpage/dataproxy.jsp", total: 2, perPage: 15, batch: 2, inline: 2}, "columnid=7&unitid=9&webid=1", ""},
		{"total from the datastore, no call", []string{`<datastore><totalrecord>60</totalrecord>` + ng[0:0] + `<recordset><record>a</record></recordset></datastore>`},
			true, jpageColumn{total: 60, perPage: 1, batch: 1, inline: 1, unfollowable: "jpage list without ajaxParam or <nextgroup> parameters"}, "", ""},
		{"no parameters: not followable", []string{ds(15, ""), `$('#7').jpage({perPage: 15, totalRecord: 30});`},
			true, jpageColumn{total: 30, perPage: 15, batch: 15, inline: 15, unfollowable: "jpage list without ajaxParam or <nextgroup> parameters"}, "", ""},
		{"no jpage", []string{`createPageHTML(3, 0, "index", "html");`}, false, jpageColumn{}, "", ""},
		{"unclosed call", []string{`$('#7').jpage({perPage: 15, totalRecord: 30`}, false, jpageColumn{}, "", ""},
	}
	page, _ := url.Parse("http://127.0.0.1/col/col7/index.html")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := findJPage(c.scripts)
			if ok != c.ok {
				t.Fatalf("ok = %v, want %v", ok, c.ok)
			}
			if !ok {
				return
			}
			if p := got.params.Encode(); p != c.params {
				t.Errorf("params %q, want %q", p, c.params)
			}
			got.params = nil
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %+v\nwant %+v", got, c.want)
			}
			b, ok := got.firstBatch(page)
			switch {
			case c.first == "" && ok:
				t.Errorf("a first batch %s, want none", b.url)
			case c.first != "" && (!ok || b.url != "http://127.0.0.1"+c.first):
				t.Errorf("first batch %q (%v), want %s", b.url, ok, c.first)
			}
		})
	}
}

func TestJPageBatches(t *testing.T) {
	page, _ := url.Parse("http://127.0.0.1/col/col7/index.html")
	j := jpageColumn{proxy: "/module/web/jpage/dataproxy.jsp", params: url.Values{"columnid": {"7"}}, total: 120, perPage: 15, batch: 45, inline: 45}
	b, ok := j.firstBatch(page)
	var got [][2]int
	for ok {
		got = append(got, [2]int{b.start, b.end})
		b, ok = b.next(0)
	}
	if want := [][2]int{{46, 90}, {91, 120}}; len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("batches %v, want %v", got, want)
	}
	// A total beyond the bound is not believed.
	j.total = 1 << 30
	n := 0
	for b, ok := j.firstBatch(page); ok; b, ok = b.next(j.total) {
		n++
		if b.end > maxJPageRecords {
			t.Fatalf("batch %d–%d past the bound %d", b.start, b.end, maxJPageRecords)
		}
	}
	if want := (maxJPageRecords - 45 + 44) / 45; n != want {
		t.Errorf("%d batches, want %d", n, want)
	}
	// A batch rebuilt from its request continues where it left off.
	r, ok := batchFromRequest("http://127.0.0.1/module/web/jpage/dataproxy.jsp?startrecord=46&endrecord=90&perpage=15", "columnid=7", 120)
	if nb, nok := r.next(0); !ok || !nok || nb.start != 91 || nb.end != 120 || nb.body != "columnid=7" {
		t.Errorf("rebuilt batch %+v → %+v", r, nb)
	}
	if _, ok := batchFromRequest("http://127.0.0.1/x?startrecord=9&endrecord=3", "", 10); ok {
		t.Error("a batch whose range is backwards was rebuilt")
	}
}

func TestJPageAnswer(t *testing.T) {
	base, _ := url.Parse("http://127.0.0.1/col/col7/index.html")
	a := analyzeBatchText(`<?xml version="1.0"?><datastore><totalrecord>120</totalrecord><recordset>
<record><![CDATA[<li><a href="/art/2024/1/1/art_7_46.html" title="示例县第46单位2022年政府信息公开工作年度报告">…</a></li>]]></record>
<record><![CDATA[<li><a href="../../art/2024/1/1/art_7_47.html">示例县第47单位2023年政府信息公开工作年度报告</a></li>]]></record>
</recordset></datastore>`, base, true, patterns{})
	if a.batchRecords != 2 || a.batchTotal != 120 || len(a.links) != 2 {
		t.Fatalf("answer: %d records, total %d, %d links", a.batchRecords, a.batchTotal, len(a.links))
	}
	if a.links[1].u.Path != "/art/2024/1/1/art_7_47.html" || !a.links[0].report || !a.links[1].focused {
		t.Errorf("links %+v", a.links)
	}
	if e := analyzeBatchText(`<datastore><recordset></recordset></datastore>`, base, true, patterns{}); e.batchRecords != 0 || len(e.links) != 0 {
		t.Errorf("empty answer: %+v", e)
	}
}
