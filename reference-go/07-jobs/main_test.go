package main

import "testing"

func TestDatabasePath(t *testing.T) {
	tests := []struct {
		url, want string
		wantErr   bool
	}{
		{url: "sqlite:///tmp/jobs.db", want: "/tmp/jobs.db"},
		{url: "sqlite://jobs.db", want: "jobs.db"},
		{url: "sqlite://data/jobs.db", want: "data/jobs.db"},
		{url: defaultDatabaseURL, want: "jobs.db"},
		{url: "sqlite://", wantErr: true},
		{url: "jobs.db", wantErr: true},
		{url: "/tmp/jobs.db", wantErr: true},
		{url: "sqlite:jobs.db", wantErr: true},
		{url: "postgres://localhost/jobs", wantErr: true},
		{url: "sqlite://jobs.db?mode=rwc", wantErr: true},
	}
	for _, tt := range tests {
		got, err := databasePath(tt.url)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("databasePath(%q) = %q, %v; want %q, error %v", tt.url, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestPositiveInt(t *testing.T) {
	tests := []struct {
		value   string
		want    int
		wantErr bool
	}{
		{value: "", want: 7},
		{value: "1", want: 1},
		{value: "16", want: 16},
		{value: "0", wantErr: true},
		{value: "-2", wantErr: true},
		{value: "two", wantErr: true},
		{value: "1.5", wantErr: true},
		{value: " 3", wantErr: true},
	}
	for _, tt := range tests {
		got, err := positiveInt("WORKERS", tt.value, 7)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("positiveInt(%q) = %d, %v; want %d, error %v", tt.value, got, err, tt.want, tt.wantErr)
		}
	}
}
