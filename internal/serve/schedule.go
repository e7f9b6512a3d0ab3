package serve

import (
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	// The default schedule names Asia/Shanghai; slim container images ship no zoneinfo.
	_ "time/tzdata"
)

// ParseSchedule parses a site's schedule: a standard five-field cron spec ("0 2 * * 1"),
// optionally prefixed with CRON_TZ=Zone, or a descriptor (@daily, @weekly, @every 6h).
//
// @every is parsed here rather than by cron, whose Every rounds up to whole seconds: a test can
// then run a site every 200ms. Runs of a site never overlap, so a period shorter than a crawl
// only means back-to-back crawls (and counted skips), never a pile-up.
func ParseSchedule(spec string) (cron.Schedule, error) {
	spec = strings.TrimSpace(spec)
	if d, ok := strings.CutPrefix(spec, "@every "); ok {
		dur, err := time.ParseDuration(strings.TrimSpace(d))
		if err != nil || dur <= 0 {
			return nil, fmt.Errorf("%w: %q: want @every and a positive duration", ErrSchedule, spec)
		}
		return every(dur), nil
	}
	s, err := cron.ParseStandard(spec)
	if err != nil {
		return nil, fmt.Errorf("%w: %q: %v", ErrSchedule, spec, err)
	}
	return s, nil
}

// every fires at a constant interval, without cron's rounding to seconds.
type every time.Duration

func (e every) Next(t time.Time) time.Time { return t.Add(time.Duration(e)) }

// jittered shifts every activation of a schedule by a fixed offset. Next(t) must be after t:
// inner.Next(t-off) is after t-off, so adding off lands after t.
type jittered struct {
	inner  cron.Schedule
	offset time.Duration
}

func (j jittered) Next(t time.Time) time.Time {
	n := j.inner.Next(t.Add(-j.offset))
	if n.IsZero() {
		return n // the schedule never fires again
	}
	return n.Add(j.offset)
}

// jitterFraction: a site's jitter is at most this share of its period, so a daily site moves
// by at most ~2.4h, an hourly one by 6 minutes.
const jitterFraction = 10

// jitterOffset is a site's fixed delay after each cron time: a hash of its name modulo
// min(max, period/10). Hashing the name, not drawing at random, keeps a site's time stable
// across restarts (a restart neither skips nor doubles a run) while sites sharing a schedule
// still spread out instead of all hitting the network at 02:00:00.
func jitterOffset(name string, s cron.Schedule, max time.Duration, now time.Time) time.Duration {
	if max <= 0 {
		return 0
	}
	if p := period(s, now) / jitterFraction; p < max {
		max = p
	}
	if max <= 0 {
		return 0
	}
	h := fnv.New64a()
	h.Write([]byte(name))
	return time.Duration(h.Sum64() % uint64(max))
}

// period is the gap between the next two activations after now (0 if the schedule stops).
func period(s cron.Schedule, now time.Time) time.Duration {
	a := s.Next(now)
	if a.IsZero() {
		return 0
	}
	b := s.Next(a)
	if b.IsZero() {
		return 0
	}
	return b.Sub(a)
}

// lastActivation is the schedule's latest activation at or before now: the slot a run at now
// belongs to, the same on every node (serve with a frontier names a site's round by it). A
// schedule that can say (Prev) says; for cron's, activations are walked forward from a
// look-back window, the shortest that holds one, so a minutely schedule costs at most an
// hour's worth of steps and a yearly one a few. Zero if none is found within four years.
func lastActivation(s cron.Schedule, now time.Time) time.Time {
	if p, ok := s.(interface{ Prev(time.Time) time.Time }); ok {
		return p.Prev(now)
	}
	for _, back := range []time.Duration{time.Hour, 24 * time.Hour, 32 * 24 * time.Hour, 367 * 24 * time.Hour, 4 * 366 * 24 * time.Hour} {
		t := s.Next(now.Add(-back))
		if t.IsZero() || t.After(now) {
			continue
		}
		for {
			n := s.Next(t)
			if n.IsZero() || n.After(now) {
				return t
			}
			t = n
		}
	}
	return time.Time{}
}

// Prev of an @every schedule: every's activations are relative to whenever it started, which
// differs between nodes, so its slots are counted from the Unix epoch instead.
func (e every) Prev(t time.Time) time.Time { return t.Truncate(time.Duration(e)) }

// Prev of a jittered schedule: the inner one's, shifted.
func (j jittered) Prev(t time.Time) time.Time {
	p := lastActivation(j.inner, t.Add(-j.offset))
	if p.IsZero() {
		return p
	}
	return p.Add(j.offset)
}
