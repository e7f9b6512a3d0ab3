package loader

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/govreports/govreports/internal/testenv"
	"github.com/govreports/govreports/parser"
)

// Fault tests: the server killed in the middle of a load, and the loading process killed in the
// middle of a load. Either way the counts with FINAL must come out exact: nothing lost (the spool,
// the rerun), nothing duplicated (content ids + ReplacingMergeTree). Batches go the one durable
// way the pipeline's write-ahead spool takes them: Spool.Put, then Spool.Replay into Sink.Load.

const (
	faultReports = 400 // in batches of faultBatch; 100 cells and 3 issues each
	faultBatch   = 10
)

func faultBatches() [][]*parser.Result {
	results, _ := benchResults(faultReports)
	var out [][]*parser.Result
	for lo := 0; lo < len(results); lo += faultBatch {
		out = append(out, results[lo:min(lo+faultBatch, len(results))])
	}
	return out
}

// writeAhead puts a batch in the spool and replays everything pending into sink, as
// internal/pipeline does for every flush. It reports whether the server was unreachable (the
// batches stay spooled for the next call); any other error is returned.
func writeAhead(ctx context.Context, sink Sink, spool *Spool, b []*parser.Result) (down bool, err error) {
	if err := spool.Put(b); err != nil {
		return false, err
	}
	_, err = spool.Replay(ctx, faultBatch, func(ctx context.Context, rs []*parser.Result) error {
		_, err := sink.Load(ctx, rs)
		return err
	})
	if errors.Is(err, ErrUnreachable) {
		return true, nil
	}
	return false, err
}

func TestFaultServerKilledMidLoad(t *testing.T) {
	start := time.Now()
	srv := testenv.StartPrivateServer(t)
	t.Logf("private server up in %s", time.Since(start).Round(time.Millisecond))
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	sink, err := Open(ctx, Options{DSN: srv.DSN("govreports"), DialTimeout: time.Second, RetryFor: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()
	if err := sink.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	spool, err := OpenSpool(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	const killAt, restartAt = 10, 14 // batches 10..13 meet a dead server
	spooled := 0
	var killed, restarted time.Time
	for i, b := range faultBatches() {
		switch i {
		case killAt:
			// Kill while this batch's inserts are under way.
			done := make(chan struct{})
			go func() { time.Sleep(2 * time.Millisecond); srv.Kill9(); close(done) }()
			defer func() { <-done }()
			killed = time.Now()
		case restartAt:
			srv.Start()
			restarted = time.Now()
			t.Logf("server down for %s (killed with SIGKILL, restarted on its data)", restarted.Sub(killed).Round(time.Millisecond))
		}
		down, err := writeAhead(ctx, sink, spool, b)
		if err != nil {
			t.Fatalf("batch %d: %v", i, err)
		}
		if down {
			spooled += len(b)
		}
	}
	if spooled == 0 {
		t.Errorf("no batch met the dead server: the kill did not hit the load")
	}
	if n, err := spool.Pending(); err != nil || len(n) != 0 {
		t.Errorf("spool still holds %d batches (%v)", len(n), err)
	}
	t.Logf("%d reports waited in the spool while the server was down, replayed after the restart; total %s",
		spooled, time.Since(start).Round(time.Millisecond))
	exactCounts(t, sink, faultReports, faultReports*100, faultReports*3)
}

// The child side of TestFaultLoaderKilledMidLoad: run by the test binary itself when
// GOVREPORTS_FAULT_CHILD is set (see TestMain). It loads every batch, printing "loaded N" after
// each, and "done" at the end.
func faultChild() int {
	ctx := context.Background()
	sink, err := Open(ctx, Options{DSN: os.Getenv("GOVREPORTS_FAULT_DSN"), RetryFor: 2 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer sink.Close()
	spool, err := OpenSpool(os.Getenv("GOVREPORTS_FAULT_SPOOL"), nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	for i, b := range faultBatches() {
		if down, err := writeAhead(ctx, sink, spool, b); err != nil || down {
			fmt.Fprintln(os.Stderr, "batch", i, "down:", down, err)
			return 1
		}
		fmt.Printf("loaded %d\n", i)
	}
	fmt.Println("done")
	return 0
}

func TestFaultLoaderKilledMidLoad(t *testing.T) {
	start := time.Now()
	sink := openServerT(t, Options{})
	if err := sink.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	dsn := sink.(*serverSink).opts.DSN
	spoolDir := t.TempDir()
	run := func(killAfter int) (lines int) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "GOVREPORTS_FAULT_CHILD=1", "GOVREPORTS_FAULT_DSN="+dsn,
			"GOVREPORTS_FAULT_SPOOL="+spoolDir)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(stdout)
		done := false
		for sc.Scan() {
			line := sc.Text()
			if line == "done" {
				done = true
				continue
			}
			if n, ok := strings.CutPrefix(line, "loaded "); ok {
				lines++
				if i, _ := strconv.Atoi(n); killAfter >= 0 && i == killAfter {
					// The child is now inside the next batch's inserts.
					_ = cmd.Process.Signal(syscall.SIGKILL)
					break
				}
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
		err = cmd.Wait()
		if killAfter >= 0 {
			if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
				t.Fatalf("child was not killed: %v (stderr: %s)", err, stderr.String())
			}
			return lines
		}
		if err != nil || !done {
			t.Fatalf("rerun failed: %v, done=%v, stderr: %s", err, done, stderr.String())
		}
		return lines
	}
	first := run(5)
	t.Logf("first run killed (SIGKILL) after %d batches, %s", first, time.Since(start).Round(time.Millisecond))
	if n := count(t, sink, "SELECT count() FROM reports FINAL"); n >= faultReports {
		t.Fatalf("the first run loaded everything (%d reports) before the kill", n)
	}
	rerun := time.Now()
	run(-1)
	t.Logf("rerun finished in %s; total %s", time.Since(rerun).Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	exactCounts(t, sink, faultReports, faultReports*100, faultReports*3)
}
