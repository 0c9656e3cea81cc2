package main

import (
	"fmt"
	"math"
	"net/http"
	"sync"
	"testing"
)

// bodyErrorCases are the rows every body gets: 415, malformed_json, and the shapes
// that are invalid_body whatever the members.
func bodyErrorCases(method, path string) []apiCase {
	var cases []apiCase
	for _, ct := range []string{noContentType, "text/plain", "application/x-www-form-urlencoded"} {
		cases = append(cases, apiCase{name: "Content-Type " + ct, contentType: ct,
			body:       `{"task": "sum", "numbers": [1]}`,
			wantStatus: 415, wantCode: "unsupported_media_type"})
	}
	cases = append(cases, apiCase{name: "Content-Type before syntax",
		contentType: "text/plain", body: `{"task":`, wantStatus: 415, wantCode: "unsupported_media_type"})
	for _, body := range []string{`{"task": "sum",`, ``, "  \n", `{]`, `{"task": "fail", "message": "m"} x`,
		`{"task": "sum", "numbers": [1,]}`, `{'task': 'sum'}`, `{"task": "fail", "message": "m"} {}`} {
		cases = append(cases, apiCase{name: "malformed " + body, body: body,
			wantStatus: 400, wantCode: "malformed_json"})
	}
	for _, body := range []string{`null`, `[]`, `[{"task": "sum", "numbers": [1]}]`, `30`, `"sum"`, `true`} {
		cases = append(cases, apiCase{name: "not an object " + body, body: body,
			wantStatus: 400, wantCode: "invalid_body"})
	}
	for i := range cases {
		cases[i].method, cases[i].path = method, path
	}
	return cases
}

// done and failed are a job's last state, as GET /jobs/1 shows it.
func done(task, result string) string {
	return `{"id": 1, "task": "` + task + `", "status": "done", "result": ` + result + `, "error": null}`
}

func failed(task, errText string) string {
	return `{"id": 1, "task": "` + task + `", "status": "failed", "result": null, "error": "` + errText + `"}`
}

func TestCreateJob(t *testing.T) {
	maxInt, minInt := fmt.Sprint(int64(math.MaxInt64)), fmt.Sprint(int64(math.MinInt64))
	created := func(name, body, wantJob string) apiCase {
		return apiCase{name: name, body: body, wantStatus: 202,
			wantBody: `{"id": 1, "status": "queued"}`, wantLocation: "/jobs/1", wantJob: wantJob}
	}
	cases := []apiCase{
		created("sum", `{"task": "sum", "numbers": [1, 2, 3], "delay_ms": 100}`, done("sum", `{"sum": 6}`)),
		created("sum without delay_ms", `{"task": "sum", "numbers": [1, 2, 3]}`, done("sum", `{"sum": 6}`)),
		created("sum of nothing is 0", `{"task": "sum", "numbers": []}`, done("sum", `{"sum": 0}`)),
		created("negative numbers", `{"task": "sum", "numbers": [-5, 2, -0]}`, done("sum", `{"sum": -3}`)),
		created("the largest sum", `{"task": "sum", "numbers": [`+maxInt+`]}`, done("sum", `{"sum": `+maxInt+`}`)),
		created("the smallest sum", `{"task": "sum", "numbers": [`+minInt+`, 0]}`, done("sum", `{"sum": `+minInt+`}`)),
		created("past the maximum", `{"task": "sum", "numbers": [`+maxInt+`, 1]}`, failed("sum", "overflow")),
		created("past the minimum", `{"task": "sum", "numbers": [`+minInt+`, -1]}`, failed("sum", "overflow")),
		// The total counts, not a running sum on the way: see sum.
		created("past the maximum and back", `{"task": "sum", "numbers": [`+maxInt+`, 1, -1]}`,
			done("sum", `{"sum": `+maxInt+`}`)),
		created("fail", `{"task": "fail", "message": "disk full", "delay_ms": 100}`, failed("fail", "disk full")),
		created("fail with an empty message", `{"task": "fail", "message": ""}`, failed("fail", "")),
		created("delay 0", `{"task": "fail", "message": "m", "delay_ms": 0}`, failed("fail", "m")),
		created("delay 60000", `{"task": "sum", "numbers": [1], "delay_ms": 60000}`, done("sum", `{"sum": 1}`)),
		created("unknown fields, id and status ignored",
			`{"id": 9, "status": "done", "task": "sum", "numbers": [2], "priority": 1}`, done("sum", `{"sum": 2}`)),
		created("a message on a sum is ignored", `{"task": "sum", "numbers": [2], "message": "m"}`,
			done("sum", `{"sum": 2}`)),
		created("numbers on a fail are ignored", `{"task": "fail", "message": "m", "numbers": [1]}`,
			failed("fail", "m")),
		{name: "whitespace and a charset", contentType: "application/json; charset=utf-8",
			body: "\n {\"task\": \"sum\", \"numbers\": [4]} \n", wantStatus: 202,
			wantBody: `{"id": 1, "status": "queued"}`, wantLocation: "/jobs/1", wantJob: done("sum", `{"sum": 4}`)},

		{name: "empty object", body: `{}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "task missing", body: `{"numbers": [1]}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "task null", body: `{"task": null, "numbers": [1]}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "task a number", body: `{"task": 1}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "task an array", body: `{"task": ["sum"], "numbers": [1]}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "sum without numbers", body: `{"task": "sum"}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "numbers null", body: `{"task": "sum", "numbers": null}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "numbers a string", body: `{"task": "sum", "numbers": "1, 2"}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "numbers a number", body: `{"task": "sum", "numbers": 3}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "numbers an object", body: `{"task": "sum", "numbers": {"a": 1}}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "a number with a fraction", body: `{"task": "sum", "numbers": [1, 1.5]}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "a number with an exponent", body: `{"task": "sum", "numbers": [1e3]}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "a number written 1.0", body: `{"task": "sum", "numbers": [1.0]}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "a number in a string", body: `{"task": "sum", "numbers": [1, "2"]}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "a null in the numbers", body: `{"task": "sum", "numbers": [1, null]}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "a list in the numbers", body: `{"task": "sum", "numbers": [[1]]}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "a number past the int64 range", body: `{"task": "sum", "numbers": [9223372036854775808]}`,
			wantStatus: 400, wantCode: "invalid_body"},
		{name: "fail without message", body: `{"task": "fail"}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "message null", body: `{"task": "fail", "message": null}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "message a number", body: `{"task": "fail", "message": 500}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "delay_ms null", body: `{"task": "sum", "numbers": [1], "delay_ms": null}`,
			wantStatus: 400, wantCode: "invalid_body"},
		{name: "delay_ms a string", body: `{"task": "sum", "numbers": [1], "delay_ms": "100"}`,
			wantStatus: 400, wantCode: "invalid_body"},
		{name: "delay_ms with a fraction", body: `{"task": "sum", "numbers": [1], "delay_ms": 1.5}`,
			wantStatus: 400, wantCode: "invalid_body"},
		{name: "delay_ms past the int64 range", body: `{"task": "sum", "numbers": [1], "delay_ms": 99999999999999999999}`,
			wantStatus: 400, wantCode: "invalid_body"},
		// A member of the other task still has its type, and is never null.
		{name: "numbers of the wrong type on a fail", body: `{"task": "fail", "message": "m", "numbers": "x"}`,
			wantStatus: 400, wantCode: "invalid_body"},
		{name: "message null on a sum", body: `{"task": "sum", "numbers": [1], "message": null}`,
			wantStatus: 400, wantCode: "invalid_body"},

		{name: "unknown task", body: `{"task": "sleep", "delay_ms": 100}`, wantStatus: 422, wantCode: "unknown_task"},
		{name: "task is case-sensitive", body: `{"task": "Sum", "numbers": [1]}`, wantStatus: 422, wantCode: "unknown_task"},
		{name: "empty task", body: `{"task": ""}`, wantStatus: 422, wantCode: "unknown_task"},
		{name: "delay -1", body: `{"task": "sum", "numbers": [1], "delay_ms": -1}`, wantStatus: 422, wantCode: "invalid_delay"},
		{name: "delay 60001", body: `{"task": "fail", "message": "m", "delay_ms": 60001}`, wantStatus: 422, wantCode: "invalid_delay"},
		{name: "the smallest delay_ms", body: `{"task": "fail", "message": "m", "delay_ms": -9223372036854775808}`,
			wantStatus: 422, wantCode: "invalid_delay"},

		// The order: the shape (400), then the task (422), then the delay (422).
		{name: "unknown task and a bad delay", body: `{"task": "sleep", "delay_ms": -1}`,
			wantStatus: 422, wantCode: "unknown_task"},
		{name: "unknown task and numbers of the wrong type", body: `{"task": "sleep", "numbers": "x"}`,
			wantStatus: 400, wantCode: "invalid_body"},
		{name: "unknown task and delay_ms null", body: `{"task": "sleep", "delay_ms": null}`,
			wantStatus: 400, wantCode: "invalid_body"},
		{name: "sum without numbers and a bad delay", body: `{"task": "sum", "delay_ms": 60001}`,
			wantStatus: 400, wantCode: "invalid_body"},
		{name: "fail without message and a bad delay", body: `{"task": "fail", "delay_ms": -5}`,
			wantStatus: 400, wantCode: "invalid_body"},
		{name: "a bad delay and a null in the numbers", body: `{"task": "sum", "numbers": [null], "delay_ms": -1}`,
			wantStatus: 400, wantCode: "invalid_body"},
	}
	for i := range cases {
		cases[i].method, cases[i].path = "POST", "/jobs"
	}
	runCases(t, append(cases, bodyErrorCases("POST", "/jobs")...))
}

func TestGetJobErrors(t *testing.T) {
	cases := []apiCase{
		{name: "unknown id", path: "/jobs/999", wantStatus: 404, wantCode: "job_not_found"},
		{name: "the largest id", path: "/jobs/9223372036854775807", wantStatus: 404, wantCode: "job_not_found"},
		{name: "a leading plus", path: "/jobs/+1", wantStatus: 404, wantCode: "job_not_found"},
	}
	for _, id := range []string{"0", "-1", "abc", "1.5", "1e3", "9223372036854775808", "99999999999999999999", "%20"} {
		cases = append(cases, apiCase{name: "id " + id, path: "/jobs/" + id,
			wantStatus: 400, wantCode: "invalid_id"})
	}
	for i := range cases {
		cases[i].method = "GET"
	}
	runCases(t, cases)
}

// TestStatusProgression follows two jobs through every status, with one worker held at
// each step by the gate: queued while the worker is busy, running once it has the job,
// then done or failed. A HEAD on a job answers like its GET.
func TestStatusProgression(t *testing.T) {
	e, g := newGatedEnv(t, 1, 4)
	accepted(t, post(e.srv, `{"task": "sum", "numbers": [1, 2, 3], "delay_ms": 250}`), "1")
	if d := g.next(t); d.Milliseconds() != 250 {
		t.Errorf("job 1 waits %v, want 250ms", d)
	}
	accepted(t, post(e.srv, `{"task": "fail", "message": "disk full", "delay_ms": 100}`), "2")

	// The worker is in job 1's delay, so job 2 waits.
	assertJob(t, e.srv, "1", `{"id": 1, "task": "sum", "status": "running", "result": null, "error": null}`)
	assertJob(t, e.srv, "2", `{"id": 2, "task": "fail", "status": "queued", "result": null, "error": null}`)
	if rec := do(e.srv, "HEAD", "/jobs/2", noContentType, ""); rec.Code != http.StatusOK {
		t.Errorf("HEAD /jobs/2: status %d", rec.Code)
	}

	g.finish()
	if d := g.next(t); d.Milliseconds() != 100 { // the worker has finished job 1 and taken job 2
		t.Errorf("job 2 waits %v, want 100ms", d)
	}
	assertJob(t, e.srv, "1", `{"id": 1, "task": "sum", "status": "done", "result": {"sum": 6}, "error": null}`)
	assertJob(t, e.srv, "2", `{"id": 2, "task": "fail", "status": "running", "result": null, "error": null}`)

	g.finish()
	e.queue.Close()
	assertJob(t, e.srv, "2", `{"id": 2, "task": "fail", "status": "failed", "result": null, "error": "disk full"}`)
}

// TestQueueFull: with one worker busy and the one place taken, the next job is refused,
// 503 with Retry-After, and stored nowhere; once the worker takes the waiting job, there
// is a place again, and the next job gets the id the refused one did not use.
func TestQueueFull(t *testing.T) {
	e, g := newGatedEnv(t, 1, 1)
	accepted(t, post(e.srv, `{"task": "sum", "numbers": [1]}`), "1")
	g.next(t) // the worker has taken job 1: it no longer waits
	accepted(t, post(e.srv, `{"task": "sum", "numbers": [2]}`), "2")

	queueFull(t, post(e.srv, `{"task": "sum", "numbers": [3]}`))
	queueFull(t, post(e.srv, `{"task": "fail", "message": "m"}`))
	check(t, get(e.srv, "/jobs/3"), apiCase{wantStatus: 404, wantCode: "job_not_found"})
	assertJobCount(t, e.store, 2)
	// A request that is wrong answers as it would anyway: the queue comes last.
	check(t, post(e.srv, `{"task": "sleep"}`), apiCase{wantStatus: 422, wantCode: "unknown_task"})
	check(t, post(e.srv, `{"task": "sum", "numbers": [1], "delay_ms": -1}`),
		apiCase{wantStatus: 422, wantCode: "invalid_delay"})
	check(t, post(e.srv, `{"task": "sum"}`), apiCase{wantStatus: 400, wantCode: "invalid_body"})

	g.finish()
	g.next(t) // job 2 taken: its place is free
	accepted(t, post(e.srv, `{"task": "sum", "numbers": [3]}`), "3")
	queueFull(t, post(e.srv, `{"task": "sum", "numbers": [4]}`))

	g.finish()
	g.next(t) // job 3
	g.finish()
	e.queue.Close()
	assertJob(t, e.srv, "3", `{"id": 3, "task": "sum", "status": "done", "result": {"sum": 3}, "error": null}`)
	assertJobCount(t, e.store, 3)
}

// TestQueueFullDefaults: two workers and four places, the defaults, hold six jobs: two
// running, four waiting. The seventh is refused.
func TestQueueFullDefaults(t *testing.T) {
	e, g := newGatedEnv(t, defaultWorkers, defaultQueueCapacity)
	for i := 1; i <= 6; i++ {
		accepted(t, post(e.srv, fmt.Sprintf(`{"task": "sum", "numbers": [%d]}`, i)), fmt.Sprint(i))
		if i <= 2 {
			g.next(t) // a worker takes it
		}
	}
	queueFull(t, post(e.srv, `{"task": "sum", "numbers": [7]}`))
	g.open()
	e.queue.Close()
	for i := 1; i <= 6; i++ {
		assertJob(t, e.srv, fmt.Sprint(i), fmt.Sprintf(
			`{"id": %d, "task": "sum", "status": "done", "result": {"sum": %d}, "error": null}`, i, i))
	}
}

// TestConcurrentSubmits sends many jobs at once at a queue of three free places: three
// are accepted, with ids 2 to 4, and every other is refused and not stored. Checking
// the channel's length instead of reserving a place would let more than three through.
// Run with -race.
func TestConcurrentSubmits(t *testing.T) {
	e, g := newGatedEnv(t, 1, 3)
	accepted(t, post(e.srv, `{"task": "sum", "numbers": [0]}`), "1")
	g.next(t) // the one worker is busy until the end

	const n = 40
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = post(e.srv, fmt.Sprintf(`{"task": "sum", "numbers": [%d]}`, i)).Code
		}()
	}
	wg.Wait()
	tally := map[int]int{}
	for _, code := range codes {
		tally[code]++
	}
	if tally[http.StatusAccepted] != 3 || tally[http.StatusServiceUnavailable] != n-3 {
		t.Errorf("statuses %v, want 3 × 202 and %d × 503", tally, n-3)
	}
	assertJobCount(t, e.store, 4)
	for _, id := range []string{"2", "3", "4"} {
		if rec := get(e.srv, "/jobs/"+id); rec.Code != http.StatusOK {
			t.Errorf("GET /jobs/%s: status %d", id, rec.Code)
		}
	}
	g.open()
	e.queue.Close()
	assertJob(t, e.srv, "1", `{"id": 1, "task": "sum", "status": "done", "result": {"sum": 0}, "error": null}`)
	var finished int
	if err := e.store.db.QueryRow(`SELECT COUNT(*) FROM jobs WHERE status = 'done'`).Scan(&finished); err != nil || finished != 4 {
		t.Errorf("%d jobs done (%v), want 4", finished, err)
	}
}
