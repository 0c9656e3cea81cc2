package main

import (
	"cmp"
	"math"
	"slices"
	"sort"
)

// topSize is how many services the "top" list names at most.
const topSize = 5

// Stats is the answer to POST /stats.
type Stats struct {
	Events    int             `json:"events"`
	Errors    int             `json:"errors"`
	FromTS    *int64          `json:"from_ts"`    // null when there are no events
	ToTS      *int64          `json:"to_ts"`      // null when there are no events
	LatencyMS *LatencySummary `json:"latency_ms"` // every event's latency; null when there are none
	Services  []ServiceStats  `json:"services"`   // by name, in byte order
	Top       []TopService    `json:"top"`        // busiest first, at most topSize
}

// ServiceStats are the statistics of one service's events.
type ServiceStats struct {
	Service   string         `json:"service"`
	Count     int            `json:"count"`
	Errors    int            `json:"errors"`
	Bytes     int64          `json:"bytes"`
	LatencyMS LatencySummary `json:"latency_ms"`
}

// LatencySummary describes a non-empty set of latencies.
type LatencySummary struct {
	Min  float64 `json:"min"`
	Mean float64 `json:"mean"`
	P50  float64 `json:"p50"`
	P95  float64 `json:"p95"`
	P99  float64 `json:"p99"`
	Max  float64 `json:"max"`
}

// TopService is one line of the "top" list.
type TopService struct {
	Service string `json:"service"`
	Count   int    `json:"count"`
}

// serviceAcc gathers one service's events while Aggregate walks them.
type serviceAcc struct {
	errors    int
	bytes     int64
	sum       float64   // latencies added in the order of the events
	latencies []float64 // sorted once all are in
}

// isError says whether an answer counts as an error: a 5xx, 500 included.
func isError(status int) bool { return status >= 500 }

// Aggregate computes the statistics of events. It has no HTTP in it, so that its tests
// and benchmark need no server.
func Aggregate(events []Event) Stats {
	stats := Stats{Events: len(events), Services: []ServiceStats{}, Top: []TopService{}}
	if len(events) == 0 {
		return stats // no times, no latencies: nulls, not zeros
	}

	all := make([]float64, 0, len(events))
	var sum float64
	from, to := events[0].TS, events[0].TS
	byService := make(map[string]*serviceAcc)
	for _, e := range events {
		acc, ok := byService[e.Service]
		if !ok {
			acc = &serviceAcc{}
			byService[e.Service] = acc
		}
		if isError(e.Status) {
			acc.errors++
			stats.Errors++
		}
		acc.bytes += e.Bytes
		acc.sum += e.LatencyMS
		acc.latencies = append(acc.latencies, e.LatencyMS)
		all = append(all, e.LatencyMS)
		sum += e.LatencyMS
		from, to = min(from, e.TS), max(to, e.TS)
	}

	stats.FromTS, stats.ToTS = &from, &to
	overall := summarize(all, sum)
	stats.LatencyMS = &overall

	stats.Services = make([]ServiceStats, 0, len(byService))
	for name, acc := range byService {
		stats.Services = append(stats.Services, ServiceStats{
			Service:   name,
			Count:     len(acc.latencies),
			Errors:    acc.errors,
			Bytes:     acc.bytes,
			LatencyMS: summarize(acc.latencies, acc.sum),
		})
	}
	// Map iteration order is random: sort, so that the same body gets the same answer.
	slices.SortFunc(stats.Services, func(a, b ServiceStats) int { return cmp.Compare(a.Service, b.Service) })

	// Busiest first; equal counts by name. Services is already sorted by name, so a
	// stable sort by count alone keeps ties in name order.
	top := slices.Clone(stats.Services)
	slices.SortStableFunc(top, func(a, b ServiceStats) int { return cmp.Compare(b.Count, a.Count) })
	stats.Top = make([]TopService, 0, min(topSize, len(top)))
	for _, s := range top[:min(topSize, len(top))] {
		stats.Top = append(stats.Top, TopService{Service: s.Service, Count: s.Count})
	}
	return stats
}

// summarize describes latencies, which must not be empty; sum is their sum in the order
// of the events. It sorts latencies in place.
func summarize(latencies []float64, sum float64) LatencySummary {
	sort.Float64s(latencies)
	return LatencySummary{
		Min:  latencies[0],
		Mean: round3(sum / float64(len(latencies))),
		P50:  nearestRank(latencies, 50),
		P95:  nearestRank(latencies, 95),
		P99:  nearestRank(latencies, 99),
		Max:  latencies[len(latencies)-1],
	}
}

// nearestRank is the p-th percentile of sorted by the nearest-rank rule: the value at
// 1-based position ceil(p*n/100). Integers only, so no float rounding can move the rank.
func nearestRank(sorted []float64, p int) float64 {
	n := len(sorted)
	rank := (p*n + 99) / 100 // ceil(p*n/100); at least 1 when n >= 1
	return sorted[rank-1]
}

// round3 rounds x to 3 decimals, halves away from zero.
func round3(x float64) float64 {
	return math.Round(x*1000) / 1000
}
