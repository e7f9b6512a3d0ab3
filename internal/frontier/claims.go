package frontier

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/govreports/govreports/crawler"
	"github.com/govreports/govreports/parser"
)

// Round is one pass over the sites that several nodes make together: a
// site is crawled once per round, by whichever node claims it first.
// `run` nodes number their rounds (JoinRound); `serve` nodes name a round by
// the schedule's slot (the Unix time of the activation it runs for).
type Round struct {
	Kind string // "run" or "serve": their rounds are counted apart
	N    int64
}

// Label is the round as the crawl journal records it (crawler.Config.Round).
func (r Round) Label() string { return r.Kind + ":" + strconv.FormatInt(r.N, 10) }

// ClaimState is what Claim found.
type ClaimState int

const (
	Claimed       ClaimState = iota // this node crawls the site now
	HeldElsewhere                   // another node does; ask again after the wait
	DoneInRound                     // the round has crawled it already
)

// Claim is this node's hold on one site for one round.
type Claim struct {
	f     *Frontier
	site  string
	round Round
	token string
	// TakenOverFrom is the node whose claim on the site expired (it died or
	// lost Redis for a whole lease) and was taken over: the pages it had in
	// flight are fetched again. "" for an ordinary claim.
	TakenOverFrom string
	// Unloaded is how many reports an earlier holder parsed and counted done
	// but did not see loaded (it died with them in its local spool): the new
	// holder loads them (LoadUnloaded) instead of losing them or fetching
	// their pages again.
	Unloaded int
}

// claimScript: KEYS claim, holder, done, takeovers; ARGV token, lease ms,
// round number, node. Answers {state, wait ms, previous holder}.
var claimScript = redis.NewScript(`
local d = redis.call('GET', KEYS[3])
if d and tonumber(d) >= tonumber(ARGV[3]) then return {'done', 0, ''} end
local cur = redis.call('GET', KEYS[1])
if cur then
  local ttl = redis.call('PTTL', KEYS[1])
  return {'held', ttl, cur}
end
local prev = redis.call('GET', KEYS[2]) or ''
if prev ~= '' then redis.call('INCR', KEYS[4]) end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SET', KEYS[2], ARGV[4])
return {'ok', 0, prev}`)

// doneScript: KEYS claim, holder, done, round-done set (or ""), visited,
// cookies; ARGV token, round number, site. Marks the site done in the round
// and frees it. The visited set and cookies go too: the next run starts by
// clearing them anyway (a run's visited set is its journal's), and a round of
// a province's sites would otherwise keep every URL's id in Redis's memory
// until then.
var doneScript = redis.NewScript(`
local d = redis.call('GET', KEYS[3])
if not d or tonumber(d) < tonumber(ARGV[2]) then redis.call('SET', KEYS[3], ARGV[2]) end
if KEYS[4] ~= '' then redis.call('SADD', KEYS[4], ARGV[3]) end
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[5], KEYS[6])
  return 1
end
return 0`)

// freeScript: KEYS claim, holder; ARGV token. Frees the site, not done.
var freeScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1], KEYS[2])
return 1`)

func (f *Frontier) siteKey(site, what string) string { return f.key("site", site, what) }

// Claim tries to take site for round. Held elsewhere, it says how long the
// holder's claim has left (worth asking again then: a dead node's claim
// expires). Errors wrap crawler.ErrFrontier.
func (f *Frontier) Claim(ctx context.Context, site string, round Round) (*Claim, ClaimState, time.Duration, error) {
	token := f.token(site)
	keys := []string{f.siteKey(site, "claim"), f.siteKey(site, "holder"), f.siteKey(site, "done:"+round.Kind), f.siteKey(site, "takeovers")}
	res, err := claimScript.Run(ctx, f.rdb, keys, token, f.lease.Milliseconds(), round.N, f.node).Slice()
	if err != nil {
		return nil, 0, 0, unavailable(err)
	}
	if len(res) != 3 {
		return nil, 0, 0, fmt.Errorf("%w: claim script answered %v", crawler.ErrFrontier, res)
	}
	state, _ := res[0].(string)
	wait, _ := res[1].(int64)
	prev, _ := res[2].(string)
	switch state {
	case "done":
		return nil, DoneInRound, 0, nil
	case "held":
		d := time.Duration(wait) * time.Millisecond
		if d <= 0 || d > f.lease {
			d = f.lease
		}
		return nil, HeldElsewhere, d, nil
	}
	f.keeper.add(keys[0], token)
	c := &Claim{f: f, site: site, round: round, token: token, TakenOverFrom: prev}
	n, err := f.rdb.HLen(ctx, f.siteKey(site, "unloaded")).Result()
	if err != nil {
		_ = c.Release(ctx)
		return nil, 0, 0, unavailable(err)
	}
	c.Unloaded = int(n)
	if prev != "" {
		f.log.Warn("took over a site whose claim expired: its node died or lost Redis; the pages it had in flight are fetched again",
			"site", site, "previous_node", prev, "round", round.Label())
	}
	return c, Claimed, 0, nil
}

// Site is the claimed site's name.
func (c *Claim) Site() string { return c.site }

// Configure gives a site's crawler configuration the shared state of this
// claim: the journal, visited set and cookies in Redis, the host leases,
// and the round. The local StateDir is then not used for the journal.
func (c *Claim) Configure(cfg crawler.Config) crawler.Config {
	f := c.f
	cfg.Journal = &journalStore{f: f, key: f.siteKey(c.site, "journal"), tmp: f.siteKey(c.site, "journal:tmp"),
		claim: f.siteKey(c.site, "claim"), token: c.token, trim: -1}
	cfg.Storage = &siteStorage{f: f, visited: f.siteKey(c.site, "visited"), cookies: f.siteKey(c.site, "cookies")}
	cfg.Hosts = &hostLeases{f: f, token: c.token}
	cfg.Round = c.round.Label()
	return cfg
}

// unloadedBatch is how many unloaded reports LoadUnloaded reads and loads at a time: memory
// stays bounded however many a long ClickHouse outage left behind.
const unloadedBatch = 100

// LoadUnloaded hands the reports an earlier holder left unloaded to load, a batch at a time,
// and forgets each batch once load succeeded; it returns how many were loaded. An entry that
// does not decode is logged and dropped: its page is in the archive of the node that parsed it,
// and nothing could load it. On error the rest stay for the next holder.
func (c *Claim) LoadUnloaded(ctx context.Context, load func(context.Context, []*parser.Result) error) (int, error) {
	key := c.f.siteKey(c.site, "unloaded")
	loaded := 0
	var cursor uint64
	for {
		kv, next, err := c.f.rdb.HScan(ctx, key, cursor, "*", unloadedBatch).Result()
		if err != nil {
			return loaded, unavailable(err)
		}
		var urls []string
		var rs []*parser.Result
		for i := 0; i+1 < len(kv); i += 2 {
			var r parser.Result
			if err := json.Unmarshal([]byte(kv[i+1]), &r); err != nil {
				c.f.log.Error("unloaded report in the frontier unreadable; dropped (its page is in the archive of the node that parsed it)", "site", c.site, "url", kv[i], "err", err)
				c.f.rdb.HDel(ctx, key, kv[i])
				continue
			}
			urls, rs = append(urls, kv[i]), append(rs, &r)
		}
		if len(rs) > 0 {
			if err := load(ctx, rs); err != nil {
				return loaded, err
			}
			if err := c.f.rdb.HDel(ctx, key, urls...).Err(); err != nil {
				return loaded, unavailable(err)
			}
			loaded += len(rs)
		}
		if next == 0 {
			return loaded, nil
		}
		cursor = next
	}
}

// Done marks the site crawled in the round and frees it. Redis down, it is
// retried until ctx ends: a site left unmarked is not crawled twice anyway
// (the journal names the round its last run completed: crawler.ErrRoundDone),
// but the next claimant would have to open it to find out.
func (c *Claim) Done(ctx context.Context) error {
	c.f.keeper.drop(c.f.siteKey(c.site, "claim"))
	roundDone := ""
	if c.round.Kind == "run" {
		roundDone = c.f.runRoundKey(c.round.N, "done")
	}
	keys := []string{c.f.siteKey(c.site, "claim"), c.f.siteKey(c.site, "holder"), c.f.siteKey(c.site, "done:"+c.round.Kind), roundDone,
		c.f.siteKey(c.site, "visited"), c.f.siteKey(c.site, "cookies")}
	return c.f.retry(ctx, func(ctx context.Context) error {
		return doneScript.Run(ctx, c.f.rdb, keys, c.token, c.round.N, c.site).Err()
	})
}

// Release frees the site without marking it done (its crawl failed or was
// interrupted): the next claimant resumes it from the journal.
func (c *Claim) Release(ctx context.Context) error {
	c.f.keeper.drop(c.f.siteKey(c.site, "claim"))
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.f.lease/3)
	defer cancel()
	return unavailable(freeScript.Run(ctx, c.f.rdb, []string{c.f.siteKey(c.site, "claim"), c.f.siteKey(c.site, "holder")}, c.token).Err())
}

// retry runs op until it succeeds or ctx ends, waiting lease/10 to lease
// between attempts.
func (f *Frontier) retry(ctx context.Context, op func(context.Context) error) error {
	wait := f.lease / 10
	for {
		octx, cancel := context.WithTimeout(ctx, f.lease/3)
		err := op(octx)
		cancel()
		if err == nil {
			return nil
		}
		f.log.Warn("frontier unavailable; retrying", "err", err, "in", wait)
		select {
		case <-ctx.Done():
			return unavailable(err)
		case <-time.After(wait):
		}
		wait = min(2*wait, f.lease)
	}
}

// Loads follows the site's reports from emit to load (pipeline.LoadTracker): a parsed report
// is in the hash P:site:NAME:unloaded, page URL → the result's JSON, from before its page is
// journaled done until it is loaded, so a node that takes the site over after this one died
// loads it (Unloaded) instead of losing it with this node's local spool.
func (c *Claim) Loads() *LoadTracker {
	return &LoadTracker{f: c.f, key: c.f.siteKey(c.site, "unloaded")}
}

// LoadTracker is Claim.Loads.
type LoadTracker struct {
	f   *Frontier
	key string
}

// Pending keeps res under url before its page may count as done.
func (l *LoadTracker) Pending(url string, res *parser.Result) error {
	b, err := json.Marshal(res)
	if err != nil {
		return fmt.Errorf("frontier: report of %s: %w", url, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), l.f.lease/3)
	defer cancel()
	return unavailable(l.f.rdb.HSet(ctx, l.key, url, b).Err())
}

// Loaded forgets urls; a failure only means a later holder loads them again (idempotent).
func (l *LoadTracker) Loaded(urls []string) {
	if len(urls) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), l.f.lease/3)
	defer cancel()
	if err := l.f.rdb.HDel(ctx, l.key, urls...).Err(); err != nil {
		l.f.log.Warn("frontier unavailable: loaded reports not noted (a node resuming the site loads them again)", "reports", len(urls), "err", err)
	}
}
