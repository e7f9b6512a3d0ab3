package loader

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/pressly/goose/v3"

	"github.com/govreports/govreports/schemas"
)

// Cluster mode (Options.Cluster): the sink talks to one entry node (the DSN) for inserts and
// queries, and to every node of the cluster for what cannot go through one node on 18.16:
// ALTERs run per shard or per node (schemas.ClusterStep), and after an insert each replica of a
// shard with several is made to fetch the new parts (SYSTEM SYNC REPLICA), so that a read
// through any node, whichever replica it picks, sees the whole load when Load returns.

// clusterNode is one server of the cluster as system.clusters on the entry node names it.
type clusterNode struct {
	shard, replica uint32
	addr           string
	conn           driver.Conn // opened on first use
}

func (n *clusterNode) String() string {
	return fmt.Sprintf("shard %d replica %d (%s)", n.shard, n.replica, n.addr)
}

// clusterTopo is the cluster's nodes, read once.
type clusterTopo struct {
	names schemas.ClusterNames
	mu    sync.Mutex
	nodes []*clusterNode
}

// nodes lists the cluster's servers, asking the entry node the first time.
func (s *serverSink) nodes(ctx context.Context) ([]*clusterNode, error) {
	c := s.cluster
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.nodes != nil {
		return c.nodes, nil
	}
	rows, err := s.boot.Query(ctx, fmt.Sprintf(
		"SELECT shard_num, replica_num, host_name, port FROM system.clusters WHERE cluster = '%s' ORDER BY shard_num, replica_num",
		c.names.Cluster))
	if err != nil {
		return nil, s.queryError(err)
	}
	defer rows.Close()
	var out []*clusterNode
	for rows.Next() {
		var n clusterNode
		var host string
		var port uint16
		if err := rows.Scan(&n.shard, &n.replica, &host, &port); err != nil {
			return nil, s.queryError(err)
		}
		n.addr = fmt.Sprintf("%s:%d", host, port)
		out = append(out, &n)
	}
	if err := rows.Err(); err != nil {
		return nil, s.queryError(err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: cluster %q is not in system.clusters of %s (remote_servers config)", ErrNoCluster, c.names.Cluster, s.cfg.where)
	}
	c.nodes = out
	return out, nil
}

// ErrNoCluster: the entry node does not know the cluster named by Options.Cluster.
var ErrNoCluster = errors.New("loader: unknown cluster")

// nodeConn opens (once) a connection to node n without a current database: every statement
// sent to a node names its tables in full.
func (s *serverSink) nodeConn(n *clusterNode) (driver.Conn, error) {
	s.cluster.mu.Lock()
	defer s.cluster.mu.Unlock()
	if n.conn != nil {
		return n.conn, nil
	}
	o := *s.cfg.opts
	o.Addr = []string{n.addr}
	o.Auth.Database = ""
	o.MaxOpenConns = 4 // syncReplicas sends one statement per table at once
	c, err := clickhouse.Open(&o)
	if err != nil {
		return nil, err
	}
	n.conn = c
	return c, nil
}

func (s *serverSink) closeNodes() []error {
	if s.cluster == nil {
		return nil
	}
	s.cluster.mu.Lock()
	defer s.cluster.mu.Unlock()
	var errs []error
	for _, n := range s.cluster.nodes {
		if n.conn != nil {
			errs = append(errs, n.conn.Close())
			n.conn = nil
		}
	}
	return errs
}

// migrateCluster creates the database and the migration state on every node (ON CLUSTER) and
// applies the pending migrations through goose, each as a Go migration that runs its steps.
// The state table is replicated to every node, so a later run through any node finds the same
// versions; every step is idempotent (IF [NOT] EXISTS, or skipped where its Done check holds),
// so a migration interrupted halfway is simply run again.
func (s *serverSink) migrateCluster(ctx context.Context) ([]int64, error) {
	names := s.cluster.names
	ready, err := s.hasTable(ctx, versionTable)
	if err != nil {
		return nil, err
	}
	if !ready {
		// ON CLUSTER DDL waits for every node; it runs only until the state table exists,
		// so a command with a node down still starts (and spools) once the schema is there.
		if err := s.requireAllNodes(ctx); err != nil {
			return nil, err
		}
		q, err := names.DatabaseDDL()
		if err != nil {
			return nil, fmt.Errorf("loader: %w", err)
		}
		if err := s.boot.Exec(ctx, q); err != nil {
			return nil, s.queryError(err)
		}
	}
	createState, err := names.VersionTableDDL(versionTable)
	if err != nil {
		return nil, fmt.Errorf("loader: %w", err)
	}
	if s.conn == nil {
		if err := s.openDatabase(); err != nil {
			return nil, err
		}
	}
	ms, err := schemas.ClusterMigrations(names.Cluster, names.DB)
	if err != nil {
		return nil, fmt.Errorf("loader: %w", err)
	}
	gms := make([]*goose.Migration, len(ms))
	for i := range ms {
		m := ms[i]
		gms[i] = goose.NewGoMigration(m.Version, &goose.GoFunc{RunDB: func(ctx context.Context, _ *sql.DB) error {
			return s.clusterSteps(ctx, m)
		}}, nil)
	}
	o := *s.cfg.opts
	o.Auth.Database = names.DB
	db := clickhouse.OpenDB(&o)
	defer db.Close()
	store := &versionStore{table: versionTable, clock: &s.clock, create: createState,
		// Another node may have recorded a version a moment ago: fetch its parts first.
		sync: fmt.Sprintf("SYSTEM SYNC REPLICA %s.%s", names.DB, versionTable)}
	return runGoose(ctx, db, nil, store, s.log, goose.WithGoMigrations(gms...))
}

func (s *serverSink) hasTable(ctx context.Context, table string) (bool, error) {
	var n uint64
	q := fmt.Sprintf("SELECT count() FROM system.tables WHERE database = '%s' AND name = '%s'", s.cfg.database, table)
	if err := s.boot.QueryRow(ctx, q).Scan(&n); err != nil {
		return false, s.queryError(err)
	}
	return n > 0, nil
}

// clusterSteps runs one migration's steps. A node that cannot be reached fails the migration
// (with ErrUnreachable): DDL needs the whole cluster, and the next run resumes it.
func (s *serverSink) clusterSteps(ctx context.Context, m schemas.ClusterMigration) error {
	if err := s.requireAllNodes(ctx); err != nil {
		return fmt.Errorf("%s: %w", m.File, err)
	}
	nodes, err := s.nodes(ctx)
	if err != nil {
		return err
	}
	for i, st := range m.Steps {
		var err error
		switch st.Scope {
		case schemas.OnCluster:
			err = s.boot.Exec(ctx, st.SQL)
			if err != nil {
				err = fmt.Errorf("%s step %d (on cluster): %w", m.File, i+1, s.queryError(err))
			}
		case schemas.PerNode:
			for _, n := range nodes {
				if err = s.stepOn(ctx, n, m, i); err != nil {
					break
				}
			}
		case schemas.PerShard:
			err = s.perShard(ctx, nodes, m, i)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// requireAllNodes fails fast, with ErrUnreachable naming the node, when a node of the cluster
// does not answer: ON CLUSTER DDL would otherwise wait for it for distributed_ddl_task_timeout
// (180 s by default) and then fail anyway.
func (s *serverSink) requireAllNodes(ctx context.Context) error {
	nodes, err := s.nodes(ctx)
	if err != nil {
		return err
	}
	for _, n := range nodes {
		conn, err := s.nodeConn(n)
		if err == nil {
			pctx, cancel := context.WithTimeout(ctx, s.opts.DialTimeout+2*time.Second)
			err = conn.Ping(pctx)
			cancel()
		}
		if err != nil {
			return fmt.Errorf("%w: migrations need every node of cluster %s; %s does not answer: %v",
				ErrUnreachable, s.cluster.names.Cluster, n, RedactError(err, s.opts.DSN))
		}
	}
	return nil
}

// perShard runs step i on the first replica of each shard that answers.
func (s *serverSink) perShard(ctx context.Context, nodes []*clusterNode, m schemas.ClusterMigration, i int) error {
	done := map[uint32]bool{}
	var down []error
	for _, n := range nodes {
		if done[n.shard] {
			continue
		}
		err := s.stepOn(ctx, n, m, i)
		if errors.Is(err, ErrUnreachable) {
			down = append(down, err) // try the shard's next replica
			continue
		}
		if err != nil {
			return err
		}
		done[n.shard] = true
	}
	for _, n := range nodes {
		if !done[n.shard] {
			return fmt.Errorf("%s step %d: no replica of shard %d answers: %w", m.File, i+1, n.shard, errors.Join(down...))
		}
	}
	return nil
}

// stepOn runs step i on node n unless its Done check says it already ran there.
func (s *serverSink) stepOn(ctx context.Context, n *clusterNode, m schemas.ClusterMigration, i int) error {
	st := m.Steps[i]
	where := fmt.Sprintf("%s step %d (%s) on %s", m.File, i+1, st.Scope, n)
	conn, err := s.nodeConn(n)
	if err == nil {
		err = conn.Ping(ctx)
	}
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrUnreachable, where, RedactError(err, s.opts.DSN))
	}
	if st.Done != "" {
		var done bool
		if err := conn.QueryRow(ctx, st.Done).Scan(&done); err != nil {
			return fmt.Errorf("%s: check: %w", where, s.queryError(err))
		}
		if done {
			s.log.Debug("cluster step already applied", "step", where)
			return nil
		}
	}
	if err := conn.Exec(ctx, st.SQL); err != nil {
		return fmt.Errorf("%s: %w", where, s.queryError(err))
	}
	s.log.Debug("cluster step applied", "step", where)
	return nil
}

// syncReplicas waits until every replica of each shard that has several holds what was just
// inserted into the tables. A replica that is down or does not answer in time is logged and
// left to catch up by itself: the rows are safe on the replica that took them.
func (s *serverSink) syncReplicas(ctx context.Context, tables ...string) {
	if s.cluster == nil {
		return
	}
	nodes, err := s.nodes(ctx)
	if err != nil {
		s.log.Warn("cannot list the cluster's replicas", "err", err)
		return
	}
	perShard := map[uint32]int{}
	for _, n := range nodes {
		perShard[n.shard]++
	}
	// All at once: each statement is a round trip that mostly waits.
	var wg sync.WaitGroup
	for _, n := range nodes {
		if perShard[n.shard] < 2 {
			continue
		}
		conn, err := s.nodeConn(n)
		if err != nil {
			s.log.Warn("replica not synced", "node", n.String(), "err", err)
			continue
		}
		for _, t := range tables {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sctx, cancel := context.WithTimeout(ctx, max(s.opts.RetryFor, 5*time.Second))
				defer cancel()
				if err := conn.Exec(sctx, fmt.Sprintf("SYSTEM SYNC REPLICA %s.%s", s.cluster.names.DB, s.cluster.names.LocalTable(t))); err != nil {
					s.log.Warn("replica not synced", "node", n.String(), "table", t, "err", RedactError(err, s.opts.DSN))
				}
			}()
		}
	}
	wg.Wait()
}
