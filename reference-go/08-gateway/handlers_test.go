package main

import (
	"net/http"
	"testing"
	"time"
)

// TestGetTodo: the migrated route answers exactly as 05 does, from the database,
// without asking the upstream.
func TestGetTodo(t *testing.T) {
	upstream := newUpstream(t, nil)
	gw := newGateway(t, upstream.URL, time.Second)

	tests := []struct {
		path       string
		wantStatus int
		wantBody   string // for 200
		wantCode   string // for errors
	}{
		{path: "/todos/1", wantStatus: 200, wantBody: milk},
		{path: "/todos/2", wantStatus: 200, wantBody: ada}, // NULL notes: null
		{path: "/todos/3", wantStatus: 200, wantBody: plants},
		// Parsed like 05: a leading "+" and leading zeros are fine.
		{path: "/todos/+2", wantStatus: 200, wantBody: ada},
		{path: "/todos/002", wantStatus: 200, wantBody: ada},
		{path: "/todos/%32", wantStatus: 200, wantBody: ada}, // %32 is "2"

		{path: "/todos/4", wantStatus: 404, wantCode: "todo_not_found"},
		{path: "/todos/9223372036854775807", wantStatus: 404, wantCode: "todo_not_found"},

		{path: "/todos/0", wantStatus: 400, wantCode: "invalid_id"},
		{path: "/todos/-1", wantStatus: 400, wantCode: "invalid_id"},
		{path: "/todos/abc", wantStatus: 400, wantCode: "invalid_id"},
		{path: "/todos/1.5", wantStatus: 400, wantCode: "invalid_id"},
		{path: "/todos/1e3", wantStatus: 400, wantCode: "invalid_id"},
		{path: "/todos/9223372036854775808", wantStatus: 400, wantCode: "invalid_id"},
		{path: "/todos/99999999999999999999", wantStatus: 400, wantCode: "invalid_id"},
		{path: "/todos/Batch", wantStatus: 400, wantCode: "invalid_id"}, // only "batch" is 05's
		{path: "/todos/%20", wantStatus: 400, wantCode: "invalid_id"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp := do(gw, newRequest("GET", tt.path, ""))
			if tt.wantCode == "" {
				checkJSON(t, resp, tt.wantStatus, tt.wantBody)
			} else {
				checkError(t, resp, tt.wantStatus, tt.wantCode)
			}
		})
	}
	// HEAD is GET without the body, and the gateway's too.
	if resp := do(gw, newRequest("HEAD", "/todos/1", "")); resp.StatusCode != http.StatusOK {
		t.Errorf("HEAD /todos/1: status %d, want 200", resp.StatusCode)
	}
	if seen := upstream.requests(); len(seen) != 0 {
		t.Errorf("GET /todos/{id} asked the upstream: %+v", seen)
	}
}

// TestGetTodoWithUpstreamDown: the migrated route does not depend on the upstream.
func TestGetTodoWithUpstreamDown(t *testing.T) {
	upstream := newUpstream(t, nil)
	gw := newGateway(t, upstream.URL, time.Second)
	upstream.Close()

	checkJSON(t, do(gw, newRequest("GET", "/todos/2", "")), 200, ada)
	checkError(t, do(gw, newRequest("GET", "/todos/4", "")), 404, "todo_not_found")
	// Forwarding, by contrast, fails.
	checkError(t, do(gw, newRequest("GET", "/todos", "")), 502, "upstream_unavailable")
}

// TestGetTodoSeesTheUpstreamsWrites: the gateway reads the file the todos service
// writes, at every request; nothing is cached.
func TestGetTodoSeesTheUpstreamsWrites(t *testing.T) {
	upstream := newUpstream(t, nil)
	store, writer := openTestStore(t)
	u, err := upstreamURL(upstream.URL)
	if err != nil {
		t.Fatal(err)
	}
	gw := NewServer(store, NewProxy(u, time.Second))

	checkError(t, do(gw, newRequest("GET", "/todos/4", "")), 404, "todo_not_found")
	if _, err := writer.Exec(`INSERT INTO todos (title) VALUES ('Walk the dog')`); err != nil {
		t.Fatal(err)
	}
	checkJSON(t, do(gw, newRequest("GET", "/todos/4", "")), 200,
		`{"id": 4, "title": "Walk the dog", "notes": null, "done": false}`)
	if _, err := writer.Exec(`UPDATE todos SET notes = NULL, done = 1 WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	checkJSON(t, do(gw, newRequest("GET", "/todos/1", "")), 200,
		`{"id": 1, "title": "Buy milk", "notes": null, "done": true}`)
	if _, err := writer.Exec(`DELETE FROM todos WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	checkError(t, do(gw, newRequest("GET", "/todos/1", "")), 404, "todo_not_found")
}
