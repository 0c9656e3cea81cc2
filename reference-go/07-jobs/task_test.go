package main

import (
	"errors"
	"math"
	"testing"
)

func TestSum(t *testing.T) {
	const maxInt, minInt = math.MaxInt64, math.MinInt64
	tests := []struct {
		numbers  []int64
		want     int64
		overflow bool
	}{
		{numbers: nil, want: 0},
		{numbers: []int64{}, want: 0},
		{numbers: []int64{1, 2, 3}, want: 6},
		{numbers: []int64{-4, 1}, want: -3},
		{numbers: []int64{maxInt}, want: maxInt},
		{numbers: []int64{minInt}, want: minInt},
		{numbers: []int64{maxInt, minInt}, want: -1},
		{numbers: []int64{maxInt, 1, -1}, want: maxInt},
		{numbers: []int64{minInt, -1, 1}, want: minInt},
		{numbers: []int64{maxInt, maxInt, minInt, minInt}, want: -2},
		{numbers: []int64{maxInt, 1}, overflow: true},
		{numbers: []int64{minInt, -1}, overflow: true},
		{numbers: []int64{maxInt, maxInt, minInt}, want: maxInt - 1},
		{numbers: []int64{maxInt, maxInt, maxInt, minInt}, overflow: true},
		{numbers: []int64{minInt, minInt}, overflow: true},
	}
	for _, tt := range tests {
		got, err := sum(tt.numbers)
		if tt.overflow {
			if !errors.Is(err, errOverflow) {
				t.Errorf("sum(%v) = %d, %v; want overflow", tt.numbers, got, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("sum(%v) = %d, %v; want %d", tt.numbers, got, err, tt.want)
		}
	}
}

func TestPerform(t *testing.T) {
	tests := []struct {
		job        NewJob
		wantResult string
		wantErr    string
	}{
		{job: NewJob{Task: TaskSum, Numbers: []int64{1, 2, 3}}, wantResult: `{"sum":6}`},
		{job: NewJob{Task: TaskSum, Numbers: []int64{}}, wantResult: `{"sum":0}`},
		{job: NewJob{Task: TaskSum, Numbers: []int64{math.MaxInt64, 1}}, wantErr: "overflow"},
		{job: NewJob{Task: TaskFail, Message: "disk full"}, wantErr: "disk full"},
		{job: NewJob{Task: TaskFail, Message: ""}, wantErr: ""},
	}
	for _, tt := range tests {
		result, err := perform(tt.job)
		switch {
		case tt.wantResult != "":
			if err != nil || string(result) != tt.wantResult {
				t.Errorf("perform(%+v) = %s, %v; want %s", tt.job, result, err, tt.wantResult)
			}
		case err == nil || err.Error() != tt.wantErr || result != nil:
			t.Errorf("perform(%+v) = %s, %v; want the error %q", tt.job, result, err, tt.wantErr)
		}
	}
}
