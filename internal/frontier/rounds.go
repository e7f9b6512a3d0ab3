package frontier

import (
	"context"
	"strconv"

	"github.com/redis/go-redis/v9"
)

func (f *Frontier) runRoundKey(n int64, what string) string {
	return f.key("run", "round", strconv.FormatInt(n, 10), what)
}

// joinScript: KEYS[1] the round counter; ARGV prefix, site names…. Joins the
// current round of `run` nodes while it is open (some site of it is not
// done), else opens the next; adds the sites either way. Answers the round.
var joinScript = redis.NewScript(`
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
local function k(m, what) return ARGV[1] .. ':run:round:' .. m .. ':' .. what end
local open = false
if n > 0 then
  open = redis.call('SCARD', k(n, 'sites')) > redis.call('SCARD', k(n, 'done'))
end
if not open then
  n = redis.call('INCR', KEYS[1])
end
for i = 2, #ARGV do redis.call('SADD', k(n, 'sites'), ARGV[i]) end
return n`)

// JoinRound is the round this `run` node works in: the open one (a site of
// it not done yet, by any node), or a new one when the last is complete.
// Nodes started together therefore share one round and crawl each site once;
// a node started after the round completed starts the next, as a second
// `run` on one machine recrawls.
func (f *Frontier) JoinRound(ctx context.Context, sites []string) (Round, error) {
	args := make([]any, 0, len(sites)+1)
	args = append(args, f.prefix)
	for _, s := range sites {
		args = append(args, s)
	}
	var n int64
	err := f.retry(ctx, func(ctx context.Context) error {
		var err error
		n, err = joinScript.Run(ctx, f.rdb, []string{f.key("run", "round")}, args...).Int64()
		return err
	})
	if err != nil {
		return Round{}, err
	}
	f.log.Info("joined round", "round", n, "sites", len(sites))
	return Round{Kind: "run", N: n}, nil
}
