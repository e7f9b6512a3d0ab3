package serve

import (
	"errors"
	"testing"
	"time"

	"github.com/robfig/cron/v3"
)

func TestParseSchedule(t *testing.T) {
	at := time.Date(2025, 3, 5, 10, 0, 0, 0, time.UTC) // a Wednesday
	tests := []struct {
		spec string
		next time.Time // zero: the spec must be rejected
	}{
		{"@every 200ms", at.Add(200 * time.Millisecond)}, // not rounded up to a second
		{"@every 6h", at.Add(6 * time.Hour)},
		{"0 2 * * 1", time.Date(2025, 3, 10, 2, 0, 0, 0, time.UTC)},
		{"CRON_TZ=Asia/Shanghai 0 2 * * 1", time.Date(2025, 3, 9, 18, 0, 0, 0, time.UTC)}, // Mon 02:00 +08:00
		{"@daily", time.Date(2025, 3, 6, 0, 0, 0, 0, time.UTC)},
		{"*/15 * * * *", at.Add(15 * time.Minute)},
		{"@every 0s", time.Time{}},
		{"@every soon", time.Time{}},
		{"0 2 * *", time.Time{}},     // four fields
		{"0 0 2 * * 1", time.Time{}}, // six fields: seconds are not standard
		{"CRON_TZ=Mars/Base 0 2 * * 1", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			s, err := ParseSchedule(tt.spec)
			if tt.next.IsZero() {
				if !errors.Is(err, ErrSchedule) {
					t.Fatalf("err = %v, want ErrSchedule", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Next(at); !got.Equal(tt.next) {
				t.Fatalf("Next(%v) = %v, want %v", at, got.UTC(), tt.next)
			}
		})
	}
}

func TestJitterOffset(t *testing.T) {
	now := time.Date(2025, 3, 5, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		spec  string
		max   time.Duration
		bound time.Duration // offsets must be < bound
	}{
		{"weekly capped by max", "0 2 * * 1", time.Hour, time.Hour},
		{"hourly capped by a tenth of the period", "0 * * * *", time.Hour, 6 * time.Minute},
		{"off", "0 2 * * 1", 0, 1},
	}
	names := []string{"张家港市人民政府", "示例市", "a", "b", "c", "site-42"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := ParseSchedule(tt.spec)
			distinct := map[time.Duration]bool{}
			for _, n := range names {
				off := jitterOffset(n, s, tt.max, now)
				if off < 0 || off >= tt.bound {
					t.Fatalf("%s: offset %v outside [0, %v)", n, off, tt.bound)
				}
				// Deterministic: the same on a later start.
				if again := jitterOffset(n, s, tt.max, now.Add(72*time.Hour)); again != off {
					t.Fatalf("%s: offset %v, then %v", n, off, again)
				}
				distinct[off] = true
			}
			if tt.max > 0 && len(distinct) < len(names)-1 {
				t.Fatalf("offsets do not spread sites: %v", distinct)
			}
		})
	}
}

func TestJitteredNext(t *testing.T) {
	s, _ := ParseSchedule("0 2 * * 1")
	j := jittered{s, 17 * time.Minute}
	for _, at := range []time.Time{
		time.Date(2025, 3, 10, 1, 0, 0, 0, time.UTC),  // before 02:00
		time.Date(2025, 3, 10, 2, 5, 0, 0, time.UTC),  // after 02:00, before 02:17: this week's run is still due
		time.Date(2025, 3, 10, 2, 17, 0, 0, time.UTC), // exactly at it: the next one
	} {
		n := j.Next(at)
		if !n.After(at) || n.Minute() != 17 || n.Weekday() != time.Monday {
			t.Errorf("Next(%v) = %v", at, n)
		}
	}
	if got := j.Next(time.Date(2025, 3, 10, 2, 5, 0, 0, time.UTC)); got.Day() != 10 {
		t.Errorf("a run due at 02:17 moved to %v", got)
	}
}

func TestStartupReason(t *testing.T) {
	now := time.Date(2025, 3, 5, 10, 0, 0, 0, time.UTC)
	daily, _ := ParseSchedule("0 3 * * *")
	tests := []struct {
		name string
		rec  Record
		want bool
	}{
		{"never ran", Record{}, true},
		{"died mid-run", Record{LastStart: now.Add(-time.Hour), Running: true}, true},
		{"interrupted by shutdown", Record{LastStart: now.Add(-time.Hour), LastEnd: now.Add(-time.Minute), LastResult: ResultInterrupted}, true},
		{"ran today after 03:00", Record{LastStart: now.Add(-6 * time.Hour), LastEnd: now.Add(-5 * time.Hour), LastResult: ResultSuccess}, false},
		{"failed today: waits for its schedule", Record{LastStart: now.Add(-6 * time.Hour), LastEnd: now.Add(-5 * time.Hour), LastResult: ResultFailure}, false},
		{"last ran two days ago: missed", Record{LastStart: now.Add(-48 * time.Hour), LastEnd: now.Add(-47 * time.Hour), LastResult: ResultSuccess}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := startupReason(tt.rec, daily, now); (got != "") != tt.want {
				t.Fatalf("reason %q, want run: %v", got, tt.want)
			}
		})
	}
}

func TestLastActivation(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 17, 30, 0, time.UTC)
	must := func(spec string) cron.Schedule {
		s, err := ParseSchedule(spec)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	for _, tc := range []struct {
		name  string
		sched cron.Schedule
		want  time.Time
	}{
		{"minutely", must("CRON_TZ=UTC * * * * *"), time.Date(2026, 12, 1, 10, 17, 0, 0, time.UTC)},
		{"hourly at :20, last hour's", must("CRON_TZ=UTC 20 * * * *"), time.Date(2026, 12, 1, 9, 20, 0, 0, time.UTC)},
		{"daily at 02:00", must("CRON_TZ=UTC 0 2 * * *"), time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)},
		{"monthly on the 15th", must("CRON_TZ=UTC 0 0 15 * *"), time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC)},
		{"yearly on 1 March", must("CRON_TZ=UTC 0 0 1 3 *"), time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"exactly now", must("CRON_TZ=UTC 17 10 * * *"), time.Date(2026, 12, 1, 10, 17, 0, 0, time.UTC)},
		{"@every 10m from the epoch", must("@every 10m"), time.Date(2026, 12, 1, 10, 10, 0, 0, time.UTC)},
		{"jittered daily", jittered{inner: must("CRON_TZ=UTC 0 2 * * *"), offset: 90 * time.Minute}, time.Date(2026, 12, 1, 3, 30, 0, 0, time.UTC)},
		{"jittered, before today's shifted time", jittered{inner: must("CRON_TZ=UTC 0 10 * * *"), offset: 30 * time.Minute}, time.Date(2026, 11, 30, 10, 30, 0, 0, time.UTC)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := lastActivation(tc.sched, now.In(time.UTC))
			if !got.Equal(tc.want) {
				t.Errorf("lastActivation = %v, want %v", got, tc.want)
			}
			if n := tc.sched.Next(got); !n.After(now) {
				t.Errorf("Next(%v) = %v is not after now: not the last activation", got, n)
			}
		})
	}
}
