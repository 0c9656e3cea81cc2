package main

import (
	"strings"
	"testing"
)

func TestCheckURL(t *testing.T) {
	valid := []string{
		"https://doc.rust-lang.org/book/", "http://example.com", "https://Example.com/a/b?q=1&r=%20x#part",
		"HTTPS://EXAMPLE.COM/", "http://127.0.0.1:8080/", "http://[::1]/", "https://user:pw@example.com/",
		"https://example.com/ünï", "https://example.com/a b", urlOf(2048, "a"), urlOf(2048, "é"),
	}
	invalid := []string{
		"", "not a url", "/relative/path", "//example.com/", "example.com", "ftp://example.com/file",
		"javascript:alert(1)", "mailto:someone@example.com", "data:text/plain,hi", "https://", "https:///path",
		"https://:443/", "https:example.com", "https://exa mple.com/", "http://example.com:port/",
		"https://example.com/\r\nX: y", "https://example.com/\x00", " https://example.com/", "https://example.com /",
		urlOf(2049, "a"), urlOf(2049, "é"),
	}
	for _, u := range valid {
		if err := checkURL(u); err != nil {
			t.Errorf("checkURL(%.60q) = %v, want nil", u, err)
		}
	}
	for _, u := range invalid {
		if err := checkURL(u); err == nil || err.(*Error).Code != "invalid_url" {
			t.Errorf("checkURL(%.60q) = %v, want invalid_url", u, err)
		}
	}
}

func TestCheckAlias(t *testing.T) {
	valid := []string{"abc", "rust-book", "a_b", "ABC", "123", "---", "Health", "LINKS", "healthz",
		strings.Repeat("z", 32)}
	invalid := []string{"", "ab", strings.Repeat("z", 33), "health", "links", "has space", "ünï", "é12",
		"a.b", "a/b", "a%b", "a+b", "a~b", "abc\n", "\x00bc"}
	for _, a := range valid {
		if err := checkAlias(a); err != nil {
			t.Errorf("checkAlias(%q) = %v, want nil", a, err)
		}
	}
	for _, a := range invalid {
		if err := checkAlias(a); err == nil || err.(*Error).Code != "invalid_alias" {
			t.Errorf("checkAlias(%q) = %v, want invalid_alias", a, err)
		}
	}
}

// TestRandomCode: 7 characters of the alphabet, every one of which turns up, and codes
// that differ. Nothing here is left to luck in practice: 2000 codes are 14000
// characters, and the chance that one of 62 never comes up is about 62 × (61/62)^14000,
// below 10^-95.
func TestRandomCode(t *testing.T) {
	if len(codeAlphabet) != 62 {
		t.Fatalf("the alphabet has %d characters; randomCode assumes 62", len(codeAlphabet))
	}
	seen := map[rune]bool{}
	codes := map[string]bool{}
	for range 2000 {
		code, err := randomCode()
		if err != nil {
			t.Fatal(err)
		}
		if !codePattern.MatchString(code) {
			t.Fatalf("randomCode() = %q, want 7 ASCII letters and digits", code)
		}
		if err := checkAlias(code); err != nil {
			t.Errorf("a made-up code breaks the alias rules: %v", err)
		}
		codes[code] = true
		for _, c := range code {
			seen[c] = true
		}
	}
	if len(seen) != len(codeAlphabet) {
		t.Errorf("%d of %d characters came up", len(seen), len(codeAlphabet))
	}
	if len(codes) < 1990 { // a repeat among 2000 is a 1 in 10^6 event, ten of them impossible
		t.Errorf("%d different codes in 2000", len(codes))
	}
}
