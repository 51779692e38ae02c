//! Fresh identifiers for boards, cards, columns and lanes.
//!
//! Key design decision: ids come from the browser's `Math.random` (no clock,
//! no OS entropy), are short and URL/CSS-safe, and the core refuses duplicates,
//! so a caller simply asks again on the (unlikely) collision.

const ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// A new id such as `card-k3v9x2qa`.
pub fn new_id(prefix: &str) -> String {
    let mut s = String::with_capacity(prefix.len() + 9);
    s.push_str(prefix);
    s.push('-');
    for _ in 0..8 {
        let i = (js_sys::Math::random() * ALPHABET.len() as f64) as usize;
        s.push(ALPHABET[i.min(ALPHABET.len() - 1)] as char);
    }
    s
}

/// A new id with `prefix` that `taken` does not already hold.
pub fn fresh_id(prefix: &str, taken: impl Fn(&str) -> bool) -> String {
    loop {
        let id = new_id(prefix);
        if !taken(&id) {
            return id;
        }
    }
}
