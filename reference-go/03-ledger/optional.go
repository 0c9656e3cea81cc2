package main

import "encoding/json"

// Optional is a JSON field that may be absent, null, or a value: three states. (The
// same type as in 02-users, copied so that this service reads on its own.)
//
// A plain int64 or *int64 has too few. encoding/json leaves a field alone both when the
// key is missing and when its value is null, so {"owner": "Bo"} and
// {"owner": "Bo", "balance": null} decode to the same thing, yet the contract opens the
// first with a balance of 0 and refuses the second with 400 invalid_body.
//
// The trick: encoding/json calls UnmarshalJSON only for keys that are present, null
// included. So Set can only become true when the key was there, and Value then tells
// null (nil) from a value.
//
// The Rust port needs none of this: a field `balance: i64` with #[serde(default)] is 0
// when the key is missing, and a null is still a type error, because null is not an i64.
type Optional[T any] struct {
	Set   bool // the key was present (its value may still be null)
	Value *T   // nil when the value was null
}

// UnmarshalJSON records that the key was present and decodes its value.
func (o *Optional[T]) UnmarshalJSON(data []byte) error {
	o.Set = true
	if string(data) == "null" {
		o.Value = nil
		return nil
	}
	var v T
	// A wrong type surfaces as *json.UnmarshalTypeError, as it would without Optional.
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	o.Value = &v
	return nil
}
