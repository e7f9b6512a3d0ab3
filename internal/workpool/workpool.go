// Package workpool runs a pure function over a stream of items on every core and hands the
// results on in input order, with a bounded number of items in flight: what parse, validate and
// load need to read an archive of any size on all cores with the output of a one-core run.
package workpool

import (
	"runtime"
	"sync"
)

// Workers is the default number of workers: GOMAXPROCS, which follows the CPUs this process may
// run on (taskset, cgroup CPU limits).
func Workers() int { return runtime.GOMAXPROCS(0) }

// Window is how many items may be in flight (submitted, not yet handed to sink) for a number of
// workers: two per worker keeps every worker busy while sink waits for the oldest item.
func Window(workers int) int { return 2 * max(workers, 1) }

// Ordered calls feed with a submit function. Every item submitted is passed to work on one of
// workers goroutines, and its result to sink, on one goroutine, in the order of submission.
//
// At most Window(workers) items are in flight: submit blocks until there is room, so memory
// stays bounded whatever the length of the stream. The first error of sink stops the run:
// submit returns it from then on (feed should stop), the results still in flight are dropped,
// and Ordered returns it. Otherwise Ordered returns feed's error, after every item submitted
// before it was sunk. work must be safe to run concurrently; sink need not be.
//
// With workers <= 1 everything runs on the calling goroutine, in order, without goroutines.
func Ordered[In, Out any](workers int, feed func(submit func(In) error) error, work func(In) Out, sink func(In, Out) error) error {
	if workers <= 1 {
		return serial(feed, work, sink)
	}
	type job struct {
		in   In
		out  Out
		done chan struct{}
	}
	var (
		jobs    = make(chan *job, workers)
		order   = make(chan *job, Window(workers)-1) // +1 held by the sink goroutine
		stop    = make(chan struct{})
		sinkErr error // written before stop is closed, read after
		done    = make(chan struct{})
		wg      sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				j.out = work(j.in)
				close(j.done)
			}
		})
	}
	go func() {
		defer close(done)
		for j := range order {
			<-j.done
			if sinkErr != nil {
				continue // stopped: drain what is in flight
			}
			if err := sink(j.in, j.out); err != nil {
				sinkErr = err
				close(stop)
			}
			var zero Out
			j.out = zero // let the result go as soon as it is sunk
		}
	}()
	feedErr := feed(func(in In) error {
		select {
		case <-stop:
			return sinkErr
		default:
		}
		j := &job{in: in, done: make(chan struct{})}
		select {
		case order <- j:
		case <-stop:
			return sinkErr
		}
		jobs <- j // workers never block, so this send always completes
		return nil
	})
	close(jobs)
	close(order)
	<-done
	wg.Wait()
	if sinkErr != nil {
		return sinkErr
	}
	return feedErr
}

// serial is Ordered on one goroutine.
func serial[In, Out any](feed func(submit func(In) error) error, work func(In) Out, sink func(In, Out) error) error {
	var sinkErr error
	feedErr := feed(func(in In) error {
		if sinkErr != nil {
			return sinkErr
		}
		sinkErr = sink(in, work(in))
		return sinkErr
	})
	if sinkErr != nil {
		return sinkErr
	}
	return feedErr
}
