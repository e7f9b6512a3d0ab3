package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/govreports/govreports/crawler/simulator"
)

type parsedReport struct {
	Report struct {
		URL           string `json:"url"`
		AttachmentURL string `json:"attachment_url"`
		InputFormat   string `json:"input_format"`
		Agency        string `json:"agency"`
		Year          int    `json:"year"`
		Status        string `json:"status"`
		ID            string `json:"id"`
	} `json:"report"`
	Cells []json.RawMessage `json:"cells"`
}

func parseLines(t *testing.T, out string) []parsedReport {
	t.Helper()
	var rs []parsedReport
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var r parsedReport
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("not JSON: %v: %.200s", err, l)
		}
		rs = append(rs, r)
	}
	return rs
}

// govreports parse reads PDF, DOCX and DOC reports (a directory of the made documents).
func TestParseDocuments(t *testing.T) {
	r := runCmd(t, nil, "parse", "--format", "jsonl", "../../parser/testdata/docs/")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	formats := map[string]bool{}
	for _, rep := range parseLines(t, r.stdout) {
		if rep.Report.Status == "clean" && rep.Report.InputFormat != "html" {
			if len(rep.Cells) != 200 {
				t.Errorf("%s report with %d cells", rep.Report.InputFormat, len(rep.Cells))
			}
			formats[rep.Report.InputFormat] = true
		}
	}
	if !formats["pdf"] || !formats["docx"] || !formats["doc"] {
		t.Errorf("clean document reports by format: %v", formats)
	}
}

// A crawl of a portal whose reports are attachments, parsed back from its archive: each
// attachment is its page's report (the page's URL, agency and year; the file's URL kept).
func TestParseArchiveAttachments(t *testing.T) {
	p := simulator.NewCounty(simulator.Options{})
	defer p.Close()
	archive, state := t.TempDir(), t.TempDir()
	r := runCmd(t, nil, "--archive", archive, "--state", state, "crawl", "--start", p.URL()+"/", "--delay", "1ms")
	if r.code != 0 {
		t.Fatalf("crawl: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r = runCmd(t, nil, "parse", "--format", "jsonl", archive)
	if r.code != 0 {
		t.Fatalf("parse: exit %d: %s", r.code, r.stderr)
	}
	var got []string
	for _, rep := range parseLines(t, r.stdout) {
		if rep.Report.AttachmentURL != "" && rep.Report.Status == "clean" {
			got = append(got, strings.Join([]string{strings.TrimPrefix(rep.Report.URL, p.URL()),
				strings.TrimPrefix(rep.Report.AttachmentURL, p.URL()), rep.Report.InputFormat, rep.Report.Agency}, " "))
		}
	}
	slices.Sort(got)
	want := []string{
		simulator.CountyPathHealth2023 + " " + simulator.CountyPathHealthPDF + " pdf " + simulator.CountyHealth2023.Agency,
		simulator.CountyPathHousing2022 + " " + simulator.CountyPathHousingPDF + " docx " + simulator.CountyHousing2022.Agency,
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("attachment reports from the archive:\n got  %q\n want %q", got, want)
	}
}
