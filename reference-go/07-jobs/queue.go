package main

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// The queue's sentinel errors; errors.go turns them into a status and a code.
var (
	ErrQueueFull    = errors.New("queue full: every place in the queue is taken, try again later")
	ErrShuttingDown = errors.New("the service is shutting down and takes no more jobs")
)

// Queue is the sidecar's work queue: a buffered channel of job ids and a fixed pool of
// worker goroutines that take them off it.
//
// The life of a job: Submit stores it (status queued) and puts its id on the channel;
// a worker takes the id, records status running, waits out the job's delay, runs the
// task and records the outcome (done or failed). The database is the truth about a
// job; the channel only says which jobs wait for a worker, and in which order.
//
// Shutdown: Close closes the channel. A closed channel still hands out what is in it,
// and only then ends a worker's range loop, so the workers finish every job already
// accepted and then return; Close waits for them with a sync.WaitGroup.
type Queue struct {
	store *Store

	// jobs is the queue proper: the ids of stored jobs that wait for a worker. Its
	// capacity is QUEUE_CAPACITY, so a job a worker has taken no longer counts.
	jobs chan int64

	// slots is a counting semaphore of the same capacity: one token per place in the
	// queue that someone holds. A job's submitter takes a token before it stores the
	// job; the worker that takes the job off the queue gives the token back. So there
	// are never more ids in jobs than tokens in slots, and a send on jobs by whoever
	// holds a token never blocks. See Submit for why a place is reserved first.
	slots chan struct{}

	// backlog counts the jobs found unfinished at start that the feeder has not put on
	// the queue yet. They wait too, so while there are any, the queue is full.
	backlog atomic.Int64

	// sleep waits out a job's delay. It is time.Sleep, which nothing cuts short, not
	// even a shutdown; tests put a gate they open by hand in its place.
	sleep func(time.Duration)

	// mu orders the sends on jobs before close(jobs): Submit holds it for reading,
	// Close for writing. A send on a closed channel panics.
	mu     sync.RWMutex
	closed bool // set by Close: Submit refuses jobs from then on

	feeding sync.WaitGroup // the feeder that Requeue starts
	workers sync.WaitGroup // the worker goroutines
}

// NewQueue starts workers worker goroutines on a queue of capacity places.
func NewQueue(store *Store, workers, capacity int) *Queue {
	return newQueue(store, workers, capacity, time.Sleep)
}

// newQueue is NewQueue with the function that waits out a job's delay: tests pass one
// that blocks until they let it go, so that no test depends on timing.
func newQueue(store *Store, workers, capacity int, sleep func(time.Duration)) *Queue {
	q := &Queue{
		store: store,
		jobs:  make(chan int64, capacity),
		slots: make(chan struct{}, capacity),
		sleep: sleep,
	}
	q.workers.Add(workers) // before the goroutines start, so that Close cannot miss one
	for range workers {
		go q.work()
	}
	return q
}

// Submit stores a new job and queues it, and returns its id. When the queue is full it
// returns ErrQueueFull and stores nothing; once Close has begun, ErrShuttingDown.
//
// The order is the point: reserve a place, then store the job, then queue it.
//
//   - Storing first and queueing after makes the job's row exist before the 202, so the
//     job survives a crash the moment the client has its id.
//   - Reserving before storing is what keeps a refused job out of the database. The
//     other way round (store, then a non-blocking send, and a DELETE when the channel
//     is full) would store a job only to delete it, use up its id, and, after a crash
//     between the two, leave behind a job that was refused and yet runs on restart.
//   - Checking len(q.jobs) < cap(q.jobs) instead of reserving would be a race: two
//     requests could both see one free place and both store their job.
//
// In the Rust port the reservation is built into tokio's bounded channel:
// tx.try_reserve() holds a place (or fails at once when there is none), and
// permit.send(id) fills it.
func (q *Queue) Submit(ctx context.Context, j NewJob) (int64, error) {
	// Read-locked until the id is on the queue: Close waits for every Submit in
	// progress before it closes the channel, and every Submit after sees closed.
	q.mu.RLock()
	defer q.mu.RUnlock()
	if q.closed {
		return 0, ErrShuttingDown
	}
	if q.backlog.Load() > 0 {
		return 0, ErrQueueFull
	}
	select {
	case q.slots <- struct{}{}: // a place is ours
	default:
		return 0, ErrQueueFull
	}
	id, err := q.store.Create(ctx, j)
	if err != nil {
		<-q.slots // give the place back
		return 0, err
	}
	q.jobs <- id // never blocks: we hold a token, so there is room (see slots)
	return id, nil
}

// Requeue queues the jobs left queued or running by an earlier run, oldest first, and
// returns how many there are. Call it once, after NewQueue and before Close.
//
// They were accepted already, so none of them is refused, even when there are more
// than the queue holds: a goroutine, the feeder, waits for a place for each in turn,
// as long as it takes. Until it has queued them all, Submit refuses new jobs.
func (q *Queue) Requeue(ctx context.Context) (int, error) {
	ids, err := q.store.Unfinished(ctx)
	if err != nil {
		return 0, err
	}
	q.backlog.Store(int64(len(ids)))
	q.feeding.Add(1)
	go q.feed(ids)
	return len(ids), nil
}

// feed puts ids on the queue one by one, each as soon as a worker frees a place.
func (q *Queue) feed(ids []int64) {
	defer q.feeding.Done()
	for _, id := range ids {
		q.slots <- struct{}{} // blocks until there is a place
		q.jobs <- id          // then never blocks, as in Submit
		q.backlog.Add(-1)
	}
}

// work is one worker: it runs jobs, one at a time, until the queue is closed and empty.
//
// It does not watch the shutdown signal, and that is deliberate. A worker that left on
// ctx.Done() (select { case <-ctx.Done(): return; case id := <-q.jobs: ... }) would
// abandon the jobs still in the queue: accepted, answered 202, and never run. Instead,
// range over a channel ends only once the channel is closed and drained, so a worker
// stops exactly when there is nothing left to do.
func (q *Queue) work() {
	defer q.workers.Done()
	for id := range q.jobs {
		<-q.slots // the job no longer waits: its place is free for the next one
		q.run(id)
	}
}

// run runs one job and records each step of it.
func (q *Queue) run(id int64) {
	// Not a request's context, nor the one SIGTERM cancels: the outcome of a job must be
	// recorded even while the service shuts down, or the drain would be for nothing.
	ctx := context.Background()

	j, err := q.store.Start(ctx, id) // status running
	if err != nil {
		// The job stays as it was in the table, so the next start queues it again.
		slog.Error("starting a job", "id", id, "err", err)
		return
	}
	q.sleep(time.Duration(j.DelayMS) * time.Millisecond)

	result, jobErr := perform(j)
	var errText *string
	if jobErr != nil {
		msg := jobErr.Error()
		errText = &msg
	}
	if err := q.store.Finish(ctx, id, result, errText); err != nil { // status done or failed
		slog.Error("recording a job's outcome", "id", id, "err", err)
		return
	}
	slog.Info("job finished", "id", id, "task", j.Task, "failed", jobErr != nil)
}

// Close stops the queue and waits until every job accepted has run: those the workers
// are running, those on the queue, and those the feeder has still to queue. Call it
// after the HTTP server has stopped, so that nothing submits any more; a Submit that
// comes all the same is refused with ErrShuttingDown. Calling Close again only waits.
func (q *Queue) Close() {
	// The feeder first: it needs only the workers, which keep going, and what it holds
	// was accepted too. close(q.jobs) must not come before its last send.
	q.feeding.Wait()

	q.mu.Lock() // waits for the Submits in progress to finish their send
	if !q.closed {
		q.closed = true
		close(q.jobs) // the workers' range loops end once the queue is empty
	}
	q.mu.Unlock()

	q.workers.Wait()
}
