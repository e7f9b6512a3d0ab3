package quality

import (
	"context"

	"github.com/govreports/govreports/loader"
	"github.com/govreports/govreports/parser"
)

// ReadLoaded rebuilds the parse results of every report loaded in the target, for
// `validate --from-clickhouse` (the same summary and HTML report as for files). The loader owns
// its tables' rows, so it reads them back (loader.ReadLoaded); a loader.Sink is a Querier.
func ReadLoaded(ctx context.Context, q loader.Querier) ([]*parser.Result, error) {
	return loader.ReadLoaded(ctx, q)
}
