//! What the service accepts as a link's target: an absolute `http` or `https` URL with
//! a host, at most 2048 characters, stored exactly as given.
//!
//! A small hand-written check, not the `url` crate. `url` parses by the WHATWG URL
//! standard, the browsers' rules, which repair what they are given rather than refuse
//! it: `https:example.com`, `https:/example.com` and `http:///example.com` all parse,
//! to `https://example.com/`, a backslash is read as a slash, tabs and newlines are
//! dropped. What it checks would then be its repaired URL, while the service stores and
//! redirects to the string as given. The question here is narrower than parsing (is
//! there a scheme we redirect to, and a host?) and fits in one function, written to
//! RFC 3986's grammar for the parts it looks at, and to accept and refuse what
//! `reference-go/06-shortener`'s `checkURL` (Go's `url.Parse`, then the scheme and
//! `u.Hostname()`) does, on that service's test cases. Like Go's, it does not check
//! the path, the query and the fragment beyond their control characters, and so lets
//! a space through there (a browser sends it as `%20`); nor whether a `%` starts a
//! valid escape, which Go checks in the path and this does not.

/// The longest URL, in characters (Unicode scalar values), not bytes.
pub const MAX_URL_CHARS: usize = 2048;

/// `Ok(())` for a URL the service may redirect to, else why not, in words.
pub fn check_url(url: &str) -> Result<(), &'static str> {
    if url.chars().count() > MAX_URL_CHARS {
        return Err("a url is at most 2048 characters long");
    }
    // A control character (a tab, a line break, a NUL) is no part of a URL, and a
    // line break in the `Location` header of the redirect would start a header of the
    // client's choosing.
    if url.chars().any(|c| c.is_ascii_control()) {
        return Err("a url has no control characters");
    }
    let (scheme, rest) = url
        .split_once(':')
        .ok_or("a url must be absolute, starting with http:// or https://")?;
    // Schemes are case-insensitive (RFC 3986, 3.1): `HTTPS://` is `https://`. A space
    // before it, ` https://...`, makes it no scheme at all.
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err("a url must start with http:// or https://");
    }
    // The authority is between the `//` and the first `/`, `?` or `#`.
    let authority = rest
        .strip_prefix("//")
        .ok_or("a url must start with http:// or https://")?
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default();
    // `user:password@` may come before the host (up to the last `@`, as Go reads it).
    let host_and_port = match authority.rsplit_once('@') {
        Some((userinfo, rest)) if userinfo.chars().all(is_userinfo_char) => rest,
        Some(_) => return Err("a url's user name has characters no user name has"),
        None => authority,
    };
    let (host, port) = split_port(host_and_port)?;
    if host.is_empty() {
        return Err("a url must have a host");
    }
    if !port.bytes().all(|b| b.is_ascii_digit()) {
        return Err("a url's port is a number");
    }
    Ok(())
}

/// `example.com:8080` as the host and the port (`""` when there is none), checking
/// the host's characters on the way. An IPv6 address is in brackets, `[::1]:8080`,
/// because of its own colons.
fn split_port(host_and_port: &str) -> Result<(&str, &str), &'static str> {
    if let Some(bracketed) = host_and_port.strip_prefix('[') {
        let (address, after) = bracketed
            .split_once(']')
            .ok_or("a url's IPv6 address ends with ]")?;
        if !address
            .chars()
            .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return Err("a url's IPv6 address is hex digits and colons");
        }
        let port = match after {
            "" => "",
            after => after.strip_prefix(':').ok_or("a url's port follows a :")?,
        };
        return Ok((address, port));
    }
    let (host, port) = host_and_port.split_once(':').unwrap_or((host_and_port, ""));
    if !host.chars().all(is_host_char) {
        return Err("a url's host has characters no host name has");
    }
    Ok((host, port))
}

/// RFC 3986's `reg-name`: unreserved characters, sub-delimiters and percent-escapes;
/// and, as Go accepts them, non-ASCII characters, for internationalised names.
fn is_host_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~%!$&'()*+,;=".contains(c) || !c.is_ascii()
}

/// RFC 3986's `userinfo`, and the `@` that Go lets through there.
fn is_userinfo_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~%!$&'()*+,;=:@".contains(c)
}
