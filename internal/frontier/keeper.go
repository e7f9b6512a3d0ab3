package frontier

import (
	"context"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// keeper renews every claim and host lease this node holds, all in one
// script call every lease/3, and notices the ones that are no longer this
// node's. A lease it could not renew for a whole lease is treated as gone
// (valid says no), since another node may have taken it by then.
type keeper struct {
	f     *Frontier
	mu    sync.Mutex
	held  map[string]*held // key → what this node holds there
	stopc chan struct{}
	done  chan struct{}
}

type held struct {
	token   string
	renewed time.Time
}

// renewScript extends the keys whose value is still ours; it answers one
// 1 (renewed) or 0 (not ours any more) per key.
var renewScript = redis.NewScript(`
local out = {}
for i, k in ipairs(KEYS) do
  if redis.call('GET', k) == ARGV[i + 1] then
    redis.call('PEXPIRE', k, ARGV[1])
    out[i] = 1
  else
    out[i] = 0
  end
end
return out`)

func newKeeper(f *Frontier) *keeper {
	k := &keeper{f: f, held: map[string]*held{}, stopc: make(chan struct{}), done: make(chan struct{})}
	go k.loop()
	return k
}

func (k *keeper) add(key, token string) {
	k.mu.Lock()
	k.held[key] = &held{token: token, renewed: time.Now()}
	k.mu.Unlock()
}

func (k *keeper) drop(key string) {
	k.mu.Lock()
	delete(k.held, key)
	k.mu.Unlock()
}

// valid reports whether key is held with token and was renewed within the
// lease (less a margin for the time a renewal takes).
func (k *keeper) valid(key, token string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	h := k.held[key]
	return h != nil && h.token == token && time.Since(h.renewed) < k.f.lease*9/10
}

func (k *keeper) loop() {
	defer close(k.done)
	t := time.NewTicker(k.f.lease / 3)
	defer t.Stop()
	for {
		select {
		case <-k.stopc:
			return
		case <-t.C:
			k.renew()
		}
	}
}

func (k *keeper) renew() {
	k.mu.Lock()
	keys := make([]string, 0, len(k.held))
	args := []any{k.f.lease.Milliseconds()}
	for key, h := range k.held {
		keys = append(keys, key)
		args = append(args, h.token)
	}
	k.mu.Unlock()
	if len(keys) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), k.f.lease/3)
	defer cancel()
	res, err := renewScript.Run(ctx, k.f.rdb, keys, args...).Int64Slice()
	if err != nil {
		k.f.log.Warn("frontier unavailable: leases not renewed", "leases", len(keys), "err", err)
		return
	}
	now := time.Now()
	k.mu.Lock()
	defer k.mu.Unlock()
	for i, key := range keys {
		h := k.held[key]
		if h == nil || h.token != args[i+1] {
			continue // dropped or retaken while the script ran
		}
		if i < len(res) && res[i] == 1 {
			h.renewed = now
			continue
		}
		delete(k.held, key)
		k.f.log.Warn("lease lost to another node (it expired before it could be renewed)", "key", key)
	}
}

func (k *keeper) stop() {
	select {
	case <-k.stopc:
	default:
		close(k.stopc)
	}
	<-k.done
}
