package main

import (
	"encoding/json"
	"errors"
	"math/big"
)

// errOverflow fails a sum whose total does not fit in an int64.
var errOverflow = errors.New("overflow")

// sumResult is the result of a sum job: {"sum": 6}.
type sumResult struct {
	Sum int64 `json:"sum"`
}

// perform runs a job's task, once its delay is over, and returns its result (JSON) or
// the error that fails the job. The error's text is what the job's "error" says.
func perform(j NewJob) (json.RawMessage, error) {
	switch j.Task {
	case TaskSum:
		sum, err := sum(j.Numbers)
		if err != nil {
			return nil, err
		}
		return json.Marshal(sumResult{Sum: sum})
	case TaskFail:
		return nil, errors.New(j.Message)
	default: // the handler and the table's CHECK let no other task in
		return nil, errors.New("unknown task " + j.Task)
	}
}

// sum adds numbers, or returns errOverflow when the total is past the int64 range.
//
// The total, not a running sum: [MaxInt64, 1, -1] adds up to MaxInt64, which fits,
// although MaxInt64+1 on the way does not. So the adding is done in a type without a
// range, big.Int, and only the total is checked. (Go's + on int64 would not even tell:
// past the maximum it silently wraps around, as 03-ledger explains. The Rust port can
// add in i128, which no list of i64 that fits in memory overflows, then
// i64::try_from the total.)
func sum(numbers []int64) (int64, error) {
	total := new(big.Int)
	for _, n := range numbers {
		total.Add(total, big.NewInt(n))
	}
	if !total.IsInt64() {
		return 0, errOverflow
	}
	return total.Int64(), nil
}
