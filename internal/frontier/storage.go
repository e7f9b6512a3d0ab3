package frontier

import (
	"context"
	"encoding/binary"
	"net/url"

	"github.com/gocolly/colly/v2/storage"
	"github.com/redis/go-redis/v9"
)

// siteStorage is colly's storage.Storage of one site in Redis: the visited
// set (a set of 8-byte request ids) and the cookies (a hash host → cookies),
// the same two things colly's own Redis storage keeps. It is not fenced by
// the claim: a visited mark of a node that lost its claim is harmless, since
// every run starts by clearing the set and restoring it from the journal
// (crawler.Config.Storage), which is fenced.
type siteStorage struct {
	f                *Frontier
	visited, cookies string
}

var _ storage.Storage = (*siteStorage)(nil)

func (s *siteStorage) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), s.f.lease/3)
}

func idMember(id uint64) string {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], id)
	return string(b[:])
}

// Init is colly's; there is nothing to prepare.
func (s *siteStorage) Init() error { return nil }

func (s *siteStorage) Visited(id uint64) error {
	ctx, cancel := s.ctx()
	defer cancel()
	return unavailable(s.f.rdb.SAdd(ctx, s.visited, idMember(id)).Err())
}

func (s *siteStorage) IsVisited(id uint64) (bool, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	ok, err := s.f.rdb.SIsMember(ctx, s.visited, idMember(id)).Result()
	return ok, unavailable(err)
}

// VisitOnce marks id visited in one round trip and says whether it was.
func (s *siteStorage) VisitOnce(id uint64) (bool, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	n, err := s.f.rdb.SAdd(ctx, s.visited, idMember(id)).Result()
	return n == 0, unavailable(err)
}

// VisitedAll marks a resumed run's visited set, in batches of one round trip each.
func (s *siteStorage) VisitedAll(ids []uint64) error {
	const batch = 1000
	for len(ids) > 0 {
		n := min(batch, len(ids))
		members := make([]any, n)
		for i, id := range ids[:n] {
			members[i] = idMember(id)
		}
		ctx, cancel := s.ctx()
		err := s.f.rdb.SAdd(ctx, s.visited, members...).Err()
		cancel()
		if err != nil {
			return unavailable(err)
		}
		ids = ids[n:]
	}
	return nil
}

// Clear empties the visited set and the cookies (a run starts).
func (s *siteStorage) Clear() error {
	ctx, cancel := s.ctx()
	defer cancel()
	return unavailable(s.f.rdb.Del(ctx, s.visited, s.cookies).Err())
}

// Cookies cannot return an error (colly's interface): a failure is logged and
// the request goes without cookies.
func (s *siteStorage) Cookies(u *url.URL) string {
	ctx, cancel := s.ctx()
	defer cancel()
	v, err := s.f.rdb.HGet(ctx, s.cookies, u.Host).Result()
	if err != nil && err != redis.Nil {
		s.f.log.Warn("frontier unavailable: cookies not read", "host", u.Host, "err", err)
	}
	return v
}

func (s *siteStorage) SetCookies(u *url.URL, cookies string) {
	ctx, cancel := s.ctx()
	defer cancel()
	if err := s.f.rdb.HSet(ctx, s.cookies, u.Host, cookies).Err(); err != nil {
		s.f.log.Warn("frontier unavailable: cookies not kept (the journal keeps them)", "host", u.Host, "err", err)
	}
}
