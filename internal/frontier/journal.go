package frontier

import (
	"bytes"
	"context"
	"io"

	"github.com/redis/go-redis/v9"

	"github.com/govreports/govreports/crawler"
)

// journalStore is a site's crawl journal in Redis (crawler.JournalStore): a
// list of lines. Every write is fenced by the site's claim: a script appends
// only while the claim's value is this crawl's token, so a node that lost its
// claim (it could not renew it in time and another node took the site) can
// never write into the journal the new holder is using.
type journalStore struct {
	f               *Frontier
	key, tmp, claim string
	token           string
	trim            int64 // after a Read that stopped early: lines to keep; -1 none
}

var _ crawler.JournalStore = (*journalStore)(nil)

// linesPerCall bounds the lines of one script call or one read (a few
// hundred KB), so no call holds Redis or the client long.
const linesPerCall = 1000

// appendScript: KEYS journal, claim; ARGV token, lines to keep (-1: all), lines….
var appendScript = redis.NewScript(`
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
local keep = tonumber(ARGV[2])
if keep == 0 then
  redis.call('DEL', KEYS[1])
elseif keep > 0 then
  redis.call('LTRIM', KEYS[1], 0, keep - 1)
end
if #ARGV > 2 then
  redis.call('RPUSH', KEYS[1], unpack(ARGV, 3))
end
return 1`)

// swapScript: KEYS journal, tmp, claim; ARGV token. The compacted journal in
// tmp (absent when empty) becomes the journal.
var swapScript = redis.NewScript(`
if redis.call('GET', KEYS[3]) ~= ARGV[1] then return 0 end
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('RENAME', KEYS[2], KEYS[1])
else
  redis.call('DEL', KEYS[1])
end
return 1`)

func (j *journalStore) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), j.f.lease/3)
}

func (j *journalStore) Read(keep func([]byte) bool) error {
	j.trim = -1
	var n int64
	for start := int64(0); ; start += linesPerCall {
		ctx, cancel := j.ctx()
		lines, err := j.f.rdb.LRange(ctx, j.key, start, start+linesPerCall-1).Result()
		cancel()
		if err != nil {
			return unavailable(err)
		}
		for _, l := range lines {
			if !keep([]byte(l)) {
				j.trim = n
				return nil
			}
			n++
		}
		if len(lines) < linesPerCall {
			return nil
		}
	}
}

// Append pushes the lines. Redis answers once the write is in its
// append-only file (fsynced per its appendfsync: scripts/redis.sh says
// always), so sync asks nothing more.
func (j *journalStore) Append(lines []byte, _ bool) error {
	batch := make([]any, 0, linesPerCall+2)
	for len(lines) > 0 || j.trim >= 0 {
		batch = append(batch[:0], j.token, j.trim)
		for len(lines) > 0 && len(batch) < cap(batch) {
			i := bytes.IndexByte(lines, '\n')
			if i < 0 {
				i = len(lines) - 1 // a last line without its newline: kept whole
			}
			if i > 0 {
				batch = append(batch, string(lines[:i]))
			}
			lines = lines[i+1:]
		}
		ctx, cancel := j.ctx()
		err := fenced(appendScript.Run(ctx, j.f.rdb, []string{j.key, j.claim}, batch...).Int())
		cancel()
		if err != nil {
			return err
		}
		j.trim = -1
	}
	return nil
}

// Replace writes the compacted journal into a temporary list, then swaps it
// in (fenced) with one script: a crash leaves the old journal.
func (j *journalStore) Replace(write func(io.Writer) error) error {
	ctx, cancel := j.ctx()
	err := j.f.rdb.Del(ctx, j.tmp).Err()
	cancel()
	if err != nil {
		return unavailable(err)
	}
	w := &listWriter{j: j}
	if err := write(w); err != nil {
		return err
	}
	if err := w.flush(true); err != nil {
		return err
	}
	ctx, cancel = j.ctx()
	defer cancel()
	if err := fenced(swapScript.Run(ctx, j.f.rdb, []string{j.key, j.tmp, j.claim}, j.token).Int()); err != nil {
		return err
	}
	j.trim = -1
	return nil
}

// fenced reads the answer of a script that writes only while the claim is the writer's: 1
// written, 0 the claim is another's (ErrLost).
func fenced(ok int, err error) error {
	switch {
	case err != nil:
		return unavailable(err)
	case ok != 1:
		return ErrLost
	}
	return nil
}

// Close has nothing to release: the claim is the scheduler's (Claim).
func (j *journalStore) Close() error { return nil }

// listWriter cuts what the compaction writes into lines and pushes them to
// the temporary list, linesPerCall at a time.
type listWriter struct {
	j     *journalStore
	part  []byte // a line not yet ended
	lines []any
}

func (w *listWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			w.part = append(w.part, p...)
			break
		}
		line := append(w.part, p[:i]...)
		w.part = w.part[:0]
		if len(line) > 0 {
			w.lines = append(w.lines, string(line))
		}
		p = p[i+1:]
		if err := w.flush(false); err != nil {
			return 0, err
		}
	}
	return n, nil
}

func (w *listWriter) flush(all bool) error {
	if all && len(w.part) > 0 {
		w.lines = append(w.lines, string(w.part))
		w.part = w.part[:0]
	}
	if len(w.lines) == 0 || (!all && len(w.lines) < linesPerCall) {
		return nil
	}
	ctx, cancel := w.j.ctx()
	defer cancel()
	err := w.j.f.rdb.RPush(ctx, w.j.tmp, w.lines...).Err()
	w.lines = w.lines[:0]
	return unavailable(err)
}
