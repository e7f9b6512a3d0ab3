package loader

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/cenkalti/backoff/v5"
)

// Which insert errors are retried (and end as ErrUnreachable, so spooled) and which are final.
// The codes are the ones a Distributed insert to a shard that is down returns (seen on the
// cluster of TestCluster: 279, 210) and their relatives.
func TestRetryableClassification(t *testing.T) {
	cases := []struct {
		name    string
		err     error
		retried bool
	}{
		{"all connection tries failed", &clickhouse.Exception{Code: 279, Message: "All connection tries failed"}, true},
		{"network error", fmt.Errorf("send: %w", &clickhouse.Exception{Code: 210, Message: "Connection refused"}), true},
		{"replica read-only", &clickhouse.Exception{Code: 242, Message: "Table is in readonly mode"}, true},
		{"no zookeeper", &clickhouse.Exception{Code: 225, Message: "Cannot use ZooKeeper"}, true},
		{"connection reset", errors.New("read: connection reset by peer"), true},
		{"syntax error", &clickhouse.Exception{Code: 62, Message: "Syntax error"}, false},
		{"unknown table", &clickhouse.Exception{Code: 60, Message: "Table doesn't exist"}, false},
		{"cancelled", context.Canceled, false},
	}
	s := &serverSink{}
	for _, c := range cases {
		network := false
		err := s.retryable(c.err, &network)
		var perm *backoff.PermanentError
		if got := !errors.As(err, &perm); got != c.retried || network != c.retried {
			t.Errorf("%s: retried %v (network %v), want %v", c.name, got, network, c.retried)
		}
		var qe *QueryError
		var ex *clickhouse.Exception
		if errors.As(c.err, &ex) && (!errors.As(err, &qe) || qe.Code != ex.Code) {
			t.Errorf("%s: %v does not carry the server's code %d", c.name, err, ex.Code)
		}
	}
}
