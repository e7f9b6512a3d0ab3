package testenv

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// The private Redis keeps what it acknowledged across a graceful restart and across a SIGKILL
// (appendfsync always), and is really gone while stopped: what the multi-node tests rely on
// when they restart the frontier mid-crawl.
func TestRedisRestartKeepsData(t *testing.T) {
	r := StartRedis(t)
	opt, err := redis.ParseURL(r.URL())
	if err != nil {
		t.Fatal(err)
	}
	opt.MaxRetries = -1 // one try: a stopped server must show as an error, not a retry loop
	opt.DialTimeout = time.Second
	c := redis.NewClient(opt)
	defer c.Close()
	ctx := context.Background()

	for _, step := range []struct {
		name string
		down func()
		up   func()
	}{
		{"restart", nil, r.Restart},
		{"stop, start", r.Stop, r.Start},
		{"kill -9, start", r.Kill, r.Start},
	} {
		key := "k:" + step.name
		if err := c.Set(ctx, key, step.name, 0).Err(); err != nil {
			t.Fatalf("%s: SET: %v", step.name, err)
		}
		if step.down != nil {
			step.down()
			if err := c.Ping(ctx).Err(); err == nil {
				t.Fatalf("%s: PING answered while the server is down", step.name)
			}
		}
		step.up()
		got, err := c.Get(ctx, key).Result()
		if err != nil || got != step.name {
			t.Fatalf("%s: GET %s = %q, %v; want %q", step.name, key, got, err, step.name)
		}
	}
	if n, err := c.DBSize(ctx).Result(); err != nil || n != 3 {
		t.Fatalf("DBSIZE = %d, %v; want 3 (every key kept)", n, err)
	}
}

// Two servers of two tests never share a port or a directory.
func TestRedisPrivate(t *testing.T) {
	a, b := StartRedis(t), StartRedis(t)
	if a.Port == b.Port || a.Dir() == b.Dir() {
		t.Fatalf("two servers share port or dir: %d %s / %d %s", a.Port, a.Dir(), b.Port, b.Dir())
	}
}
