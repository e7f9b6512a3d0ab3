package workpool

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"
)

func TestOrdered(t *testing.T) {
	for _, workers := range []int{0, 1, 2, 3, 8} {
		t.Run(fmt.Sprint(workers), func(t *testing.T) {
			const n = 200
			var inFlight, maxInFlight, running, maxRunning atomic.Int64
			var got []int
			err := Ordered(workers, func(submit func(int) error) error {
				for i := range n {
					if v := inFlight.Add(1); v > maxInFlight.Load() {
						maxInFlight.Store(v)
					}
					if err := submit(i); err != nil {
						return err
					}
				}
				return nil
			}, func(i int) string {
				if v := running.Add(1); v > maxRunning.Load() {
					maxRunning.Store(v)
				}
				defer running.Add(-1)
				// Later items finish first now and then: order must come from submission.
				time.Sleep(time.Duration((i*7919)%5) * 100 * time.Microsecond)
				return fmt.Sprint(i * i)
			}, func(i int, out string) error {
				inFlight.Add(-1)
				if out != fmt.Sprint(i*i) {
					return fmt.Errorf("item %d got %q", i, out)
				}
				got = append(got, i)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != n {
				t.Fatalf("sunk %d items, want %d", len(got), n)
			}
			for i, v := range got {
				if v != i {
					t.Fatalf("item %d sunk at position %d", v, i)
				}
			}
			// +1: the counter is raised just before submit blocks for room.
			if limit := int64(Window(workers)) + 1; maxInFlight.Load() > limit {
				t.Errorf("%d items in flight, bound %d", maxInFlight.Load(), limit)
			}
			if maxRunning.Load() > int64(max(workers, 1)) {
				t.Errorf("%d items worked at once with %d workers", maxRunning.Load(), workers)
			}
		})
	}
}

func TestOrderedSinkErrorStops(t *testing.T) {
	errBad := errors.New("bad item")
	for _, workers := range []int{1, 4} {
		t.Run(fmt.Sprint(workers), func(t *testing.T) {
			submitted, sunk := 0, 0
			var submitErr error
			err := Ordered(workers, func(submit func(int) error) error {
				for i := range 10000 {
					submitted++
					if submitErr = submit(i); submitErr != nil {
						return fmt.Errorf("feed stopped: %w", submitErr)
					}
				}
				return nil
			}, func(i int) int { return i }, func(i, _ int) error {
				sunk++
				if i == 5 {
					return errBad
				}
				return nil
			})
			if !errors.Is(err, errBad) || !errors.Is(submitErr, errBad) {
				t.Fatalf("Ordered = %v, submit = %v; want %v from both", err, submitErr, errBad)
			}
			if sunk != 6 {
				t.Errorf("sink called %d times, want 6 (none after the error)", sunk)
			}
			if submitted > 6+Window(workers)+1 {
				t.Errorf("%d items submitted after the error stopped the run", submitted)
			}
		})
	}
}

func TestOrderedFeedError(t *testing.T) {
	errWalk := errors.New("unreadable input")
	for _, workers := range []int{1, 3} {
		t.Run(fmt.Sprint(workers), func(t *testing.T) {
			var got []int
			err := Ordered(workers, func(submit func(int) error) error {
				for i := range 5 {
					if err := submit(i); err != nil {
						return err
					}
				}
				return errWalk
			}, func(i int) int { return i }, func(i, _ int) error { got = append(got, i); return nil })
			if !errors.Is(err, errWalk) {
				t.Fatalf("Ordered = %v, want %v", err, errWalk)
			}
			if fmt.Sprint(got) != "[0 1 2 3 4]" {
				t.Fatalf("items submitted before the error: sunk %v", got)
			}
		})
	}
}
