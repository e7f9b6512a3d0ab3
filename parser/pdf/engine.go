package pdf

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// Limits of the engine. PDFium runs inside wazero with its linear memory capped, so a hostile
// file costs at most memoryLimitPages×64 KiB; pages past MaxPages are not read (a report has
// a handful).
const (
	memoryLimitPages = 16384 // 1 GiB of WebAssembly memory
	MaxPages         = 200
	startTimeout     = 2 * time.Minute
)

// ErrEngine is returned when PDFium could not be started.
var ErrEngine = errors.New("pdf: PDFium engine could not start")

// Engine is one PDFium instance (WebAssembly, run by wazero: pure Go, no system library). It
// reads one document at a time; calls from several goroutines wait their turn.
type Engine struct {
	mu   sync.Mutex
	pool pdfium.Pool
	inst pdfium.Pdfium
}

// Options of an engine.
type Options struct {
	// CacheDir keeps wazero's compiled PDFium between processes, so only the first start of a
	// machine pays the compilation (seconds); later starts take a fraction of a second. Empty
	// means no cache.
	CacheDir string
}

// DefaultCacheDir is govreports/wazero under the user's cache directory ($XDG_CACHE_HOME or
// ~/.cache), or "" when there is none.
func DefaultCacheDir() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "govreports", "wazero")
}

// Start compiles and instantiates PDFium.
func Start(opts Options) (*Engine, error) {
	rc := wazero.NewRuntimeConfig().
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		WithMemoryLimitPages(memoryLimitPages)
	if opts.CacheDir != "" {
		if err := os.MkdirAll(opts.CacheDir, 0o755); err == nil {
			if cache, err := wazero.NewCompilationCacheWithDir(opts.CacheDir); err == nil {
				rc = rc.WithCompilationCache(cache)
			}
		}
	}
	pool, err := webassembly.Init(webassembly.Config{
		Context: context.Background(), MinIdle: 1, MaxIdle: 1, MaxTotal: 1, RuntimeConfig: rc,
		// No file system: documents are handed over in memory, PDFium never opens a path.
		FSConfig: wazero.NewFSConfig(), ReuseWorkers: true,
		Stdout: discard{}, Stderr: discard{},
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrEngine, err)
	}
	inst, err := pool.GetInstance(startTimeout)
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("%w: %v", ErrEngine, err)
	}
	return &Engine{pool: pool, inst: inst}, nil
}

// Close releases the instance.
func (e *Engine) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.inst != nil {
		e.inst.Close()
		e.inst = nil
	}
	return e.pool.Close()
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

var (
	defaultOnce   sync.Once
	defaultEngine *Engine
	defaultErr    error
)

// Default is the process's engine, started on first use (the first PDF seen), with the
// compilation cache in DefaultCacheDir. One per process: PDFium's instance is large, and
// reports are small, so one at a time is fast enough (see the benchmarks).
func Default() (*Engine, error) {
	defaultOnce.Do(func() {
		defaultEngine, defaultErr = Start(Options{CacheDir: DefaultCacheDir()})
	})
	return defaultEngine, defaultErr
}
