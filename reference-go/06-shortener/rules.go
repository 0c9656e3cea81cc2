package main

import (
	"crypto/rand"
	"net/url"
	"unicode/utf8"
)

// The rules of the link resource: which URLs may be stored, which aliases may be
// asked for, and the codes the service makes up when none is asked for.

const (
	maxURLChars   = 2048 // characters, that is Unicode code points, not bytes
	minAliasChars = 3
	maxAliasChars = 32
)

// reservedAliases are the first segments of the service's other routes. A link called
// "health" could never be followed: GET /health is the health check (see NewServer).
// "links" is refused for the same reason, and so that GET /links never looks like a
// link either. The comparison is exact, as the router's is: "Health" is a free alias.
var reservedAliases = map[string]bool{"health": true, "links": true}

// checkURL applies the contract's rule for url: an absolute http or https URL with a
// host, at most 2048 characters. The URL is only checked, never changed: what is stored
// and redirected to is the string the client sent.
//
// url.Parse is lenient. It accepts "not a url" (a relative path), "/relative/path",
// "https://" (no host), "javascript:alert(1)" and "https:example.com" (opaque, no
// host), so each part is checked after parsing; parsing proves only that the parts can
// be found. It does refuse what could never be a URL: a space in the host, a port
// that is not a number, and any ASCII control character, so a URL with a line break in
// it cannot end up in the Location header.
func checkURL(raw string) error {
	// Characters, not bytes: len("é") is 2, utf8.RuneCountInString("é") is 1, like
	// Rust's s.chars().count(). Checked first, so a huge string is not parsed at all.
	if n := utf8.RuneCountInString(raw); n > maxURLChars {
		return Errorf(EUNPROCESSABLE, "invalid_url",
			"url must be at most %d characters long, not %d", maxURLChars, n)
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return Errorf(EUNPROCESSABLE, "invalid_url", "url is not a URL: %v", err)
	// Parse lowercases the scheme, so "HTTPS://example.com" passes: schemes are
	// case-insensitive (RFC 3986), and stored as they came.
	case u.Scheme != "http" && u.Scheme != "https":
		return Errorf(EUNPROCESSABLE, "invalid_url",
			"url must be an absolute http or https URL, got %q", raw)
	// Hostname, not Host: "https://:443/" has a Host (":443") but no host name.
	case u.Hostname() == "":
		return Errorf(EUNPROCESSABLE, "invalid_url", "url must have a host, got %q", raw)
	}
	return nil
}

// checkAlias applies the contract's rule for alias: 3 to 32 characters, each an ASCII
// letter or digit, '-' or '_', and not a reserved word.
func checkAlias(alias string) error {
	// Every allowed character is one byte, so counting bytes is counting characters
	// for every alias that passes the loop below; "ünï" fails there whatever its length.
	ok := len(alias) >= minAliasChars && len(alias) <= maxAliasChars
	for i := 0; ok && i < len(alias); i++ {
		c := alias[i]
		ok = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_'
	}
	if !ok {
		return Errorf(EUNPROCESSABLE, "invalid_alias",
			"alias must be %d to %d ASCII letters, digits, '-' and '_', got %q",
			minAliasChars, maxAliasChars, alias)
	}
	if reservedAliases[alias] {
		return Errorf(EUNPROCESSABLE, "invalid_alias", "alias %q is reserved", alias)
	}
	return nil
}

const (
	codeLength   = 7
	codeAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
)

// randomCode makes up a code: 7 characters from codeAlphabet, each chosen uniformly by
// crypto/rand. 62^7 is about 3.5 × 10^12 codes, so a collision with a code in use is
// rare, not impossible, and the caller retries (createWithNewCode). A made-up code
// passes checkAlias and is never a reserved word (those are 5 and 6 characters long).
//
// crypto/rand rather than math/rand: codes that could be predicted would let anyone
// walk through the links in the order they were made.
func randomCode() (string, error) {
	// Each random byte picks a character by b % 62. 256 is not a multiple of 62, so a
	// plain modulo would pick the first 8 characters (256 - 4×62 = 8) more often than
	// the others. Bytes of 248 (4×62) and above are thrown away instead, which leaves
	// every character exactly 4 bytes in 248: uniform. A few bytes spare make a second
	// read rare.
	code := make([]byte, 0, codeLength)
	var buf [codeLength + 5]byte
	for len(code) < codeLength {
		if _, err := rand.Read(buf[:]); err != nil {
			return "", err
		}
		for _, b := range buf {
			if b < 248 && len(code) < codeLength {
				code = append(code, codeAlphabet[b%62])
			}
		}
	}
	return string(code), nil
}
