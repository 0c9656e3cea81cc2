package main

import (
	"bytes"
	"flag"
	"net/http"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden answer to the seeded corpus")

const (
	corpusPath = "../../exercises/09-hotpath/testdata/events-seed42.json"
	goldenPath = "../../exercises/09-hotpath/testdata/events-seed42.stats.json"
)

// TestSeededCorpus answers the contract's corpus and compares the answer with the golden
// file, which the contract and the Rust reference's tests also read: the Go service's
// answer is the definition of right. After a deliberate change: go test ./09-hotpath -update.
func TestSeededCorpus(t *testing.T) {
	body, err := os.ReadFile(corpusPath)
	if err != nil {
		t.Fatal(err)
	}
	rec := do(NewServer(), "POST", "/stats", "application/json", string(body))
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d; body %s", rec.Code, rec.Body)
	}
	if *update {
		if err := os.WriteFile(goldenPath, rec.Body.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(rec.Body.Bytes(), want) {
		t.Errorf("the answer differs from %s:\n%s", goldenPath, rec.Body)
	}
}
