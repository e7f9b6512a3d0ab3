package frontier

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/govreports/govreports/crawler"
)

// acquireScript takes KEYS[1] for ARGV[1] (token) for ARGV[2] ms if it is
// free or already ours; otherwise it answers the holder's remaining ms (-1:
// a key without expiry, which no lease is).
var acquireScript = redis.NewScript(`
local cur = redis.call('GET', KEYS[1])
if cur == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 0
end
if cur then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl == 0 then ttl = 1 end
  return ttl
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 0`)

// releaseScript gives KEYS[1] up if it is ours: deleted, or kept ARGV[2] ms
// more (a host's delay) so the next holder still keeps the gap.
var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if tonumber(ARGV[2]) > 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
else
  redis.call('DEL', KEYS[1])
end
return 1`)

// hostLeases are the host leases of one site claim (crawler.HostLeases): the
// claim's token is the lease's value, so two sites of one node that share a
// host exclude each other too.
type hostLeases struct {
	f     *Frontier
	token string
}

var _ crawler.HostLeases = (*hostLeases)(nil)

func (h *hostLeases) key(host string) string { return h.f.key("host", host, "lease") }

// Hold answers a lease the keeper holds and renews without a round trip.
func (h *hostLeases) Hold(host string) (time.Duration, error) {
	key := h.key(host)
	if h.f.keeper.valid(key, h.token) {
		return 0, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), h.f.lease/3)
	defer cancel()
	ms, err := acquireScript.Run(ctx, h.f.rdb, []string{key}, h.token, h.f.lease.Milliseconds()).Int64()
	if err != nil {
		return 0, unavailable(err)
	}
	if ms == 0 {
		h.f.keeper.add(key, h.token)
		return 0, nil
	}
	wait := time.Duration(ms) * time.Millisecond
	if ms < 0 || wait > h.f.lease {
		wait = h.f.lease
	}
	return max(wait, h.f.lease/10), nil
}

// Release gives the lease up, the host kept for keep more.
func (h *hostLeases) Release(host string, keep time.Duration) {
	key := h.key(host)
	h.f.keeper.drop(key)
	ctx, cancel := context.WithTimeout(context.Background(), h.f.lease/3)
	defer cancel()
	if err := releaseScript.Run(ctx, h.f.rdb, []string{key}, h.token, keep.Milliseconds()).Err(); err != nil {
		h.f.log.Warn("host lease not released; it expires on its own", "host", host, "err", err)
	}
}
