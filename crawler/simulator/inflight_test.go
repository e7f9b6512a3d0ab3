package simulator

import (
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"
)

func get(t *testing.T, c *http.Client, url string) {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Error(err)
		return
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

// waitInFlight waits until the portal serves n requests at once.
func waitInFlight(t *testing.T, p *Portal, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for p.InFlight() < n {
		if time.Now().After(deadline) {
			t.Fatalf("portal never served %d requests at once", n)
		}
		time.Sleep(time.Millisecond)
	}
}

// The recorder must see an overlap when there is one (else "never two at once" could not fail)
// and must not see one when a client sends its requests one after another, on one kept-alive
// connection, with bodies larger than the server's write buffer.
func TestPolitenessRecorder(t *testing.T) {
	tests := []struct {
		name          string
		do            func(t *testing.T, p *Portal)
		maxInFlight   int
		overlaps      int
		requests      int
		minGapAtLeast time.Duration
	}{
		{"two at once", func(t *testing.T, p *Portal) {
			var wg sync.WaitGroup
			for i := range 2 {
				wg.Add(1)
				go func() { defer wg.Done(); get(t, http.DefaultClient, p.URL()+"/robots.txt") }()
				waitInFlight(t, p, i+1) // the second starts while the first is held
			}
			wg.Wait()
		}, 2, 1, 2, -1},
		{"three at once", func(t *testing.T, p *Portal) {
			var wg sync.WaitGroup
			for i := range 3 {
				wg.Add(1)
				go func() { defer wg.Done(); get(t, &http.Client{}, p.URL()+"/big/index.html") }()
				waitInFlight(t, p, i+1)
			}
			wg.Wait()
		}, 3, 2, 3, -1},
		{"one after another, with a gap", func(t *testing.T, p *Portal) {
			c := &http.Client{}
			for _, path := range []string{"/robots.txt", "/big/index.html", "/big/index.html"} {
				get(t, c, p.URL()+path)
				time.Sleep(30 * time.Millisecond)
			}
		}, 1, 0, 3, 30 * time.Millisecond},
		{"one after another, big bodies, keep-alive", func(t *testing.T, p *Portal) {
			c := &http.Client{}
			for i := range 4 { // report pages: tens of KB, written in several chunks
				get(t, c, fmt.Sprintf("%s/big/2023/t_%d.html", p.URL(), i))
			}
		}, 1, 0, 4, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := New(Options{BigOnly: true, Big: 40, Latency: 50 * time.Millisecond})
			defer p.Close()
			tt.do(t, p)
			got := p.Politeness()
			if got.MaxInFlight != tt.maxInFlight || got.Overlaps != tt.overlaps || got.Requests != tt.requests {
				t.Fatalf("politeness = %+v; want max %d, overlaps %d, requests %d", got, tt.maxInFlight, tt.overlaps, tt.requests)
			}
			if tt.minGapAtLeast >= 0 && got.MinGap < tt.minGapAtLeast {
				t.Fatalf("min gap %v, want at least %v", got.MinGap, tt.minGapAtLeast)
			}
			if p.InFlight() != 0 {
				t.Fatalf("%d requests still in flight after every response was read", p.InFlight())
			}
		})
	}
}

// The province's record: the portal with an overlap is named, the others are not, and the
// counts are by full URL.
func TestProvincePoliteness(t *testing.T) {
	prov := NewProvince(3, func(int) int { return 2 }, Options{Latency: 50 * time.Millisecond})
	defer prov.Close()
	for k := range prov.Portals {
		get(t, http.DefaultClient, prov.StartURL(k))
	}
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Add(1)
		go func() { defer wg.Done(); get(t, &http.Client{}, prov.StartURL(1)) }()
		waitInFlight(t, prov.Portals[1], i+1)
	}
	wg.Wait()
	all, hosts := prov.Politeness()
	if all.MaxInFlight != 2 || all.Overlaps != 1 || all.Requests != 5 || len(hosts) != 1 || hosts[0] != 1 {
		t.Fatalf("province politeness = %+v, hosts over 1: %v; want max 2, 1 overlap, 5 requests, host 1", all, hosts)
	}
	counts := prov.Counts()
	if counts[prov.StartURL(0)] != 1 || counts[prov.StartURL(1)] != 3 || len(counts) != 3 {
		t.Fatalf("counts = %v", counts)
	}
}
