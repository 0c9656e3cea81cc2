package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// bodyErrorCases are the same rows for every endpoint with a body: 415, malformed_json
// and the shapes that are invalid_body whatever the endpoint.
func bodyErrorCases(method, path string) []apiCase {
	var cases []apiCase
	for _, ct := range []string{noContentType, "text/plain", "application/x-www-form-urlencoded"} {
		cases = append(cases, apiCase{name: "Content-Type " + ct, contentType: ct,
			body:       `{"title": "New", "todos": [{"title": "New"}]}`,
			wantStatus: 415, wantCode: "unsupported_media_type"})
	}
	cases = append(cases, apiCase{name: "Content-Type before syntax",
		contentType: "text/plain", body: `{"title":`, wantStatus: 415, wantCode: "unsupported_media_type"})
	for _, body := range []string{`{"title": "New",`, ``, "  \n", `{]`, `{"title": "New"} x`,
		`{"done": tru}`, `{'title': 'New'}`, `{"title": "New"} {"title": "New"}`} {
		cases = append(cases, apiCase{name: "malformed " + body, body: body,
			wantStatus: 400, wantCode: "malformed_json"})
	}
	for _, body := range []string{`null`, `[]`, `[{"title": "New"}]`, `30`, `"New"`, `true`} {
		cases = append(cases, apiCase{name: "not an object " + body, body: body,
			wantStatus: 400, wantCode: "invalid_body"})
	}
	for i := range cases {
		cases[i].method, cases[i].path = method, path
	}
	return cases
}

// listWith is the seed list with the given todos after the seed.
func listWith(todos ...string) string {
	all := append([]string{milk, ada, plants}, todos...)
	return fmt.Sprintf(`{"items": [%s], "total": %d, "limit": 100, "offset": 0}`,
		strings.Join(all, ", "), len(all))
}

// titleOf returns a title of n characters, each of which is two bytes in UTF-8: the
// limit is in characters.
func titleOf(n int) string { return strings.Repeat("é", n) }

func TestCreateTodo(t *testing.T) {
	const four = `{"id": 4, "title": "New", "notes": "n", "done": true}`
	cases := []apiCase{
		{name: "every member", body: `{"title": "New", "notes": "n", "done": true}`,
			wantStatus: 201, wantBody: four, wantList: listWith(four)},
		{name: "title only: notes null, done false", body: `{"title": "New"}`,
			wantStatus: 201, wantBody: `{"id": 4, "title": "New", "notes": null, "done": false}`},
		{name: "notes null is null", body: `{"title": "New", "notes": null}`,
			wantStatus: 201, wantBody: `{"id": 4, "title": "New", "notes": null, "done": false}`},
		{name: `notes "" stays ""`, body: `{"title": "New", "notes": ""}`,
			wantStatus: 201, wantBody: `{"id": 4, "title": "New", "notes": "", "done": false}`},
		{name: "unknown fields and id ignored", body: `{"id": 99, "title": "New", "notes": "n", "done": true, "tags": []}`,
			wantStatus: 201, wantBody: four},
		{name: "whitespace and a charset", contentType: "application/json; charset=utf-8",
			body: "\n {\"title\": \"New\", \"notes\": \"n\", \"done\": true} \n", wantStatus: 201, wantBody: four},
		{name: "a title of one space", body: `{"title": " "}`,
			wantStatus: 201, wantBody: `{"id": 4, "title": " ", "notes": null, "done": false}`},
		{name: "200 characters, 400 bytes", body: `{"title": "` + titleOf(200) + `"}`,
			wantStatus: 201, wantBody: `{"id": 4, "title": "` + titleOf(200) + `", "notes": null, "done": false}`},
		{name: "titles compare exactly", body: `{"title": "buy milk"}`,
			wantStatus: 201, wantBody: `{"id": 4, "title": "buy milk", "notes": null, "done": false}`},
		{name: "SQL in a title is only a title", body: `{"title": "'); DROP TABLE todos; --"}`,
			wantStatus: 201, wantBody: `{"id": 4, "title": "'); DROP TABLE todos; --", "notes": null, "done": false}`},

		{name: "title empty", body: `{"title": ""}`, wantStatus: 422, wantCode: "invalid_title"},
		{name: "title 201 characters", body: `{"title": "` + titleOf(201) + `"}`,
			wantStatus: 422, wantCode: "invalid_title"},
		{name: "title taken", body: `{"title": "Buy milk"}`, wantStatus: 409, wantCode: "title_taken"},
		{name: "title taken, other members differ", body: `{"title": "Call Ada", "notes": "x", "done": true}`,
			wantStatus: 409, wantCode: "title_taken"},

		{name: "empty object", body: `{}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "title missing", body: `{"notes": "n"}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "title null", body: `{"title": null}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "title a number", body: `{"title": 42}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "title an array", body: `{"title": ["New"]}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "notes a number", body: `{"title": "New", "notes": 5}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "done null", body: `{"title": "New", "done": null}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "done a string", body: `{"title": "New", "done": "true"}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "done a number", body: `{"title": "New", "done": 1}`, wantStatus: 400, wantCode: "invalid_body"},
		// The shape is checked before the rules, and the rules before the database.
		{name: "title empty, done null", body: `{"title": "", "done": null}`,
			wantStatus: 400, wantCode: "invalid_body"},
		{name: "title taken, done null", body: `{"title": "Buy milk", "done": null}`,
			wantStatus: 400, wantCode: "invalid_body"},
	}
	for i := range cases {
		cases[i].method, cases[i].path = "POST", "/todos"
	}
	runCases(t, append(cases, bodyErrorCases("POST", "/todos")...))
}

func TestGetTodo(t *testing.T) {
	cases := []apiCase{
		{name: "notes a string", path: "/todos/1", wantStatus: 200, wantBody: milk},
		{name: "notes null", path: "/todos/2", wantStatus: 200, wantBody: ada},
		{name: `notes ""`, path: "/todos/3", wantStatus: 200, wantBody: plants},
		{name: "a leading plus", path: "/todos/+2", wantStatus: 200, wantBody: ada},

		{name: "unknown id", path: "/todos/999", wantStatus: 404, wantCode: "todo_not_found"},
		{name: "the largest id", path: "/todos/9223372036854775807", wantStatus: 404, wantCode: "todo_not_found"},
	}
	for _, id := range []string{"0", "-1", "abc", "1.5", "1e3", "9223372036854775808", "99999999999999999999", "%20"} {
		cases = append(cases, apiCase{name: "id " + id, path: "/todos/" + id,
			wantStatus: 400, wantCode: "invalid_id"})
	}
	for i := range cases {
		cases[i].method = "GET"
	}
	runCases(t, cases)
}

func TestPatchTodo(t *testing.T) {
	cases := []apiCase{
		{name: "empty body changes nothing", path: "/todos/1", body: `{}`,
			wantStatus: 200, wantBody: milk, wantList: seedList},
		{name: "notes null clears them", path: "/todos/1", body: `{"notes": null}`,
			wantStatus: 200, wantBody: `{"id": 1, "title": "Buy milk", "notes": null, "done": false}`,
			wantList: `{"items": [{"id": 1, "title": "Buy milk", "notes": null, "done": false}, ` +
				ada + `, ` + plants + `], "total": 3, "limit": 100, "offset": 0}`},
		{name: `notes "" is not null`, path: "/todos/1", body: `{"notes": ""}`,
			wantStatus: 200, wantBody: `{"id": 1, "title": "Buy milk", "notes": "", "done": false}`},
		{name: "notes set where they were null", path: "/todos/2", body: `{"notes": "tonight"}`,
			wantStatus: 200, wantBody: `{"id": 2, "title": "Call Ada", "notes": "tonight", "done": false}`},
		{name: "notes null where they were null", path: "/todos/2", body: `{"notes": null}`,
			wantStatus: 200, wantBody: ada},
		{name: `notes null where they were ""`, path: "/todos/3", body: `{"notes": null}`,
			wantStatus: 200, wantBody: `{"id": 3, "title": "Water plants", "notes": null, "done": true}`},
		{name: "title left out keeps it, notes left out keep them", path: "/todos/1", body: `{"done": true}`,
			wantStatus: 200, wantBody: `{"id": 1, "title": "Buy milk", "notes": "2 litres", "done": true}`},
		{name: "notes left out keep null", path: "/todos/2", body: `{"title": "Call Bo"}`,
			wantStatus: 200, wantBody: `{"id": 2, "title": "Call Bo", "notes": null, "done": false}`},
		{name: `notes left out keep ""`, path: "/todos/3", body: `{"done": false}`,
			wantStatus: 200, wantBody: `{"id": 3, "title": "Water plants", "notes": "", "done": false}`},
		{name: "every member", path: "/todos/1", body: `{"title": "Buy oat milk", "notes": "1 litre", "done": true}`,
			wantStatus: 200, wantBody: `{"id": 1, "title": "Buy oat milk", "notes": "1 litre", "done": true}`},
		{name: "its own title again", path: "/todos/1", body: `{"title": "Buy milk"}`,
			wantStatus: 200, wantBody: milk},
		{name: "unknown fields and id ignored", path: "/todos/1", body: `{"id": 7, "priority": 1}`,
			wantStatus: 200, wantBody: milk},

		{name: "title taken", path: "/todos/1", body: `{"title": "Call Ada"}`,
			wantStatus: 409, wantCode: "title_taken"},
		{name: "title taken, with other changes", path: "/todos/1", body: `{"title": "Call Ada", "notes": null, "done": true}`,
			wantStatus: 409, wantCode: "title_taken"},
		{name: "title empty", path: "/todos/1", body: `{"title": ""}`, wantStatus: 422, wantCode: "invalid_title"},
		{name: "title 201 characters", path: "/todos/1", body: `{"title": "` + titleOf(201) + `"}`,
			wantStatus: 422, wantCode: "invalid_title"},
		{name: "title null", path: "/todos/1", body: `{"title": null}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "done null", path: "/todos/1", body: `{"done": null}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "done a string", path: "/todos/1", body: `{"done": "yes"}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "notes a number", path: "/todos/1", body: `{"notes": 5}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "notes an object", path: "/todos/1", body: `{"notes": {}}`, wantStatus: 400, wantCode: "invalid_body"},

		{name: "unknown todo", path: "/todos/999", body: `{}`, wantStatus: 404, wantCode: "todo_not_found"},
		{name: "unknown todo, notes null", path: "/todos/999", body: `{"notes": null}`,
			wantStatus: 404, wantCode: "todo_not_found"},
		// The order: id, body shape, title rule, then the database: not found, then taken.
		{name: "unknown todo and a taken title", path: "/todos/999", body: `{"title": "Call Ada"}`,
			wantStatus: 404, wantCode: "todo_not_found"},
		{name: "unknown todo and an empty title", path: "/todos/999", body: `{"title": ""}`,
			wantStatus: 422, wantCode: "invalid_title"},
		{name: "unknown todo and done null", path: "/todos/999", body: `{"done": null}`,
			wantStatus: 400, wantCode: "invalid_body"},
		{name: "title empty and done null", path: "/todos/1", body: `{"title": "", "done": null}`,
			wantStatus: 400, wantCode: "invalid_body"},
		{name: "unknown todo and malformed JSON", path: "/todos/999", body: `{`,
			wantStatus: 400, wantCode: "malformed_json"},
		{name: "bad id", path: "/todos/abc", body: `{}`, wantStatus: 400, wantCode: "invalid_id"},
		{name: "bad id and malformed JSON", path: "/todos/0", body: `{`, wantStatus: 400, wantCode: "invalid_id"},
		{name: "bad id and no Content-Type", path: "/todos/-1", contentType: noContentType, body: `{}`,
			wantStatus: 400, wantCode: "invalid_id"},
	}
	for i := range cases {
		cases[i].method = "PATCH"
	}
	runCases(t, append(cases, bodyErrorCases("PATCH", "/todos/1")...))
}

func TestDeleteTodo(t *testing.T) {
	runCases(t, []apiCase{
		{name: "a todo", method: "DELETE", path: "/todos/2", wantStatus: 204,
			wantList: `{"items": [` + milk + `, ` + plants + `], "total": 2, "limit": 100, "offset": 0}`},
		{name: "a body is ignored", method: "DELETE", path: "/todos/1", contentType: "text/plain",
			body: "x", wantStatus: 204,
			wantList: `{"items": [` + ada + `, ` + plants + `], "total": 2, "limit": 100, "offset": 0}`},
		{name: "unknown todo", method: "DELETE", path: "/todos/999", wantStatus: 404, wantCode: "todo_not_found"},
		{name: "bad id", method: "DELETE", path: "/todos/abc", wantStatus: 400, wantCode: "invalid_id"},
		{name: "id 0", method: "DELETE", path: "/todos/0", wantStatus: 400, wantCode: "invalid_id"},
	})
}

func TestDeleteThenGetPatchDelete(t *testing.T) {
	srv := newSeededServer(t)
	check(t, do(srv, "DELETE", "/todos/1", noContentType, ""), apiCase{wantStatus: 204})
	check(t, do(srv, "GET", "/todos/1", noContentType, ""),
		apiCase{wantStatus: 404, wantCode: "todo_not_found"})
	check(t, do(srv, "PATCH", "/todos/1", "application/json", `{"done": true}`),
		apiCase{wantStatus: 404, wantCode: "todo_not_found"})
	check(t, do(srv, "DELETE", "/todos/1", noContentType, ""),
		apiCase{wantStatus: 404, wantCode: "todo_not_found"})
	// Its title is free again.
	check(t, do(srv, "POST", "/todos", "application/json", `{"title": "Buy milk"}`),
		apiCase{wantStatus: 201, wantBody: `{"id": 4, "title": "Buy milk", "notes": null, "done": false}`})
}

// TestIDsNeverReused deletes the todo with the largest id, which a plain INTEGER PRIMARY
// KEY would hand out again; AUTOINCREMENT does not.
func TestIDsNeverReused(t *testing.T) {
	srv := newSeededServer(t)
	check(t, do(srv, "DELETE", "/todos/3", noContentType, ""), apiCase{wantStatus: 204})
	check(t, do(srv, "POST", "/todos", "application/json", `{"title": "Water plants"}`),
		apiCase{wantStatus: 201, wantBody: `{"id": 4, "title": "Water plants", "notes": null, "done": false}`})
	// Delete everything: the next id is still one past the largest ever given.
	for _, id := range []string{"1", "2", "4"} {
		check(t, do(srv, "DELETE", "/todos/"+id, noContentType, ""), apiCase{wantStatus: 204})
	}
	check(t, do(srv, "POST", "/todos/batch", "application/json", `{"todos": [{"title": "a"}, {"title": "b"}]}`),
		apiCase{wantStatus: 201, wantBody: `{"items": [` +
			`{"id": 5, "title": "a", "notes": null, "done": false}, ` +
			`{"id": 6, "title": "b", "notes": null, "done": false}]}`})
}

func TestListTodos(t *testing.T) {
	page := func(limit, offset int, todos ...string) string {
		return fmt.Sprintf(`{"items": [%s], "total": 3, "limit": %d, "offset": %d}`,
			strings.Join(todos, ", "), limit, offset)
	}
	cases := []apiCase{
		{name: "defaults", path: "/todos", wantBody: page(20, 0, milk, ada, plants)},
		{name: "a limit", path: "/todos?limit=2", wantBody: page(2, 0, milk, ada)},
		{name: "limit 1", path: "/todos?limit=1", wantBody: page(1, 0, milk)},
		{name: "limit 100", path: "/todos?limit=100", wantBody: page(100, 0, milk, ada, plants)},
		{name: "an offset", path: "/todos?offset=1", wantBody: page(20, 1, ada, plants)},
		{name: "limit and offset", path: "/todos?limit=1&offset=1", wantBody: page(1, 1, ada)},
		{name: "the last page", path: "/todos?limit=2&offset=2", wantBody: page(2, 2, plants)},
		{name: "offset at the end", path: "/todos?offset=3", wantBody: page(20, 3)},
		{name: "offset past the end", path: "/todos?offset=1000", wantBody: page(20, 1000)},
		{name: "the largest offset", path: "/todos?offset=9223372036854775807",
			wantBody: `{"items": [], "total": 3, "limit": 20, "offset": 9223372036854775807}`},
		{name: "a leading plus", path: "/todos?limit=%2B2", wantBody: page(2, 0, milk, ada)},
		{name: "other parameters ignored", path: "/todos?page=2&sort=title", wantBody: page(20, 0, milk, ada, plants)},
	}
	for i := range cases {
		cases[i].wantStatus = 200
	}
	for _, query := range []string{"limit=", "limit=abc", "limit=0", "limit=101", "limit=-1",
		"limit=1.5", "limit=2e1", "limit=%202", "limit=99999999999999999999", "offset=-1", "offset=",
		"offset=abc", "offset=1e2", "offset=9223372036854775808", "limit=0&offset=0", "limit=5&offset=-1"} {
		cases = append(cases, apiCase{name: query, path: "/todos?" + query,
			wantStatus: 400, wantCode: "invalid_pagination"})
	}
	for i := range cases {
		cases[i].method = "GET"
	}
	runCases(t, cases)
}

func TestListEmpty(t *testing.T) {
	srv := newServer(t)
	check(t, do(srv, "GET", "/todos", noContentType, ""), apiCase{wantStatus: 200,
		wantBody: `{"items": [], "total": 0, "limit": 20, "offset": 0}`})
}

// TestListIsOrderedByID patches and deletes, which must not change the order.
func TestListIsOrderedByID(t *testing.T) {
	srv := newSeededServer(t)
	check(t, do(srv, "PATCH", "/todos/1", "application/json", `{"title": "Zzz"}`),
		apiCase{wantStatus: 200, wantBody: `{"id": 1, "title": "Zzz", "notes": "2 litres", "done": false}`})
	check(t, do(srv, "DELETE", "/todos/2", noContentType, ""), apiCase{wantStatus: 204})
	check(t, do(srv, "POST", "/todos", "application/json", `{"title": "Aaa"}`),
		apiCase{wantStatus: 201, wantBody: `{"id": 4, "title": "Aaa", "notes": null, "done": false}`})
	check(t, do(srv, "GET", "/todos", noContentType, ""), apiCase{wantStatus: 200,
		wantBody: `{"items": [` +
			`{"id": 1, "title": "Zzz", "notes": "2 litres", "done": false}, ` + plants + `, ` +
			`{"id": 4, "title": "Aaa", "notes": null, "done": false}` +
			`], "total": 3, "limit": 20, "offset": 0}`})
}

// batchOf returns a batch body of n todos titled "t0", "t1"…, with item i replaced by
// replace[i] where given.
func batchOf(n int, replace map[int]string) string {
	items := make([]string, n)
	for i := range items {
		items[i] = fmt.Sprintf(`{"title": "t%d"}`, i)
		if r, ok := replace[i]; ok {
			items[i] = r
		}
	}
	return `{"todos": [` + strings.Join(items, ", ") + `]}`
}

func TestCreateBatch(t *testing.T) {
	const (
		four = `{"id": 4, "title": "a", "notes": null, "done": false}`
		five = `{"id": 5, "title": "b", "notes": null, "done": false}`
		six  = `{"id": 6, "title": "c", "notes": "", "done": true}`
	)
	cases := []apiCase{
		{name: "two todos", body: `{"todos": [{"title": "a"}, {"title": "b", "notes": null}]}`,
			wantStatus: 201, wantBody: `{"items": [` + four + `, ` + five + `]}`,
			wantList: listWith(four, five)},
		{name: "every kind of notes, in the order given",
			body:       `{"todos": [{"title": "a"}, {"title": "b", "notes": null}, {"title": "c", "notes": "", "done": true}]}`,
			wantStatus: 201, wantBody: `{"items": [` + four + `, ` + five + `, ` + six + `]}`,
			wantList: listWith(four, five, six)},
		{name: "one todo", body: `{"todos": [{"title": "a"}]}`,
			wantStatus: 201, wantBody: `{"items": [` + four + `]}`},
		{name: "unknown fields ignored", body: `{"todos": [{"title": "a", "id": 1}], "atomic": false}`,
			wantStatus: 201, wantBody: `{"items": [` + four + `]}`},

		{name: "empty", body: `{"todos": []}`, wantStatus: 422, wantCode: "invalid_batch"},
		{name: "101 todos", body: batchOf(101, nil), wantStatus: 422, wantCode: "invalid_batch"},
		{name: "an empty title", body: `{"todos": [{"title": "a"}, {"title": ""}]}`,
			wantStatus: 422, wantCode: "invalid_title"},
		{name: "a title of 201 characters", body: `{"todos": [{"title": "` + titleOf(201) + `"}]}`,
			wantStatus: 422, wantCode: "invalid_title"},
		{name: "a title taken by a stored todo", body: `{"todos": [{"title": "a"}, {"title": "Buy milk"}]}`,
			wantStatus: 409, wantCode: "title_taken"},
		{name: "a title twice in the batch", body: `{"todos": [{"title": "a"}, {"title": "b"}, {"title": "a"}]}`,
			wantStatus: 409, wantCode: "title_taken"},
		{name: "the last of 100 taken", body: batchOf(100, map[int]string{99: `{"title": "Call Ada"}`}),
			wantStatus: 409, wantCode: "title_taken"},

		{name: "empty object", body: `{}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "todos null", body: `{"todos": null}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "todos an object", body: `{"todos": {"title": "a"}}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "todos a string", body: `{"todos": "a"}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "an item a string", body: `{"todos": [{"title": "a"}, "b"]}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "an item null", body: `{"todos": [null]}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "an item without a title", body: `{"todos": [{"title": "a"}, {"notes": "b"}]}`,
			wantStatus: 400, wantCode: "invalid_body"},
		{name: "an item with title null", body: `{"todos": [{"title": null}]}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "an item with done null", body: `{"todos": [{"title": "a", "done": null}]}`,
			wantStatus: 400, wantCode: "invalid_body"},
		{name: "an item with notes a number", body: `{"todos": [{"title": "a", "notes": 1}]}`,
			wantStatus: 400, wantCode: "invalid_body"},

		// The order: every item's shape, then the batch's size, then each title, then the
		// database.
		{name: "an empty title before a bad shape", body: `{"todos": [{"title": ""}, {"title": 5}]}`,
			wantStatus: 400, wantCode: "invalid_body"},
		{name: "101 todos, one without a title", body: batchOf(101, map[int]string{50: `{}`}),
			wantStatus: 400, wantCode: "invalid_body"},
		{name: "101 todos, one with an empty title", body: batchOf(101, map[int]string{0: `{"title": ""}`}),
			wantStatus: 422, wantCode: "invalid_batch"},
		{name: "a taken title before an empty one", body: `{"todos": [{"title": "Buy milk"}, {"title": ""}]}`,
			wantStatus: 422, wantCode: "invalid_title"},
		{name: "a repeated title before an empty one", body: `{"todos": [{"title": "a"}, {"title": "a"}, {"title": ""}]}`,
			wantStatus: 422, wantCode: "invalid_title"},
	}
	for i := range cases {
		cases[i].method, cases[i].path = "POST", "/todos/batch"
	}
	runCases(t, append(cases, bodyErrorCases("POST", "/todos/batch")...))
}

func TestCreateBatchOfHundred(t *testing.T) {
	srv := newServer(t)
	rec := do(srv, "POST", "/todos/batch", "application/json", batchOf(100, nil))
	if rec.Code != http.StatusCreated {
		t.Fatalf("status = %d, want 201 (body %s)", rec.Code, rec.Body)
	}
	var want []string
	for i := range 100 {
		want = append(want, fmt.Sprintf(`{"id": %d, "title": "t%d", "notes": null, "done": false}`, i+1, i))
	}
	assertJSONEqual(t, rec.Body.Bytes(), `{"items": [`+strings.Join(want, ", ")+`]}`)
	check(t, do(srv, "GET", "/todos?limit=1&offset=99", noContentType, ""), apiCase{wantStatus: 200,
		wantBody: `{"items": [` + want[99] + `], "total": 100, "limit": 1, "offset": 99}`})
}
