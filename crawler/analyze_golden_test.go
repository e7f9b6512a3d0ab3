package crawler

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/govreports/govreports/crawler/simulator"
)

// Golden files over archived pages: testdata/analyze holds every HTML page of the two simulated
// portals as they were served (decoded to UTF-8, as the transport hands them to colly), with the
// URL each was fetched from in pages.json; testdata/analyze/golden holds analyzePage's answer for
// each. A change in discovery shows as a diff of these files.
//
//	go test ./crawler -run TestAnalyzeGolden -update         rewrite the answers
//	go test ./crawler -run TestAnalyzeGolden -update-pages   archive the simulator's pages anew (then -update)
var (
	update      = flag.Bool("update", false, "rewrite the golden files of TestAnalyzeGolden")
	updatePages = flag.Bool("update-pages", false, "archive the simulated portals' pages into testdata/analyze")
)

const goldenDir = "testdata/analyze"

type archivedPage struct {
	File string `json:"file"`
	URL  string `json:"url"`
}

// goldenAnalysis is analyzePage's answer in a stable, readable form.
type goldenAnalysis struct {
	URL      string       `json:"url"`
	Title    string       `json:"title"`
	IsReport bool         `json:"is_report"`
	OnTopic  bool         `json:"on_topic"`
	Labels   int          `json:"form_labels"`
	MainText string       `json:"main_text_sha256"`
	Links    []goldenLink `json:"links"`
}

type goldenLink struct {
	URL        string `json:"url"`
	Attachment bool   `json:"attachment,omitempty"`
	OnTopic    bool   `json:"on_topic,omitempty"`
	Report     bool   `json:"report,omitempty"`
}

func TestAnalyzeGolden(t *testing.T) {
	if *updatePages {
		archiveSimulatorPages(t)
	}
	b, err := os.ReadFile(filepath.Join(goldenDir, "pages.json"))
	if err != nil {
		t.Fatal(err)
	}
	var pages []archivedPage
	if err := json.Unmarshal(b, &pages); err != nil {
		t.Fatal(err)
	}
	if len(pages) < 20 {
		t.Fatalf("only %d archived pages", len(pages))
	}
	for _, p := range pages {
		t.Run(p.File, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join(goldenDir, p.File))
			if err != nil {
				t.Fatal(err)
			}
			u, err := url.Parse(p.URL)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(string(body)))
			if err != nil {
				t.Fatal(err)
			}
			a := analyzePage(doc.Selection, u, true, patterns{})
			g := goldenAnalysis{URL: p.URL, Title: a.title, IsReport: a.isReport, OnTopic: a.onTopic, Labels: a.labels, Links: []goldenLink{}}
			if a.mainText != "" {
				s := sha256.Sum256([]byte(a.mainText))
				g.MainText = hex.EncodeToString(s[:8])
			}
			for _, l := range a.links {
				g.Links = append(g.Links, goldenLink{URL: l.u.String(), Attachment: l.attachment, OnTopic: l.focused, Report: l.report})
			}
			got, _ := json.MarshalIndent(g, "", "  ")
			got = append(got, '\n')
			path := filepath.Join(goldenDir, "golden", strings.TrimSuffix(p.File, ".html")+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if string(got) != string(want) {
				t.Errorf("analysis of %s changed (run with -update if intended):\n--- got\n%s\n--- want\n%s", p.File, got, want)
			}
		})
	}
}

// archiveSimulatorPages fetches every HTML page of both simulated portals over HTTP, as a crawl
// would, and keeps it decoded, with a comment saying what it is.
func archiveSimulatorPages(t *testing.T) {
	if err := os.RemoveAll(goldenDir); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(goldenDir, 0o755); err != nil {
		t.Fatal(err)
	}
	var pages []archivedPage
	for _, portal := range []struct {
		name string
		p    *simulator.Portal
	}{{"trs", simulator.New(simulator.Options{})}, {"county", simulator.NewCounty(simulator.Options{})}} {
		for i, path := range portal.p.Paths() {
			resp, err := http.Get(portal.p.URL() + path)
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			ct := resp.Header.Get("Content-Type")
			if err != nil || resp.StatusCode != http.StatusOK || !isHTML(ct, body) || len(body) > 64<<10 {
				continue // the oversize page is the transport's business, not discovery's
			}
			text := decodeBody(defaultDecode, body, ct).Text
			file := fmt.Sprintf("%s-%02d.html", portal.name, i)
			note := fmt.Sprintf("<!-- Made page: %s of crawler/simulator's %s portal, archived (decoded to UTF-8) by TestAnalyzeGolden -update-pages. Not real. -->\n", path, portal.name)
			if err := os.WriteFile(filepath.Join(goldenDir, file), []byte(note+text), 0o644); err != nil {
				t.Fatal(err)
			}
			// The portal's own host is fixed here so the archive does not depend on the port the
			// simulator happened to get (links to its off-site mirror still name theirs).
			pages = append(pages, archivedPage{File: file, URL: "http://www.example-" + portal.name + ".gov.cn" + path})
		}
		portal.p.Close()
	}
	b, _ := json.MarshalIndent(pages, "", "  ")
	if err := os.WriteFile(filepath.Join(goldenDir, "pages.json"), append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}
