package frontier

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/internal/testenv"
	"github.com/govreports/govreports/parser"
)

// The frontier against a real redis-server of the test's own (testenv.StartRedis).

func open(t *testing.T, r *testenv.Redis, node string, lease time.Duration) *Frontier {
	t.Helper()
	f, err := Open(context.Background(), Options{URL: r.URL(), Node: node, Lease: lease})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func claim(t *testing.T, f *Frontier, site string, round Round) (*Claim, ClaimState, time.Duration) {
	t.Helper()
	c, st, wait, err := f.Claim(context.Background(), site, round)
	if err != nil {
		t.Fatal(err)
	}
	return c, st, wait
}

func TestClaimOneNodeAtATimeAndOncePerRound(t *testing.T) {
	r := testenv.StartRedis(t)
	a, b := open(t, r, "a", 5*time.Second), open(t, r, "b", 5*time.Second)
	r1 := Round{Kind: "run", N: 1}

	ca, st, _ := claim(t, a, "s", r1)
	if st != Claimed || ca.TakenOverFrom != "" {
		t.Fatalf("a: state %v, taken over from %q; want a plain claim", st, ca.TakenOverFrom)
	}
	if _, st, wait := claim(t, b, "s", r1); st != HeldElsewhere || wait <= 0 || wait > 5*time.Second {
		t.Fatalf("b while a holds it: state %v wait %v; want held, wait within the lease", st, wait)
	}
	if _, st, _ := claim(t, b, "other", r1); st != Claimed {
		t.Fatalf("b on another site: %v, want claimed", st)
	}
	if _, err := ca.Configure(crawler.Config{}).Storage.(*siteStorage).VisitOnce(7); err != nil {
		t.Fatal(err)
	}
	if err := ca.Done(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n, _ := a.rdb.Exists(context.Background(), a.siteKey("s", "visited")).Result(); n != 0 {
		t.Error("the visited set outlived the site's round in Redis's memory")
	}
	if _, st, _ := claim(t, b, "s", r1); st != DoneInRound {
		t.Fatalf("b after a finished the round: %v, want done", st)
	}
	if _, st, _ := claim(t, b, "s", Round{Kind: "serve", N: 1}); st != Claimed {
		t.Fatalf("b in a serve round of the same number: %v, want claimed (kinds count apart)", st)
	}
}

func TestReleasedClaimIsFreeNotDone(t *testing.T) {
	r := testenv.StartRedis(t)
	a, b := open(t, r, "a", 5*time.Second), open(t, r, "b", 5*time.Second)
	r1 := Round{Kind: "run", N: 1}
	ca, _, _ := claim(t, a, "s", r1)
	if err := ca.Release(context.Background()); err != nil {
		t.Fatal(err)
	}
	cb, st, _ := claim(t, b, "s", r1)
	if st != Claimed || cb.TakenOverFrom != "" {
		t.Fatalf("after a release: %v from %q; want an ordinary claim (a release is no takeover)", st, cb.TakenOverFrom)
	}
}

func TestDeadNodesClaimExpiresAndIsTakenOver(t *testing.T) {
	r := testenv.StartRedis(t)
	lease := 600 * time.Millisecond
	a, b := open(t, r, "a", lease), open(t, r, "b", lease)
	r1 := Round{Kind: "run", N: 1}
	if _, st, _ := claim(t, a, "s", r1); st != Claimed {
		t.Fatal(st)
	}
	// Renewed while a lives: still held after several leases.
	time.Sleep(2 * lease)
	if _, st, _ := claim(t, b, "s", r1); st != HeldElsewhere {
		t.Fatalf("a alive after two leases: b got %v, want held (renewal)", st)
	}
	a.keeper.stop() // a dies: nothing renews its claim
	deadline := time.Now().Add(3 * lease)
	for {
		cb, st, wait := claim(t, b, "s", r1)
		if st == Claimed {
			if cb.TakenOverFrom != "a" {
				t.Fatalf("taken over from %q, want a", cb.TakenOverFrom)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a's claim did not expire within %v of its death", 3*lease)
		}
		time.Sleep(min(wait, 100*time.Millisecond))
	}
	n, err := b.rdb.Get(context.Background(), b.siteKey("s", "takeovers")).Int()
	if err != nil || n != 1 {
		t.Fatalf("takeovers counted %d (%v), want 1", n, err)
	}
}

func journalOf(c *Claim) crawler.JournalStore { return c.Configure(crawler.Config{}).Journal }

func readAll(t *testing.T, j crawler.JournalStore) []string {
	t.Helper()
	var out []string
	if err := j.Read(func(l []byte) bool { out = append(out, string(l)); return true }); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestJournalAppendReadReplaceAndTornTail(t *testing.T) {
	r := testenv.StartRedis(t)
	f := open(t, r, "a", 5*time.Second)
	c, _, _ := claim(t, f, "s", Round{Kind: "run", N: 1})
	j := journalOf(c)
	if got := readAll(t, j); len(got) != 0 {
		t.Fatalf("new journal holds %q", got)
	}
	// More lines than one call takes, to cross the batch boundary.
	var b bytes.Buffer
	for i := 0; i < 2*linesPerCall+7; i++ {
		fmt.Fprintf(&b, "{\"i\":%d}\n", i)
	}
	if err := j.Append(b.Bytes(), true); err != nil {
		t.Fatal(err)
	}
	got := readAll(t, j)
	if len(got) != 2*linesPerCall+7 || got[0] != `{"i":0}` || got[len(got)-1] != fmt.Sprintf(`{"i":%d}`, 2*linesPerCall+6) {
		t.Fatalf("read back %d lines, first %q last %q", len(got), got[0], got[len(got)-1])
	}

	// A reader that stops at line 5 (a line it cannot trust): the next append drops the rest.
	j2 := journalOf(c)
	n := 0
	if err := j2.Read(func([]byte) bool { n++; return n <= 5 }); err != nil {
		t.Fatal(err)
	}
	if err := j2.Append([]byte("{\"after\":1}\n"), false); err != nil {
		t.Fatal(err)
	}
	got = readAll(t, journalOf(c))
	if len(got) != 6 || got[4] != `{"i":4}` || got[5] != `{"after":1}` {
		t.Fatalf("after a stop at line 6 and an append: %q", got)
	}

	// Replace swaps the journal whole; writes may cut lines anywhere.
	err := j2.Replace(func(w io.Writer) error {
		for _, part := range []string{"{\"v\":", "1}\n{\"v\"", ":2}\n"} {
			if _, err := io.WriteString(w, part); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, journalOf(c)); strings.Join(got, " ") != `{"v":1} {"v":2}` {
		t.Fatalf("after Replace: %q", got)
	}
	// Replace with nothing empties it.
	if err := j2.Replace(func(io.Writer) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, journalOf(c)); len(got) != 0 {
		t.Fatalf("after an empty Replace: %q", got)
	}
}

// A node that lost its claim must not write into the journal of the node that took the site.
func TestJournalWritesAreFencedByTheClaim(t *testing.T) {
	r := testenv.StartRedis(t)
	lease := 500 * time.Millisecond
	a, b := open(t, r, "a", lease), open(t, r, "b", lease)
	r1 := Round{Kind: "run", N: 1}
	ca, _, _ := claim(t, a, "s", r1)
	ja := journalOf(ca)
	if err := ja.Append([]byte("{\"by\":\"a\"}\n"), false); err != nil {
		t.Fatal(err)
	}
	a.keeper.stop() // a stalls past its lease
	var cb *Claim
	for deadline := time.Now().Add(3 * lease); cb == nil; {
		c, st, _ := claim(t, b, "s", r1)
		if st == Claimed {
			cb = c
		} else if time.Now().After(deadline) {
			t.Fatal("a's claim never expired")
		}
		time.Sleep(50 * time.Millisecond)
	}
	jb := journalOf(cb)
	if err := jb.Append([]byte("{\"by\":\"b\"}\n"), false); err != nil {
		t.Fatal(err)
	}
	err := ja.Append([]byte("{\"by\":\"a, late\"}\n"), false)
	if !errors.Is(err, ErrLost) || !errors.Is(err, crawler.ErrFrontier) {
		t.Fatalf("a's late append: %v, want ErrLost (a crawler.ErrFrontier)", err)
	}
	if err := ja.Replace(func(w io.Writer) error { _, err := io.WriteString(w, "{}\n"); return err }); !errors.Is(err, ErrLost) {
		t.Fatalf("a's late compaction: %v, want ErrLost", err)
	}
	if got := strings.Join(readAll(t, jb), " "); got != `{"by":"a"} {"by":"b"}` {
		t.Fatalf("journal: %s", got)
	}
}

func TestHostLeaseExcludesOtherClaimsAndKeepsTheDelay(t *testing.T) {
	r := testenv.StartRedis(t)
	a, b := open(t, r, "a", 5*time.Second), open(t, r, "b", 5*time.Second)
	r1 := Round{Kind: "run", N: 1}
	ca, _, _ := claim(t, a, "site-a", r1)
	cb, _, _ := claim(t, b, "site-b", r1)
	ha, hb := ca.Configure(crawler.Config{}).Hosts, cb.Configure(crawler.Config{}).Hosts
	// Two sites of one node share a host too: a second claim of a's is another holder.
	ca2, _, _ := claim(t, a, "site-a2", r1)
	ha2 := ca2.Configure(crawler.Config{}).Hosts

	if w, err := ha.Hold("h:1"); err != nil || w != 0 {
		t.Fatalf("a: %v %v, want held", w, err)
	}
	if w, err := ha.Hold("h:1"); err != nil || w != 0 {
		t.Fatalf("a again: %v %v, want held", w, err)
	}
	for name, h := range map[string]crawler.HostLeases{"b": hb, "a's other site": ha2} {
		if w, err := h.Hold("h:1"); err != nil || w <= 0 {
			t.Fatalf("%s while a holds the host: %v %v, want a wait", name, w, err)
		}
	}
	keep := 400 * time.Millisecond
	released := time.Now()
	ha.Release("h:1", keep)
	for {
		w, err := hb.Hold("h:1")
		if err != nil {
			t.Fatal(err)
		}
		if w == 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if gap := time.Since(released); gap < keep-20*time.Millisecond {
		t.Fatalf("b took the host %v after a released it, want at least the kept %v", gap, keep)
	}
}

func TestJoinRound(t *testing.T) {
	r := testenv.StartRedis(t)
	a, b := open(t, r, "a", 5*time.Second), open(t, r, "b", 5*time.Second)
	ctx := context.Background()
	ra, err := a.JoinRound(ctx, []string{"s1", "s2"})
	if err != nil {
		t.Fatal(err)
	}
	rb, err := b.JoinRound(ctx, []string{"s1", "s2"})
	if err != nil || rb != ra || ra.N != 1 {
		t.Fatalf("rounds %v and %v (%v), want both 1", ra, rb, err)
	}
	c1, _, _ := claim(t, a, "s1", ra)
	c1.Done(ctx)
	if r2, _ := b.JoinRound(ctx, []string{"s1", "s2"}); r2 != ra {
		t.Fatalf("s2 not done yet: joined %v, want %v", r2, ra)
	}
	c2, _, _ := claim(t, b, "s2", ra)
	c2.Done(ctx)
	if r3, _ := a.JoinRound(ctx, []string{"s1", "s2"}); r3.N != 2 {
		t.Fatalf("after the round completed: %v, want round 2", r3)
	}
}

func TestStorage(t *testing.T) {
	r := testenv.StartRedis(t)
	f := open(t, r, "a", 5*time.Second)
	c, _, _ := claim(t, f, "s", Round{Kind: "run", N: 1})
	s := c.Configure(crawler.Config{}).Storage.(*siteStorage)
	if seen, err := s.VisitOnce(42); err != nil || seen {
		t.Fatalf("first visit: seen %v %v", seen, err)
	}
	if seen, err := s.VisitOnce(42); err != nil || !seen {
		t.Fatalf("second visit: seen %v %v", seen, err)
	}
	if err := s.VisitedAll([]uint64{1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.IsVisited(2); !ok {
		t.Fatal("VisitedAll did not mark 2")
	}
	u := &url.URL{Host: "h:1"}
	s.SetCookies(u, "a=1")
	if got := s.Cookies(u); got != "a=1" {
		t.Fatalf("cookies %q", got)
	}
	if err := s.Clear(); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.IsVisited(42); ok || s.Cookies(u) != "" {
		t.Fatal("Clear left the visited set or the cookies")
	}
}

// Redis away: every call fails fast with crawler.ErrFrontier, and works again once it is back.
func TestRedisDownIsErrFrontierAndRecovers(t *testing.T) {
	r := testenv.StartRedis(t)
	// A lease longer than the outage: the claim is still a's when Redis is back.
	f := open(t, r, "a", 20*time.Second)
	c, _, _ := claim(t, f, "s", Round{Kind: "run", N: 1})
	cfg := c.Configure(crawler.Config{})
	r.Stop()
	start := time.Now()
	if _, _, _, err := f.Claim(context.Background(), "t", Round{Kind: "run", N: 1}); !errors.Is(err, crawler.ErrFrontier) {
		t.Fatalf("claim with Redis down: %v, want ErrFrontier", err)
	}
	if err := cfg.Journal.Append([]byte("{}\n"), true); !errors.Is(err, crawler.ErrFrontier) {
		t.Fatalf("append with Redis down: %v", err)
	}
	if _, err := cfg.Hosts.Hold("h:1"); !errors.Is(err, crawler.ErrFrontier) {
		t.Fatalf("host lease with Redis down: %v", err)
	}
	if _, err := cfg.Storage.IsVisited(1); !errors.Is(err, crawler.ErrFrontier) {
		t.Fatalf("visited set with Redis down: %v", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("calls with Redis down took %v in all: they must fail fast", d)
	}
	r.Start()
	if err := cfg.Journal.Append([]byte("{}\n"), true); err != nil {
		t.Fatalf("append once Redis is back: %v", err)
	}
}

func TestMain(m *testing.M) {
	ClientLog(slog.New(slog.DiscardHandler))
	os.Exit(m.Run())
}

func TestOpenErrors(t *testing.T) {
	if _, err := Open(context.Background(), Options{URL: "http://x"}); err == nil {
		t.Fatal("http URL accepted")
	}
	_, err := Open(context.Background(), Options{URL: "redis://:s3cret@127.0.0.1:1/0", Lease: time.Second})
	if !errors.Is(err, crawler.ErrFrontier) || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("unreachable Redis: %v; want ErrFrontier without the password", err)
	}
}

// Reports a holder parsed but did not see loaded stay in the frontier until Loaded; the next
// holder loads them in bounded batches, a failed load keeps them, an unreadable one is dropped.
func TestUnloadedReportsPassToTheNextHolder(t *testing.T) {
	r := testenv.StartRedis(t)
	a, b := open(t, r, "a", 5*time.Second), open(t, r, "b", 5*time.Second)
	ctx := context.Background()
	r1 := Round{Kind: "run", N: 1}
	ca, _, _ := claim(t, a, "s", r1)
	loads := ca.Loads()
	const n = 300
	for i := 0; i < n; i++ {
		res := &parser.Result{Report: parser.Report{ID: fmt.Sprintf("id%03d", i)}}
		if err := loads.Pending(fmt.Sprintf("http://h/r%d", i), res); err != nil {
			t.Fatal(err)
		}
	}
	loads.Loaded([]string{"http://h/r0", "http://h/r1"}) // these two reached ClickHouse
	b.rdb.HSet(ctx, b.siteKey("s", "unloaded"), "http://h/bad", "{not json")
	ca.Release(ctx) // a dies without loading the rest (a release stands in: the hash is what matters)

	cb, _, _ := claim(t, b, "s", r1)
	if cb.Unloaded != n-2+1 {
		t.Fatalf("Unloaded = %d, want %d", cb.Unloaded, n-2+1)
	}
	// A load that fails keeps everything for the next holder.
	failed := errors.New("clickhouse down")
	if _, err := cb.LoadUnloaded(ctx, func(context.Context, []*parser.Result) error { return failed }); !errors.Is(err, failed) {
		t.Fatalf("failing load: %v", err)
	}
	ids := map[string]bool{}
	most := 0
	got, err := cb.LoadUnloaded(ctx, func(_ context.Context, rs []*parser.Result) error {
		most = max(most, len(rs))
		for _, r := range rs {
			ids[r.Report.ID] = true
		}
		return nil
	})
	if err != nil || got != n-2 || len(ids) != n-2 || ids["id000"] || !ids["id299"] {
		t.Fatalf("loaded %d (%v), %d distinct ids", got, err, len(ids))
	}
	if most > 3*unloadedBatch {
		t.Errorf("a batch of %d reports: memory is not bounded by the batch (%d)", most, unloadedBatch)
	}
	if left, _ := b.rdb.HLen(ctx, b.siteKey("s", "unloaded")).Result(); left != 0 {
		t.Fatalf("%d entries left after loading (the unreadable one must be dropped too)", left)
	}
}
