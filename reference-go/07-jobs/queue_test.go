package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// statuses returns the status of every job, by id.
func statuses(t *testing.T, store *Store) map[int64]string {
	t.Helper()
	rows, err := store.db.Query(`SELECT id, status FROM jobs`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[int64]string{}
	for rows.Next() {
		var id int64
		var status string
		if err := rows.Scan(&id, &status); err != nil {
			t.Fatal(err)
		}
		got[id] = status
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return got
}

// assertAllDone checks that there are n jobs and that every one has finished: none is
// left queued or running.
func assertAllDone(t *testing.T, store *Store, n int) {
	t.Helper()
	got := statuses(t, store)
	if len(got) != n {
		t.Errorf("%d jobs stored, want %d", len(got), n)
	}
	for id, status := range got {
		if status != StatusDone && status != StatusFailed {
			t.Errorf("job %d is %s after Close, want it finished", id, status)
		}
	}
}

// closeAsync starts Close and returns a channel closed when it has returned.
func closeAsync(q *Queue) <-chan struct{} {
	closed := make(chan struct{})
	go func() {
		q.Close()
		close(closed)
	}()
	return closed
}

// assertNotClosed checks that Close has not returned. With a job held in the gate it
// cannot have, so this is no race: a Close that returns early fails it.
func assertNotClosed(t *testing.T, closed <-chan struct{}) {
	t.Helper()
	select {
	case <-closed:
		t.Fatal("Close returned while a job accepted had not run")
	default:
	}
}

func sumJob(n int64) NewJob { return NewJob{Task: TaskSum, Numbers: []int64{n}} }

// TestCloseDrainsEveryAcceptedJob is the shutdown: two jobs running, four waiting, and
// Close. It returns only once all six have run, the waiting ones included, and refuses
// what comes after.
func TestCloseDrainsEveryAcceptedJob(t *testing.T) {
	e, g := newGatedEnv(t, 2, 4)
	ctx := context.Background()
	for i := int64(1); i <= 6; i++ {
		if _, err := e.queue.Submit(ctx, sumJob(i)); err != nil {
			t.Fatalf("job %d: %v", i, err)
		}
		if i <= 2 {
			g.next(t)
		}
	}

	closed := closeAsync(e.queue)
	// Every job is let go one by one; each of the four that waited must still be taken
	// by a worker, Close or no Close.
	for i := range 6 {
		assertNotClosed(t, closed)
		if i >= 2 {
			g.next(t)
		}
		g.finish()
	}
	<-closed
	assertAllDone(t, e.store, 6)
	for i := 1; i <= 6; i++ {
		assertJob(t, e.srv, fmt.Sprint(i), fmt.Sprintf(
			`{"id": %d, "task": "sum", "status": "done", "result": {"sum": %d}, "error": null}`, i, i))
	}

	if _, err := e.queue.Submit(ctx, sumJob(7)); !errors.Is(err, ErrShuttingDown) {
		t.Errorf("Submit after Close: %v, want ErrShuttingDown", err)
	}
	rec := post(e.srv, `{"task": "sum", "numbers": [7]}`)
	check(t, rec, apiCase{wantStatus: 503, wantCode: "shutting_down"})
	assertJobCount(t, e.store, 6)
	e.queue.Close() // again: only waits, and there is nothing to wait for
}

// TestCloseWithRealDelays uses time.Sleep, as the service does: Close does not cut a
// delay short, so the jobs, submitted just before it, are done when it returns.
func TestCloseWithRealDelays(t *testing.T) {
	store, _ := openTestStore(t)
	q := NewQueue(store, 2, 4)
	ctx := context.Background()
	start := time.Now()
	for i := int64(1); i <= 4; i++ {
		if _, err := q.Submit(ctx, NewJob{Task: TaskSum, Numbers: []int64{i}, DelayMS: 30}); err != nil {
			t.Fatal(err)
		}
	}
	q.Close()
	// Four jobs of 30 ms on two workers: two rounds.
	if elapsed := time.Since(start); elapsed < 60*time.Millisecond {
		t.Errorf("Close returned after %v: the delays were cut short", elapsed)
	}
	assertAllDone(t, store, 4)
}

// leftovers stores jobs 1 to 6 as a crash would leave them: 1, 3 and 6 queued, 2 and 4
// running, 5 done. Jobs 1, 2, 3, 4 and 6 are unfinished.
func leftovers(t *testing.T, store *Store) []int64 {
	t.Helper()
	ctx := context.Background()
	for i := int64(1); i <= 6; i++ {
		if _, err := store.Create(ctx, NewJob{Task: TaskSum, Numbers: []int64{i}, DelayMS: 10 * i}); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []int64{2, 4, 5} {
		if _, err := store.Start(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if err := store.Finish(ctx, 5, []byte(`{"sum":5}`), nil); err != nil {
		t.Fatal(err)
	}
	return []int64{1, 2, 3, 4, 6}
}

// TestRequeueOnStart starts a queue on jobs left unfinished: five of them, for one
// worker and two places. All five run, oldest first, running ones included; none is
// refused for want of room, while a new job is refused until they are all queued.
func TestRequeueOnStart(t *testing.T) {
	store, _ := openTestStore(t)
	order := leftovers(t, store)

	g := newGate()
	q := newQueue(store, 1, 2, g.sleep)
	t.Cleanup(q.Close)
	t.Cleanup(g.open)
	srv := NewServer(store, q)
	n, err := q.Requeue(context.Background())
	if err != nil || n != len(order) {
		t.Fatalf("Requeue = %d, %v; want %d", n, err, len(order))
	}

	for k, id := range order {
		if d := g.next(t); d != time.Duration(10*id)*time.Millisecond {
			t.Errorf("job %d: delay %v, want %dms: not the job expected", id, d, 10*id)
		}
		// Exactly the ones before it are done, and it is running.
		got := statuses(t, store)
		for _, before := range order[:k] {
			if got[before] != StatusDone {
				t.Errorf("job %d is %s while job %d runs: not oldest first", before, got[before], id)
			}
		}
		if got[id] != StatusRunning {
			t.Errorf("job %d is %s, want running", id, got[id])
		}
		if k == 0 {
			// One job with the worker, two on the queue, two still with the feeder:
			// the queue is full, and then some.
			queueFull(t, post(srv, `{"task": "sum", "numbers": [7]}`))
			// Job 2 was running when the service stopped: it waits again, but its
			// status does not move back.
			assertJob(t, srv, "2", `{"id": 2, "task": "sum", "status": "running", "result": null, "error": null}`)
		}
		g.finish()
	}

	// The feeder is done: new jobs are welcome again, and get the next id.
	accepted(t, post(srv, `{"task": "sum", "numbers": [7]}`), "7")
	g.next(t)
	g.finish()
	q.Close()
	assertAllDone(t, store, 7)
	assertJob(t, srv, "2", `{"id": 2, "task": "sum", "status": "done", "result": {"sum": 2}, "error": null}`)
	assertJob(t, srv, "5", `{"id": 5, "task": "sum", "status": "done", "result": {"sum": 5}, "error": null}`)
}

// TestCloseWhileFeeding stops the service while the feeder still holds jobs from the
// last run: Close waits for the feeder to hand them over, then for the workers to run
// them, and neither panics (no send on a closed channel) nor hangs.
func TestCloseWhileFeeding(t *testing.T) {
	store, _ := openTestStore(t)
	order := leftovers(t, store)

	g := newGate()
	q := newQueue(store, 1, 1, g.sleep)
	t.Cleanup(g.open)
	if _, err := q.Requeue(context.Background()); err != nil {
		t.Fatal(err)
	}
	g.next(t) // job 1 with the worker, job 2 on the queue, three with the feeder
	closed := closeAsync(q)
	for k := range order {
		assertNotClosed(t, closed)
		if k > 0 {
			g.next(t)
		}
		g.finish()
	}
	<-closed
	assertAllDone(t, store, 6)
}

// TestRequeueNothing: a new database has nothing to queue again, and the queue takes
// jobs at once.
func TestRequeueNothing(t *testing.T) {
	e := newEnv(t, 1, 1, noSleep)
	if n, err := e.queue.Requeue(context.Background()); err != nil || n != 0 {
		t.Fatalf("Requeue = %d, %v; want 0", n, err)
	}
	accepted(t, post(e.srv, `{"task": "sum", "numbers": [1]}`), "1")
}

// TestShutdownOverHTTP is main's order of shutdown over a real socket, with real
// delays: jobs accepted (four, which the queue holds however soon the workers take
// them), the HTTP server shut down, the queue closed, the database closed and opened
// again. Every job accepted is done.
func TestShutdownOverHTTP(t *testing.T) {
	store, path := openTestStore(t)
	q := NewQueue(store, 2, 4)
	ts := httptest.NewServer(NewServer(store, q))

	for i := 1; i <= 4; i++ {
		resp, err := http.Post(ts.URL+"/jobs", "application/json",
			strings.NewReader(fmt.Sprintf(`{"task": "sum", "numbers": [%d], "delay_ms": 20}`, i)))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusAccepted {
			t.Fatalf("job %d: status %d", i, resp.StatusCode)
		}
	}

	if err := ts.Config.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	ts.Close()
	q.Close()
	store = reopen(t, store, path)
	defer store.Close()
	assertAllDone(t, store, 4)
}
