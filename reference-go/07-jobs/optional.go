package main

import "encoding/json"

// Optional is a JSON field that may be absent, null, or a value: three states. (The
// same type as in 02-users, 03-ledger and 05-todos, copied so that this service reads
// on its own.)
//
// A plain pointer has only two. encoding/json leaves it nil both when the key is
// missing and when its value is null, so {} and {"delay_ms": null} decode to the same
// thing, yet a missing delay_ms is 0 and a null one is an invalid body.
//
// The trick: encoding/json calls UnmarshalJSON only for keys that are present, null
// included. So Set can only become true when the key was there, and Value then tells
// null (nil) from a value.
//
// In Rust the same three states are Option<Option<i64>> (None: absent, Some(None):
// null, Some(Some(n)): a value), which serde needs a little help to fill.
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
