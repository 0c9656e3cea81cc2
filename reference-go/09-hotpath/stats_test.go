package main

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"
)

func TestNearestRank(t *testing.T) {
	oneToTwenty := make([]float64, 20)
	for i := range oneToTwenty {
		oneToTwenty[i] = float64(i + 1)
	}
	tests := []struct {
		name   string
		sorted []float64
		p      int
		want   float64
	}{
		{"one value is every percentile", []float64{7}, 99, 7},
		{"p50 of 20 is the 10th", oneToTwenty, 50, 10},
		{"p95 of 20 is the 19th", oneToTwenty, 95, 19},
		{"p99 of 20 is the 20th", oneToTwenty, 99, 20},
		{"p50 of 3 is the 2nd", []float64{1, 2, 3}, 50, 2},
		{"p50 of 2 is the 1st", []float64{1, 2}, 50, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nearestRank(tt.sorted, tt.p); got != tt.want {
				t.Errorf("nearestRank(p%d) = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
}

func TestRound3(t *testing.T) {
	for in, want := range map[float64]float64{5.0 / 3: 1.667, 0.0005: 0.001, 2.5: 2.5, 1.2344: 1.234} {
		if got := round3(in); got != want {
			t.Errorf("round3(%v) = %v, want %v", in, got, want)
		}
	}
}

func TestAggregateEmpty(t *testing.T) {
	got, err := json.Marshal(Aggregate(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"events":0,"errors":0,"from_ts":null,"to_ts":null,"latency_ms":null,"services":[],"top":[]}`
	if string(got) != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

func TestAggregate(t *testing.T) {
	events := []Event{
		{TS: 30, Service: "b", LatencyMS: 2, Status: 500, Bytes: 10},
		{TS: 10, Service: "a", LatencyMS: 1, Status: 200, Bytes: 5},
		{TS: 20, Service: "b", LatencyMS: 2, Status: 499, Bytes: 1},
		{TS: 40, Service: "b", LatencyMS: 1, Status: 503, Bytes: 0},
	}
	from, to := int64(10), int64(40)
	want := Stats{
		Events: 4, Errors: 2, FromTS: &from, ToTS: &to,
		LatencyMS: &LatencySummary{Min: 1, Mean: 1.5, P50: 1, P95: 2, P99: 2, Max: 2},
		Services: []ServiceStats{
			{Service: "a", Count: 1, Errors: 0, Bytes: 5, LatencyMS: LatencySummary{Min: 1, Mean: 1, P50: 1, P95: 1, P99: 1, Max: 1}},
			{Service: "b", Count: 3, Errors: 2, Bytes: 11, LatencyMS: LatencySummary{Min: 1, Mean: 1.667, P50: 2, P95: 2, P99: 2, Max: 2}},
		},
		Top: []TopService{{"b", 3}, {"a", 1}},
	}
	if got := Aggregate(events); !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestTopBreaksTiesByName(t *testing.T) {
	var events []Event
	// First seen: g, f, e, d, c, b, a; counts: a, b, g twice, the others once.
	for _, name := range []string{"g", "f", "e", "d", "c", "b", "a", "g", "b", "a"} {
		events = append(events, Event{Service: name, LatencyMS: 1, Status: 200})
	}
	want := []TopService{{"a", 2}, {"b", 2}, {"g", 2}, {"c", 1}, {"d", 1}}
	if got := Aggregate(events).Top; !reflect.DeepEqual(got, want) {
		t.Errorf("top = %v, want %v", got, want)
	}
}

// BenchmarkStats decodes and aggregates the contract's seeded corpus, as one request
// does. The lesson reads its profile:
//
//	go test -run '^$' -bench Stats -benchmem -cpuprofile cpu.out -memprofile mem.out ./09-hotpath
//	go tool pprof -top cpu.out
func BenchmarkStats(b *testing.B) {
	body, err := os.ReadFile("../../exercises/09-hotpath/testdata/events-seed42.json")
	if err != nil {
		b.Skip("the seeded corpus is not there:", err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		events, err := decodeEvents(body)
		if err != nil {
			b.Fatal(err)
		}
		Aggregate(events)
	}
}
