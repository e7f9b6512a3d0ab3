package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// handler routes /metrics, /healthz, /readyz and /status.
func (s *Server) handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.metrics.Registry, promhttp.HandlerOpts{
		ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelError),
		Registry: s.metrics.Registry, // counts its own errors there, not in the global registry
	}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		// Alive is all it says: a liveness probe that checked ClickHouse would restart a healthy
		// crawler whenever the database hiccups.
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.HandleFunc("GET /status", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.Encode(map[string]any{"sites": s.Status()})
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, "govreports serve: /metrics /healthz /readyz /status")
	})
	return mux
}

// readyz answers 200 when ClickHouse answers SELECT 1 within ReadyTimeout, 503 otherwise (and
// while shutting down). The query runs in its own goroutine so a sink that ignores its context
// still cannot hold the probe past the timeout; one probe at a time, so a hung server does not
// collect a goroutine per probe.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.stopping.Load() {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	if !s.probing.CompareAndSwap(false, true) {
		http.Error(w, "clickhouse: previous check still waiting for an answer", http.StatusServiceUnavailable)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.opts.ReadyTimeout)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		defer s.probing.Store(false)
		_, err := s.opts.Sink.Query(ctx, "SELECT 1")
		done <- err
	}()
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		err = fmt.Errorf("no answer within %s", s.opts.ReadyTimeout)
	}
	if err != nil {
		s.log.Warn("readiness check failed", "target", s.opts.Sink.Target(), "err", err)
		http.Error(w, "clickhouse unreachable: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	fmt.Fprintln(w, "ok")
}
