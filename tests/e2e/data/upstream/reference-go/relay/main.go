// Command relay is a stand-in for both halves of a gateway exercise in ferry's
// end-to-end tests of upstreams (tests/e2e/upstream_test.cpp).
//
// Without UPSTREAM_URL it is the upstream: GET /echo answers 200 with the request
// target it got, and POST /die exits with code 3 without answering. With
// RELAY_FAIL_START set it exits at once instead of listening.
//
// With UPSTREAM_URL it is the gateway: /health is its own, everything else goes to
// the upstream through httputil.ReverseProxy (whose default error answer is a bare
// 502). With RELAY_DROP_QUERY set it forwards the path without the query.
package main

import (
	"encoding/json"
	"log"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"status":"ok"}`))
	})
	if upstream := os.Getenv("UPSTREAM_URL"); upstream != "" {
		target, err := url.Parse(upstream)
		if err != nil {
			log.Fatalf("relay: UPSTREAM_URL: %v", err)
		}
		mux.Handle("/", &httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(target)
			if os.Getenv("RELAY_DROP_QUERY") != "" {
				pr.Out.URL.RawQuery = ""
			}
		}})
	} else {
		if os.Getenv("RELAY_FAIL_START") != "" {
			log.Fatal("relay: told to fail at start")
		}
		mux.HandleFunc("GET /echo", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(map[string]string{"target": r.URL.RequestURI()})
		})
		mux.HandleFunc("POST /die", func(w http.ResponseWriter, r *http.Request) {
			log.Print("relay: told to die")
			os.Exit(3)
		})
	}
	log.Fatal(http.ListenAndServe("127.0.0.1:"+os.Getenv("PORT"), mux))
}
