package crawler

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/govreports/govreports/internal/durable"
)

// The crawl state is one append-only JSON-lines journal, state/journal.jsonl:
//
//	{"t":"run","run":3,"at":"2025-…"}                  a crawl run starts
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
// Writes go through a buffer flushed after each batch of results (a write(2)
// per batch survives kill -9 — the data is in the kernel) and fsynced every
// syncEvery and at the end (survives a power cut up to the last sync).
type journal struct {
	dir  string
	f    *os.File
	lock *os.File
	w    *bufio.Writer

	lastSync time.Time
	run      int
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
	N   int       `json:"n,omitempty"` // a data proxy batch ("k":"j"): the records its column lists
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
}

func openJournal(dir string) (*journal, *loadedState, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, err
	}
	lock, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, nil, err
	}
	// flock, not a PID file: the kernel drops it when the holder dies, even by
	// kill -9, so a crash never leaves a stale lock behind.
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		lock.Close()
		return nil, nil, fmt.Errorf("%w: %s", ErrStateLocked, dir)
	}
	path := filepath.Join(dir, "journal.jsonl")
	st, good, err := readJournal(path)
	if err != nil {
		lock.Close()
		return nil, nil, err
	}
	if !st.resume {
		// Fresh run: compact first so the journal does not grow without bound.
		if err := compactJournal(path, st.prev); err != nil {
			lock.Close()
			return nil, nil, err
		}
		good = -1
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		lock.Close()
		return nil, nil, err
	}
	if good >= 0 {
		// Drop a torn last line left by a crash so the next append starts clean.
		if err := f.Truncate(good); err != nil {
			f.Close()
			lock.Close()
			return nil, nil, err
		}
	}
	if _, err := f.Seek(0, io.SeekEnd); err != nil {
		f.Close()
		lock.Close()
		return nil, nil, err
	}
	j := &journal{dir: dir, f: f, lock: lock, w: bufio.NewWriterSize(f, 64<<10), lastSync: time.Now(), run: st.run}
	if !st.resume {
		st.run++
		j.run = st.run
		j.add(jrec{T: "run", Run: st.run, At: time.Now().UTC()})
		if err := j.flush(true); err != nil {
			j.close()
			return nil, nil, err
		}
	}
	return j, st, nil
}

// readJournal parses the journal; good is the byte length of the intact
// prefix (everything up to the last complete, parsable line).
func readJournal(path string) (*loadedState, int64, error) {
	st := &loadedState{prev: map[string]*prevInfo{}}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return st, 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()

	var (
		good     int64
		open     bool // a run without its end marker
		queued   = map[string]int{}
		runQ     []jrec
		runDone  = map[string]bool{}
		finished int
	)
	r := bufio.NewReaderSize(f, 256<<10)
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 && line[len(line)-1] == '\n' {
			var rec jrec
			if jerr := json.Unmarshal(bytes.TrimSpace(line), &rec); jerr != nil {
				// A bad line in the middle (not just a torn tail) means the
				// rest cannot be trusted; stop here and keep the good prefix.
				break
			}
			good += int64(len(line))
			switch rec.T {
			case "run":
				open, st.run = true, rec.Run
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
		}
		if err != nil {
			break // io.EOF, or a torn last line without '\n'
		}
	}
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
	return st, good, nil
}

// compactJournal rewrites the journal as one "v" line per known URL.
func compactJournal(path string, prev map[string]*prevInfo) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 256<<10)
	enc := json.NewEncoder(w)
	for u, p := range prev {
		if p.etag == "" && p.lastMod == "" && p.sha == "" && len(p.children) == 0 {
			continue
		}
		if err := enc.Encode(jrec{T: "v", U: u, E: p.etag, LM: p.lastMod, H: p.sha, M: p.mainSHA, Rep: p.report, On: p.onTopic, C: p.children}); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return durable.SyncDir(filepath.Dir(path))
}

func (j *journal) add(r jrec) {
	b, err := json.Marshal(r)
	if err != nil {
		return // cannot happen for these field types
	}
	_, _ = j.w.Write(b)
	_ = j.w.WriteByte('\n')
}

// flush writes buffered lines to the file; with sync, or when syncEvery has
// passed, it also fsyncs.
func (j *journal) flush(sync bool) error {
	if err := j.w.Flush(); err != nil {
		return err
	}
	if sync || time.Since(j.lastSync) >= syncEvery {
		j.lastSync = time.Now()
		return j.f.Sync()
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
	if cerr := j.f.Close(); err == nil {
		err = cerr
	}
	j.lock.Close()
	return err
}
