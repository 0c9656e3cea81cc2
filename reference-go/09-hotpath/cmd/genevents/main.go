// Command genevents writes the seeded corpora of exercise 09-hotpath: a JSON array of
// request events, the same bytes for the same seed on every machine and every Go
// version (splitmix64, integer arithmetic, latencies written as exact decimals).
//
//	go run ./09-hotpath/cmd/genevents -seed 42 -events 8000 -o ../exercises/09-hotpath/testdata/events-seed42.json
//	go run ./09-hotpath/cmd/genevents -seed 7 -events 3000 -o ../exercises/09-hotpath/testdata/events-seed7.json
//
// The first is the corpus the contract posts (its expected statistics are what the Go
// reference answers); the second is the body of every request of the load mix
// (exercises/09-hotpath/load.json) that ferry bench sends.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
)

// splitmix64 is Steele, Lea and Flood's generator: tiny, fast, and fully specified, so
// the corpus can be regenerated anywhere.
type splitmix64 uint64

func (s *splitmix64) next() uint64 {
	*s += 0x9e3779b97f4a7c15
	z := uint64(*s)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// below returns a number in [0, n).
func (s *splitmix64) below(n uint64) uint64 { return s.next() % n }

// service is a name and its share of the events, in parts per 8000. Shares tie on
// purpose (search and checkout, cart and payments), so that the top list's tie-break by
// name is exercised.
type service struct {
	name   string
	share  int
	baseMS int // typical latency, in ms
}

var services = []service{
	{"search", 1400, 40}, {"checkout", 1400, 120}, {"auth", 1000, 15}, {"cart", 900, 30},
	{"payments", 900, 250}, {"catalog", 700, 25}, {"inventory", 500, 60}, {"shipping", 400, 90},
	{"reviews", 300, 35}, {"images", 250, 8}, {"ledger", 150, 300}, {"email", 100, 500},
}

const totalShares = 8000

func main() {
	seed := flag.Uint64("seed", 42, "the generator's seed")
	count := flag.Int("events", 8000, "how many events")
	out := flag.String("o", "", "the output file (default: standard output)")
	flag.Parse()

	w := io.Writer(os.Stdout)
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			log.Fatal(err)
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriter(w)
	writeEvents(bw, splitmix64(*seed), *count)
	fmt.Fprintln(bw)
	if err := bw.Flush(); err != nil {
		log.Fatal(err)
	}
}

// writeEvents writes count events as a JSON array, one event per line.
func writeEvents(w io.Writer, rng splitmix64, count int) {
	// Deal the services out by share, then shuffle (Fisher–Yates), so that the counts
	// are exact and the order is not.
	names := make([]int, count)
	for i := range names {
		slot, acc := i*totalShares/count, 0
		for s, svc := range services {
			acc += svc.share
			if slot < acc {
				names[i] = s
				break
			}
		}
	}
	for i := count - 1; i > 0; i-- {
		j := int(rng.below(uint64(i + 1)))
		names[i], names[j] = names[j], names[i]
	}

	const start = 1767225600000 // 2026-01-01T00:00:00Z, in ms
	fmt.Fprint(w, "[\n")
	for i, s := range names {
		svc := services[s]
		ts := start + int64(i)*37 + int64(rng.below(1001)) - 500 // roughly in order, not quite
		// Latency in thousandths of a ms: the base, spread by up to ±50%, and one event
		// in 50 twenty times slower: the tail the percentiles are for.
		micros := uint64(svc.baseMS)*1000/2 + rng.below(uint64(svc.baseMS)*1000+1)
		if rng.below(50) == 0 {
			micros *= 20
		}
		status := 200
		switch r := rng.below(100); {
		case r < 3:
			status = []int{500, 502, 503}[rng.below(3)]
		case r < 8:
			status = []int{400, 404, 429, 499}[rng.below(4)]
		case r < 20:
			status = 201
		}
		bytes := rng.below(65536)
		sep := ",\n"
		if i == count-1 {
			sep = "\n"
		}
		fmt.Fprintf(w, `{"ts":%d,"service":%q,"latency_ms":%d.%03d,"status":%d,"bytes":%d}%s`,
			ts, svc.name, micros/1000, micros%1000, status, bytes, sep)
	}
	fmt.Fprint(w, "]")
}
