package serve

import "errors"

// Sentinel errors; callers test them with errors.Is.
var (
	// ErrNoSites: Options.Sites is empty, so there is nothing to schedule.
	ErrNoSites = errors.New("serve: no sites")
	// ErrSchedule wraps a schedule that does not parse (a site's or the default).
	ErrSchedule = errors.New("serve: bad schedule")
	// ErrStateLocked: another process serves from the same state directory.
	ErrStateLocked = errors.New("serve: state file locked by another govreports serve")
	// ErrListen: the HTTP address could not be bound.
	ErrListen = errors.New("serve: cannot listen")
	// ErrShutdownTimeout: in-flight runs or HTTP requests outlived Options.ShutdownTimeout. The
	// crawl journals are still consistent (a crawl resumes from its last checkpoint), but what
	// was parsed and not yet loaded may be lost.
	ErrShutdownTimeout = errors.New("serve: graceful shutdown timed out")
)
