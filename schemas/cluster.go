package schemas

import (
	_ "embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"text/template"
)

// The migrations are written for one server. ClusterMigrations turns the same files into steps
// for a cluster, so there is one source of DDL: each statement is read with the lexer of
// sqltok.go, recognised by its shape (CREATE TABLE of a MergeTree table, ALTER … ADD/DROP
// COLUMN [, MODIFY ORDER BY], CREATE VIEW, DROP TABLE) and written out again through the
// templates of clickhouse/cluster.tmpl (ON CLUSTER, Replicated engine with its ZooKeeper path
// and replica macros, the Distributed wrapper). A statement of any other shape is an error, never
// single-node DDL sent to a cluster. docs/clickhouse.md describes what gets created.

//go:embed clickhouse/cluster.tmpl
var clusterTmplText string

var clusterTmpl = template.Must(template.New("cluster").Parse(clusterTmplText))

// Scope says where a cluster step runs.
type Scope int

const (
	// OnCluster: one statement with ON CLUSTER, sent to any node.
	OnCluster Scope = iota
	// PerShard: on one live replica of every shard, without ON CLUSTER; replication carries
	// it to the shard's other replicas.
	PerShard
	// PerNode: on every node, without ON CLUSTER.
	PerNode
)

func (s Scope) String() string {
	return [...]string{"on cluster", "per shard", "per node"}[s]
}

// ClusterStep is one statement of a cluster migration.
type ClusterStep struct {
	Scope Scope
	SQL   string
	// Done, when set, is a query returning one number, non-zero when the step's effect is
	// already in place on the node it would run on: the step is then skipped there, so a
	// migration interrupted halfway can be run again. Steps without it are idempotent
	// themselves (IF [NOT] EXISTS).
	Done string
}

// ClusterMigration is one migration file rendered for a cluster.
type ClusterMigration struct {
	Version int64
	File    string
	Steps   []ClusterStep
}

// ClusterNames are the cluster and the database that the DDL is rendered for.
type ClusterNames struct{ Cluster, DB string }

func (n ClusterNames) valid() error {
	if !ValidIdent(n.Cluster) || !ValidIdent(n.DB) {
		return fmt.Errorf("schemas: cluster %q and database %q must be plain identifiers", n.Cluster, n.DB)
	}
	return nil
}

// tmplData is what the templates of cluster.tmpl read.
type tmplData struct {
	DB, Cluster, Table string
	Columns            string // a CREATE TABLE's column list, as written
	Engine, EngineArgs string // ReplacingMergeTree, version
	Tail               string // ORDER BY … and whatever follows the engine
	ShardKey           string
	Clauses            string // of an ALTER
	Names              string // 'a', 'b': columns a check looks for
	N                  int
	Select             string
}

func (n ClusterNames) render(name string, d tmplData) (string, error) {
	d.DB, d.Cluster = n.DB, n.Cluster
	var b strings.Builder
	if err := clusterTmpl.ExecuteTemplate(&b, name, d); err != nil {
		return "", err
	}
	return b.String(), nil
}

// LocalTable is the name cluster.tmpl gives the replicated table behind the Distributed table t.
func (n ClusterNames) LocalTable(t string) string { return t + "_local" }

// DatabaseDDL creates the database on every node.
func (n ClusterNames) DatabaseDDL() (string, error) {
	if err := n.valid(); err != nil {
		return "", err
	}
	return n.render("database", tmplData{})
}

// VersionTableDDL creates the migration state table, replicated to every node.
func (n ClusterNames) VersionTableDDL(table string) (string, error) {
	if err := n.valid(); err != nil {
		return "", err
	}
	if !ValidIdent(table) {
		return "", fmt.Errorf("schemas: bad table name %q", table)
	}
	return n.render("version_table", tmplData{Table: table})
}

// ClusterMigrations renders every migration file for cluster and database, in version order.
func ClusterMigrations(cluster, database string) ([]ClusterMigration, error) {
	return renderClusterFS(ClickHouseMigrations(), ClusterNames{Cluster: cluster, DB: database})
}

func renderClusterFS(src fs.FS, n ClusterNames) ([]ClusterMigration, error) {
	if err := n.valid(); err != nil {
		return nil, err
	}
	names, err := fs.Glob(src, "*.sql")
	if err != nil {
		return nil, err
	}
	r := &clusterRenderer{names: n, kinds: map[string]objKind{}}
	var out []ClusterMigration
	for _, name := range names { // Glob sorts: 00001_… before 00002_…
		v, err := fileVersion(name)
		if err != nil {
			return nil, err
		}
		b, err := fs.ReadFile(src, name)
		if err != nil {
			return nil, err
		}
		steps, err := r.file(string(b))
		if err != nil {
			return nil, fmt.Errorf("schemas: %s: %w", name, err)
		}
		out = append(out, ClusterMigration{Version: v, File: name, Steps: steps})
	}
	return out, nil
}

func fileVersion(name string) (int64, error) {
	base := path.Base(name)
	i := strings.IndexByte(base, '_')
	if i <= 0 {
		return 0, fmt.Errorf("schemas: migration %s: want NNNNN_name.sql", name)
	}
	return strconv.ParseInt(base[:i], 10, 64)
}

type objKind int

const (
	objTable objKind = iota + 1 // a base table: T_local + Distributed T
	objView
)

// clusterRenderer remembers, across files, which names are base tables and which views.
type clusterRenderer struct {
	names ClusterNames
	kinds map[string]objKind
}

// file renders the Up part of one goose migration file.
func (r *clusterRenderer) file(src string) ([]ClusterStep, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	// The Up part runs from the first Up mark to the first Down mark after it (a Down mark
	// before Up, or a second Up, must not cut the slice out of order: found by FuzzClusterRender).
	up, down, found := -1, len(toks), false
	for i, t := range toks {
		if t.kind != tokComment {
			continue
		}
		switch strings.TrimSpace(t.text) {
		case "-- +goose Up":
			if !found {
				up, found = i+1, true
			}
		case "-- +goose Down":
			if found && i < down {
				down = i
			}
		}
		if strings.HasPrefix(strings.TrimSpace(t.text), "-- +goose StatementBegin") {
			return nil, fmt.Errorf("goose StatementBegin blocks are not supported on a cluster")
		}
	}
	if !found {
		return nil, fmt.Errorf("no -- +goose Up")
	}
	var steps []ClusterStep
	for _, st := range statements(toks[up:down]) {
		s, err := r.statement(st)
		if err != nil {
			return nil, fmt.Errorf("%w: %.100q", err, text(st))
		}
		steps = append(steps, s...)
	}
	return steps, nil
}

func (r *clusterRenderer) statement(st []token) ([]ClusterStep, error) {
	c := code(st)
	switch {
	case len(c) > 2 && c[0].is("CREATE") && c[1].is("TABLE"):
		return r.createTable(st)
	case len(c) > 2 && c[0].is("CREATE") && c[1].is("VIEW"):
		return r.createView(st)
	case len(c) > 2 && c[0].is("ALTER") && c[1].is("TABLE"):
		return r.alter(st)
	case len(c) > 2 && c[0].is("DROP") && (c[1].is("TABLE") || c[1].is("VIEW")):
		return r.drop(c)
	}
	return nil, fmt.Errorf("cannot render for a cluster (want CREATE TABLE, CREATE VIEW, ALTER TABLE or DROP)")
}

// name reads "IF [NOT] EXISTS name" or "name" at c[i:], returning the name and the next index.
func name(c []token, i int, ifWords ...string) (string, int, error) {
	if i+len(ifWords) < len(c) && c[i].is("IF") {
		for _, w := range ifWords {
			i++
			if !c[i].is(w) {
				return "", 0, fmt.Errorf("unexpected %q", c[i].text)
			}
		}
		i++
	}
	if i >= len(c) || c[i].kind != tokWord {
		return "", 0, fmt.Errorf("want a plain table name")
	}
	if i+1 < len(c) && c[i+1].punct(".") {
		return "", 0, fmt.Errorf("table names in migrations are unqualified (the loader picks the database)")
	}
	return c[i].text, i + 1, nil
}

// createTable: CREATE TABLE [IF NOT EXISTS] t (columns) ENGINE = XMergeTree(args) tail.
func (r *clusterRenderer) createTable(st []token) ([]ClusterStep, error) {
	c := code(st)
	tbl, i, err := name(c, 2, "NOT", "EXISTS")
	if err != nil {
		return nil, err
	}
	// Positions in st (with blanks) are needed to keep the column list and tail as written.
	pos := indexInStmt(st, c, i)
	if pos < 0 || !st[pos].punct("(") {
		return nil, fmt.Errorf("want a column list after the table name")
	}
	end := closing(st, pos)
	if end < 0 {
		return nil, fmt.Errorf("unbalanced column list")
	}
	columns := "\n    " + text(st[pos+1:end]) // as written, one column a line
	rest := code(st[end+1:])
	if len(rest) < 3 || !rest[0].is("ENGINE") || !rest[1].punct("=") || rest[2].kind != tokWord {
		return nil, fmt.Errorf("want ENGINE = …MergeTree after the columns")
	}
	engine := rest[2].text
	if !strings.HasSuffix(engine, "MergeTree") || strings.HasPrefix(engine, "Replicated") {
		return nil, fmt.Errorf("engine %s: only non-replicated MergeTree engines can be made replicated", engine)
	}
	// Find ENGINE's token in st again to cut the arguments and the tail as written.
	j := end + 1
	for !st[j].is(engine) {
		j++
	}
	j++
	args := ""
	if j < len(st) && st[j].punct("(") {
		ae := closing(st, j)
		if ae < 0 {
			return nil, fmt.Errorf("unbalanced engine arguments")
		}
		args = text(st[j+1 : ae])
		j = ae + 1
	}
	tail := text(st[j:])
	key, err := firstKeyColumn(code(st[j:]))
	if err != nil {
		return nil, err
	}
	d := tmplData{Table: tbl, Columns: columns, Engine: engine, EngineArgs: args, Tail: tail,
		ShardKey: "cityHash64(" + key + ")"}
	local, err := r.names.render("local_table", d)
	if err != nil {
		return nil, err
	}
	dist, err := r.names.render("distributed_table", d)
	if err != nil {
		return nil, err
	}
	r.kinds[tbl] = objTable
	return []ClusterStep{{Scope: OnCluster, SQL: local}, {Scope: OnCluster, SQL: dist}}, nil
}

// indexInStmt maps index i of code(st) back to its index in st.
func indexInStmt(st, c []token, i int) int {
	if i >= len(c) {
		return -1
	}
	n := -1
	for k, t := range st {
		if t.kind != tokSpace && t.kind != tokComment {
			n++
			if n == i {
				return k
			}
		}
	}
	return -1
}

// firstKeyColumn reads the first column of "ORDER BY col" or "ORDER BY (col, …)".
func firstKeyColumn(c []token) (string, error) {
	for i := 0; i+2 < len(c); i++ {
		if c[i].is("ORDER") && c[i+1].is("BY") {
			k := c[i+2]
			if k.punct("(") && i+3 < len(c) {
				k = c[i+3]
			}
			if k.kind == tokWord {
				return k.text, nil
			}
			break
		}
	}
	return "", fmt.Errorf("want ORDER BY column or ORDER BY (column, …): the sharding key is its first column")
}

// alter: ALTER TABLE t clause, clause, … with ADD COLUMN, DROP COLUMN and MODIFY ORDER BY.
func (r *clusterRenderer) alter(st []token) ([]ClusterStep, error) {
	c := code(st)
	tbl, i, err := name(c, 2)
	if err != nil {
		return nil, err
	}
	pos := indexInStmt(st, c, i)
	if pos < 0 {
		return nil, fmt.Errorf("ALTER TABLE %s without clauses", tbl)
	}
	if r.kinds[tbl] != objTable {
		return nil, fmt.Errorf("ALTER of %s, which no earlier migration created as a table", tbl)
	}
	var all, columnClauses []string
	var added, dropped []string
	for _, whole := range splitTop(st[pos:]) {
		cl, s := code(whole), text(whole)
		switch {
		case len(cl) >= 3 && cl[0].is("ADD") && cl[1].is("COLUMN") && cl[2].kind == tokWord:
			added = append(added, cl[2].text)
			columnClauses = append(columnClauses, s)
		case len(cl) >= 3 && cl[0].is("DROP") && cl[1].is("COLUMN") && cl[2].kind == tokWord:
			dropped = append(dropped, cl[2].text)
			columnClauses = append(columnClauses, s)
		case len(cl) >= 3 && cl[0].is("MODIFY") && cl[1].is("ORDER") && cl[2].is("BY"):
			// The key belongs to the local table only; 18.16 allows it only with columns
			// added in the same ALTER, which then tell whether it ran.
		default:
			return nil, fmt.Errorf("ALTER clause %q: only ADD COLUMN, DROP COLUMN and MODIFY ORDER BY are rendered for a cluster", s)
		}
		all = append(all, s)
	}
	if len(added) > 0 && len(dropped) > 0 {
		return nil, fmt.Errorf("an ALTER that both adds and drops columns cannot tell whether it ran; split it")
	}
	if len(added) == 0 && len(dropped) == 0 {
		return nil, fmt.Errorf("MODIFY ORDER BY needs a column added in the same ALTER")
	}
	check := "columns_present"
	names := added
	if len(dropped) > 0 {
		check, names = "columns_absent", dropped
	}
	quoted := make([]string, len(names))
	for k, n := range names {
		quoted[k] = "'" + n + "'"
	}
	steps := make([]ClusterStep, 0, 2)
	for _, part := range []struct {
		tmpl, table string
		clauses     []string
		scope       Scope
	}{
		{"alter_local", tbl + "_local", all, PerShard},
		{"alter_distributed", tbl, columnClauses, PerNode},
	} {
		d := tmplData{Table: tbl, Clauses: strings.Join(part.clauses, ", ")}
		sql, err := r.names.render(part.tmpl, d)
		if err != nil {
			return nil, err
		}
		done, err := r.names.render(check, tmplData{Table: part.table, Names: strings.Join(quoted, ", "), N: len(names)})
		if err != nil {
			return nil, err
		}
		steps = append(steps, ClusterStep{Scope: part.scope, SQL: sql, Done: done})
	}
	return steps, nil
}

// createView: CREATE VIEW [IF NOT EXISTS] v AS select.
func (r *clusterRenderer) createView(st []token) ([]ClusterStep, error) {
	c := code(st)
	v, i, err := name(c, 2, "NOT", "EXISTS")
	if err != nil {
		return nil, err
	}
	if i >= len(c) || !c[i].is("AS") {
		return nil, fmt.Errorf("want AS after the view name")
	}
	as := indexInStmt(st, c, i)
	sel, err := r.distributedSelect(st[as+1:])
	if err != nil {
		return nil, err
	}
	sql, err := r.names.render("view", tmplData{Table: v, Select: sel})
	if err != nil {
		return nil, err
	}
	r.kinds[v] = objView
	return []ClusterStep{{Scope: OnCluster, SQL: sql}}, nil
}

// joinWords may stand before JOIN; GLOBAL goes before the first of them.
var joinWords = map[string]bool{"ANY": true, "ALL": true, "INNER": true, "LEFT": true, "RIGHT": true,
	"FULL": true, "OUTER": true, "CROSS": true, "SEMI": true, "ANTI": true, "ASOF": true}

// distributedSelect makes a view's SELECT right for Distributed tables: names after FROM and
// JOIN qualified with the database; IN (SELECT …) and joins made GLOBAL, so the subquery runs
// once on the initiator rather than as a distributed query on every shard (refused by default).
// Comments are dropped.
func (r *clusterRenderer) distributedSelect(st []token) (string, error) {
	var toks []token
	for _, t := range st {
		if t.kind != tokComment {
			toks = append(toks, t)
		}
	}
	next := func(i int) int { // index of the next code token after i, or len
		for i++; i < len(toks) && toks[i].kind == tokSpace; i++ {
		}
		return i
	}
	prev := func(i int) int {
		for i--; i >= 0 && toks[i].kind == tokSpace; i-- {
		}
		return i
	}
	global := map[int]bool{}  // insert GLOBAL before token i
	qualify := map[int]bool{} // prefix token i with the database
	for i, t := range toks {
		switch {
		case t.is("IN"):
			n := next(i)
			if n < len(toks) && toks[n].punct("(") && next(n) < len(toks) && toks[next(n)].is("SELECT") {
				at := i
				if p := prev(i); p >= 0 && toks[p].is("NOT") {
					at = p
				}
				if p := prev(at); p < 0 || !toks[p].is("GLOBAL") {
					global[at] = true
				}
			}
		case t.is("JOIN"):
			at := i
			for p := prev(at); p >= 0 && toks[p].kind == tokWord && joinWords[strings.ToUpper(toks[p].text)]; p = prev(at) {
				at = p
			}
			if p := prev(at); p < 0 || !toks[p].is("GLOBAL") {
				global[at] = true
			}
			fallthrough
		case t.is("FROM"):
			n := next(i)
			if n < len(toks) && toks[n].kind == tokWord && !toks[n].is("SELECT") {
				after := next(n)
				if after >= len(toks) || (!toks[after].punct(".") && !toks[after].punct("(")) {
					qualify[n] = true
				}
			}
		}
	}
	var b strings.Builder
	for i, t := range toks {
		if global[i] {
			b.WriteString("GLOBAL ")
		}
		if qualify[i] {
			b.WriteString(r.names.DB + ".")
		}
		b.WriteString(t.text)
	}
	return strings.TrimSpace(b.String()), nil
}

// drop: DROP TABLE|VIEW [IF EXISTS] t; a base table takes its local table with it.
func (r *clusterRenderer) drop(c []token) ([]ClusterStep, error) {
	n, i, err := name(c, 2, "EXISTS")
	if err != nil {
		return nil, err
	}
	if i != len(c) {
		return nil, fmt.Errorf("unexpected %q after the name", c[i].text)
	}
	names := []string{n}
	if r.kinds[n] == objTable {
		names = append(names, n+"_local")
	}
	delete(r.kinds, n)
	var steps []ClusterStep
	for _, t := range names {
		sql, err := r.names.render("drop", tmplData{Table: t})
		if err != nil {
			return nil, err
		}
		steps = append(steps, ClusterStep{Scope: OnCluster, SQL: sql})
	}
	return steps, nil
}

// ValidIdent accepts names that need no quoting anywhere in ClickHouse SQL (databases, clusters),
// so they can be spliced into DDL safely.
func ValidIdent(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}
