package main

import (
	"testing"
	"time"
)

func TestUpstreamURL(t *testing.T) {
	tests := []struct {
		value, want string
		wantErr     bool
	}{
		{value: "http://127.0.0.1:9000", want: "http://127.0.0.1:9000"},
		{value: "http://127.0.0.1:9000/", want: "http://127.0.0.1:9000"}, // the trailing / is dropped
		{value: "http://localhost:9000", want: "http://localhost:9000"},
		{value: "http://[::1]:9000", want: "http://[::1]:9000"},
		{value: "HTTP://127.0.0.1:9000", want: "http://127.0.0.1:9000"},
		{value: "http://todos.internal", want: "http://todos.internal"}, // port 80
		{value: "", wantErr: true},
		{value: "127.0.0.1:9000", wantErr: true},
		{value: "localhost:9000", wantErr: true},
		{value: "//127.0.0.1:9000", wantErr: true},
		{value: "/todos", wantErr: true},
		{value: "https://127.0.0.1:9000", wantErr: true},
		{value: "ftp://127.0.0.1:9000", wantErr: true},
		{value: "http://", wantErr: true},
		{value: "http://:9000", wantErr: true},
		{value: "http://127.0.0.1:port", wantErr: true},
		{value: "http://127.0.0.1:9000/api", wantErr: true},
		{value: "http://127.0.0.1:9000?x=1", wantErr: true},
		{value: "http://127.0.0.1:9000/?", wantErr: true},
		{value: "http://127.0.0.1:9000#top", wantErr: true},
		{value: "http://user:pass@127.0.0.1:9000", wantErr: true},
		{value: " http://127.0.0.1:9000", wantErr: true},
	}
	for _, tt := range tests {
		u, err := upstreamURL(tt.value)
		if (err != nil) != tt.wantErr {
			t.Errorf("upstreamURL(%q): error %v, want error %v", tt.value, err, tt.wantErr)
			continue
		}
		if err == nil && u.String() != tt.want {
			t.Errorf("upstreamURL(%q) = %q, want %q", tt.value, u, tt.want)
		}
	}
}

func TestMillis(t *testing.T) {
	tests := []struct {
		value   string
		want    time.Duration
		wantErr bool
	}{
		{value: "", want: 7 * time.Second},
		{value: "1", want: time.Millisecond},
		{value: "1000", want: time.Second},
		{value: "250", want: 250 * time.Millisecond},
		{value: "9223372036854", want: 9223372036854 * time.Millisecond},
		{value: "9223372036855", wantErr: true}, // would overflow time.Duration
		{value: "0", wantErr: true},
		{value: "-5", wantErr: true},
		{value: "1.5", wantErr: true},
		{value: "1s", wantErr: true},
		{value: "abc", wantErr: true},
		{value: " 100", wantErr: true},
	}
	for _, tt := range tests {
		got, err := millis("UPSTREAM_TIMEOUT_MS", tt.value, 7*time.Second)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("millis(%q) = %v, %v; want %v, error %v", tt.value, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestDatabasePath(t *testing.T) {
	tests := []struct {
		url, want string
		wantErr   bool
	}{
		{url: "sqlite:///tmp/todos.db", want: "/tmp/todos.db"},
		{url: "sqlite://todos.db", want: "todos.db"},
		{url: "sqlite://data/todos.db", want: "data/todos.db"},
		{url: defaultDatabaseURL, want: "todos.db"},
		{url: "sqlite://", wantErr: true},
		{url: "todos.db", wantErr: true},
		{url: "/tmp/todos.db", wantErr: true},
		{url: "sqlite:todos.db", wantErr: true},
		{url: "postgres://localhost/todos", wantErr: true},
		{url: "sqlite://todos.db?mode=rwc", wantErr: true},
	}
	for _, tt := range tests {
		got, err := databasePath(tt.url)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("databasePath(%q) = %q, %v; want %q, error %v", tt.url, got, err, tt.want, tt.wantErr)
		}
	}
}
