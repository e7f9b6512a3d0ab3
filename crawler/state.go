package crawler

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// The crawl state is one append-only JSON-lines journal, state/journal.jsonl:
//
//	{"t":"run","run":3,"at":"2025-…","rd":ROUND}       a crawl run starts (rd: Config.Round, if any)
//	{"t":"q","u":URL,"d":2,"s":0,"k":"r","r":REF}       URL queued (depth, stray hops, kind: "" page, "a" attachment, "r" report link; referrer)
//	{"t":"q","u":"URL POST BODY","k":"j","n":120,…}     a Hanweb data proxy batch (hanweb.go): a POST; n is its column's record count
//	{"t":"f","u":URL,"o":"ok","st":200,"e":ETAG,"lm":LAST_MODIFIED,
//	 "h":SHA256,"m":MAIN_TEXT_SHA256,"rep":true,"on":true,"c":[CHILD…]} URL finished
//	                                                    (on: the page is on topic by itself)
//	{"t":"v",…same fields as "f"…}                       a finished URL of an earlier run (after compaction)
//	{"t":"ck","u":HOST,"ck":COOKIES}                     the cookies colly keeps for a host changed (storage.go)
//	{"t":"end","run":3}                                 the run completed
//
// Why this shape: appends are cheap and never rewrite data, so a kill -9
// loses at most the last, torn line (which loading drops); one file is easy
// to inspect with jq and to back up. On load, a run without "end" is resumed:
// every queued URL is visited, every queued-but-unfinished URL is queued
// again. A run with "end" starts a fresh run: the journal is compacted to
// one "v" line per URL (written to a temp file, fsynced, renamed) keeping
// what a recrawl needs: validators for conditional requests, content hashes
// to spot duplicates, and the children of each page so that a 304 on a column
// page still leads to the pages it lists.
//
// Where the lines live is a JournalStore: the file state/journal.jsonl
// under StateDir (state_file.go), or a store several crawler nodes share
// (internal/frontier keeps it in Redis, so any node can resume a site another
// node left). Lines are buffered and handed to the store after each batch of
// results; the file store makes that a write(2) (survives kill -9 — the data
// is in the kernel) and fsyncs every syncEvery and at the end (survives a
// power cut up to the last sync).
type journal struct {
	store JournalStore
	buf   bytes.Buffer

	lastSync time.Time
	run      int
}

// JournalStore keeps one site's crawl journal: newline-terminated JSON lines,
// appended by one crawl at a time and read back whole when a crawl starts.
// Config.Journal sets one; the default is the file under StateDir.
type JournalStore interface {
	// Read calls keep with every line, in order, without its newline, until
	// keep returns false: that line and everything after it cannot be trusted
	// (a torn tail after a crash) and the store drops them before the next
	// Append.
	Read(keep func(line []byte) bool) error
	// Append adds lines (each ending in '\n'). With sync the lines must be
	// durable when it returns; without, the store may defer that.
	Append(lines []byte, sync bool) error
	// Replace swaps the whole journal for what write writes (compaction),
	// atomically: a crash leaves the old journal or the new one.
	Replace(write func(w io.Writer) error) error
	// Close releases the store (its lock).
	Close() error
}

const syncEvery = time.Second

type jrec struct {
	T   string    `json:"t"`
	Run int       `json:"run,omitempty"`
	At  time.Time `json:"at,omitzero"`
	U   string    `json:"u,omitempty"`
	D   int       `json:"d,omitempty"`
	S   int       `json:"s,omitempty"`
	K   string    `json:"k,omitempty"`
	R   string    `json:"r,omitempty"`
	O   Outcome   `json:"o,omitempty"`
	St  int       `json:"st,omitempty"`
	E   string    `json:"e,omitempty"`
	LM  string    `json:"lm,omitempty"`
	H   string    `json:"h,omitempty"`
	M   string    `json:"m,omitempty"`
	Rep bool      `json:"rep,omitempty"`
	On  bool      `json:"on,omitempty"`
	C   []child   `json:"c,omitempty"`
	Ck  string    `json:"ck,omitempty"`
	N   int       `json:"n,omitempty"`  // a data proxy batch ("k":"j"): the records its column lists
	Rd  string    `json:"rd,omitempty"` // "run": the round it belongs to (Config.Round)
}

// The kind of a queued URL in the journal ("k"). Journals written before kindReport existed
// read as pages, which only changes the order they are fetched in.
const (
	kindPage       = ""
	kindAttachment = "a"
	kindReport     = "r" // a page linked with a report's title
	kindJPage      = "j" // a Hanweb data proxy batch: U is "URL POST body" (item.id)
	kindTree       = "t" // a column tree's JSON (scriptpagers.go)
)

func kindOf(attachment, report bool) string {
	switch {
	case attachment:
		return kindAttachment
	case report:
		return kindReport
	}
	return kindPage
}

// child is a link a page led to, kept so a 304 can replay it.
type child struct {
	U string `json:"u"`
	K string `json:"k,omitempty"` // kind: kindPage, kindAttachment, kindReport
	F bool   `json:"f,omitempty"` // on-topic (does not count as a stray hop)
	N int    `json:"n,omitempty"` // kindJPage: the records the column lists
}

// prevInfo is what an earlier visit of a URL left behind.
type prevInfo struct {
	etag, lastMod, sha, mainSHA string
	report, onTopic             bool
	children                    []child
}

// loadedState is the journal read back.
type loadedState struct {
	resume   bool
	run      int
	prev     map[string]*prevInfo // finished in earlier runs (and this one, if resuming)
	pending  []jrec               // resume: queued, not finished, in queue order
	visited  []string             // resume: every URL queued or finished in this run
	finished int                  // resume: URLs finished in this run
	cookies  map[string]string    // resume: host → the cookies last journaled in this run
	// round is the Config.Round of the last run, ended whether it completed.
	round string
	ended bool
}

// openJournal opens the file journal under dir (state_file.go).
func openJournal(dir string) (*journal, *loadedState, error) {
	store, err := openFileJournal(dir)
	if err != nil {
		return nil, nil, err
	}
	return openJournalOn(store, "")
}

// openJournalOn reads the journal back; a completed last run starts a fresh
// one (compacting first so the journal does not grow without bound), an
// interrupted one is resumed. On error the store is closed.
func openJournalOn(store JournalStore, round string) (*journal, *loadedState, error) {
	st, err := readJournal(store)
	if err != nil {
		store.Close()
		return nil, nil, err
	}
	if round != "" && st.ended && st.round == round {
		store.Close()
		return nil, nil, fmt.Errorf("%w: %s", ErrRoundDone, round)
	}
	if !st.resume {
		if err := compactJournal(store, st.prev); err != nil {
			store.Close()
			return nil, nil, err
		}
	}
	j := &journal{store: store, lastSync: time.Now(), run: st.run}
	if !st.resume {
		st.run++
		j.run = st.run
		j.add(jrec{T: "run", Run: st.run, At: time.Now().UTC(), Rd: round})
		if err := j.flush(true); err != nil {
			j.close()
			return nil, nil, err
		}
	}
	return j, st, nil
}

// readJournal parses the journal the store holds, up to its first line that
// is not a record (a torn tail, or a bad line after which nothing can be
// trusted).
func readJournal(store JournalStore) (*loadedState, error) {
	st := &loadedState{prev: map[string]*prevInfo{}}
	var (
		open     bool // a run without its end marker
		queued   = map[string]int{}
		runQ     []jrec
		runDone  = map[string]bool{}
		finished int
	)
	err := store.Read(func(line []byte) bool {
		var rec jrec
		if json.Unmarshal(bytes.TrimSpace(line), &rec) != nil {
			return false
		}
		switch rec.T {
		case "run":
			open, st.run, st.round = true, rec.Run, rec.Rd
			queued, runQ, runDone, finished = map[string]int{}, nil, map[string]bool{}, 0
			st.cookies = map[string]string{}
		case "end":
			open = false
		case "ck":
			if st.cookies == nil {
				st.cookies = map[string]string{}
			}
			st.cookies[rec.U] = rec.Ck
		case "q":
			if _, ok := queued[rec.U]; !ok {
				queued[rec.U] = len(runQ)
				runQ = append(runQ, rec)
			}
		case "f", "v":
			if rec.T == "f" && !runDone[rec.U] {
				runDone[rec.U] = true
				finished++
			}
			p := st.prev[rec.U]
			if p == nil {
				p = &prevInfo{}
				st.prev[rec.U] = p
			}
			// A 304 or an error keeps the validators of the last good fetch.
			if rec.O == OutcomeOK || rec.O == OutcomeDuplicate || rec.T == "v" {
				*p = prevInfo{etag: rec.E, lastMod: rec.LM, sha: rec.H, mainSHA: rec.M, report: rec.Rep, onTopic: rec.On, children: rec.C}
			}
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	st.ended = !open && st.run > 0
	if open {
		st.resume = true
		st.finished = finished
		for _, q := range runQ {
			st.visited = append(st.visited, q.U)
			if !runDone[q.U] {
				st.pending = append(st.pending, q)
			}
		}
		for u := range runDone {
			if _, ok := queued[u]; !ok {
				st.visited = append(st.visited, u)
			}
		}
	}
	return st, nil
}

// compactJournal rewrites the journal as one "v" line per known URL.
func compactJournal(store JournalStore, prev map[string]*prevInfo) error {
	return store.Replace(func(w io.Writer) error {
		enc := json.NewEncoder(w)
		for u, p := range prev {
			if p.etag == "" && p.lastMod == "" && p.sha == "" && len(p.children) == 0 {
				continue
			}
			if err := enc.Encode(jrec{T: "v", U: u, E: p.etag, LM: p.lastMod, H: p.sha, M: p.mainSHA, Rep: p.report, On: p.onTopic, C: p.children}); err != nil {
				return err
			}
		}
		return nil
	})
}

func (j *journal) add(r jrec) {
	b, err := json.Marshal(r)
	if err != nil {
		return // cannot happen for these field types
	}
	j.buf.Write(b)
	j.buf.WriteByte('\n')
}

// flush hands the buffered lines to the store; with sync, or when syncEvery
// has passed, durably.
func (j *journal) flush(sync bool) error {
	sync = sync || time.Since(j.lastSync) >= syncEvery
	if j.buf.Len() == 0 && !sync {
		return nil
	}
	if err := j.store.Append(j.buf.Bytes(), sync); err != nil {
		return err
	}
	j.buf.Reset()
	if sync {
		j.lastSync = time.Now()
	}
	return nil
}

// finish marks the run complete.
func (j *journal) finish() error {
	j.add(jrec{T: "end", Run: j.run})
	return j.flush(true)
}

func (j *journal) close() error {
	err := j.flush(true)
	if cerr := j.store.Close(); err == nil {
		err = cerr
	}
	return err
}
