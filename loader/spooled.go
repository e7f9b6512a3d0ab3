package loader

import (
	"context"
	"errors"
	"log/slog"
	"sync"

	"github.com/govreports/govreports/parser"
)

// Spooled is a Sink that never loses a batch to a server outage: when a Load fails with
// ErrUnreachable (the server is down and the retries of Options.RetryFor are spent), the batch is
// written to the Spool and Load succeeds with Stats.Spooled set. Every later Load first replays
// the spool, oldest batch first, and while that fails queues its own batch behind it, so batches
// reach the server in the order they were given (a newer load of a report is never overwritten
// by an older one replayed after it). Flush replays on demand, e.g. before exiting.
//
// Loads are serialized: the order guarantee needs it, and one Load already saturates a server.
type Spooled struct {
	Sink
	spool *Spool
	log   *slog.Logger
	mu    sync.Mutex
}

// NewSpooled wraps sink with the spool. Batches left in the spool by an earlier process are
// replayed by the first Load or Flush.
func NewSpooled(sink Sink, spool *Spool, logger *slog.Logger) *Spooled {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Spooled{Sink: sink, spool: spool, log: logger}
}

// Load replays the spool, then loads results; if the server is unreachable it spools them.
func (s *Spooled) Load(ctx context.Context, results []*parser.Result) (Stats, error) {
	// A batch that can never load must fail now, not sit in the spool.
	if err := checkResults(results); err != nil {
		return Stats{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.flushLocked(ctx); err != nil {
		if !errors.Is(err, ErrUnreachable) {
			return Stats{}, err
		}
		return s.put(results, err)
	}
	st, err := s.Sink.Load(ctx, results)
	if err != nil && errors.Is(err, ErrUnreachable) {
		return s.put(results, err)
	}
	return st, err
}

// Flush replays every spooled batch and returns how many reports it loaded. It fails with
// ErrUnreachable while the server is still down (the batches stay spooled).
func (s *Spooled) Flush(ctx context.Context) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.flushLocked(ctx)
}

// Pending is the number of spooled batches.
func (s *Spooled) Pending() (int, error) {
	names, err := s.spool.Pending()
	return len(names), err
}

func (s *Spooled) flushLocked(ctx context.Context) (int, error) {
	return s.spool.Replay(ctx, func(ctx context.Context, rs []*parser.Result) error {
		_, err := s.Sink.Load(ctx, rs)
		return err
	})
}

func (s *Spooled) put(results []*parser.Result, cause error) (Stats, error) {
	if err := s.spool.Put(results); err != nil {
		return Stats{}, errors.Join(cause, err)
	}
	n := 0
	for _, r := range results {
		if r != nil {
			n++
		}
	}
	s.log.Warn("ClickHouse unreachable; batch spooled for replay", "reports", n, "spool", s.spool.Dir(), "err", cause)
	return Stats{Spooled: n}, nil
}
