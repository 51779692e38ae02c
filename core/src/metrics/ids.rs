//! Card and column ids as numbers: the metrics look each id of the event log up once.
//!
//! Key design decision: ids are short (`c1234`, `training`), so an [`Id`] reads the two machine
//! words at the ends of its text once, and up to 16 bytes those words and the length are the
//! id: comparing two ids is comparing two words and hashing one is two multiplies, with no loop
//! and no `memcmp` call (with SipHash, these lookups were the largest part of a 100k-event
//! report). Longer ids are hashed and compared in full. The event log's ids are numbered by an
//! [`Interner`] whose lookup is inlined; small maps (reasons, column pairs) use [`FxMap`].

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

/// A hash map with a fast, non-cryptographic hasher (the Fx hash of rustc): keys are the
/// board's own ids, so there is no attacker to guard against, and SipHash dominated the
/// profile of a 100k-event report.
pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        // The length keeps keys that differ only by trailing zero bytes apart.
        self.add(bytes.len() as u64);
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let (lo, hi) = short_words(rest);
            self.add(lo | hi << 32);
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        // The multiply leaves the low bits (hashbrown's bucket index) weak; as rustc-hash 2
        // does, rotate the well-mixed high bits down.
        self.hash.rotate_left(26)
    }
}

/// A card or column id, its two end words read once.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Id<'a> {
    text: &'a str,
    words: (u64, u64),
}

impl<'a> Id<'a> {
    #[inline(always)]
    pub(crate) fn new(text: &'a str) -> Self {
        Self { text, words: short_words(text.as_bytes()) }
    }

    /// 64 well-mixed bits (the high ones best), equal for equal ids.
    #[inline(always)]
    fn mixed(&self) -> u64 {
        let n = self.text.len();
        let h = if n <= 16 {
            (self.words.0 ^ (n as u64) << 59).wrapping_mul(K).rotate_left(23) ^ self.words.1
        } else {
            let mut h = FxHasher::default();
            h.write(self.text.as_bytes());
            h.hash
        };
        h.wrapping_mul(K)
    }
}

impl Hash for Id<'_> {
    #[inline]
    fn hash<H: Hasher>(&self, state: &mut H) {
        if self.text.len() <= 16 {
            state.write_u64(self.words.0 ^ (self.text.len() as u64) << 59);
            state.write_u64(self.words.1);
        } else {
            state.write(self.text.as_bytes());
        }
    }
}

impl PartialEq for Id<'_> {
    #[inline(always)]
    fn eq(&self, other: &Self) -> bool {
        let n = self.text.len();
        self.words == other.words && n == other.text.len() && (n <= 16 || self.text == other.text)
    }
}

impl Eq for Id<'_> {}

/// Two words that, with the length, determine a slice of at most 16 bytes: its first and last
/// eight bytes (overlapping below 16), four below 8, or three single bytes below 4 (and of a
/// longer slice, its first and last eight). Byte by byte, as the optimizer for size leaves
/// `first_chunk` and the like as calls; it merges these reads into one.
#[inline(always)]
fn short_words(b: &[u8]) -> (u64, u64) {
    let n = b.len();
    let at = |i: usize| u64::from(b[i]);
    if n >= 8 {
        (le8(b, 0), le8(b, n - 8))
    } else if n >= 4 {
        (le4(b, 0), le4(b, n - 4))
    } else if n > 0 {
        (at(0) | at(n / 2) << 8 | at(n - 1) << 16, 0)
    } else {
        (0, 0)
    }
}

#[inline(always)]
fn le8(b: &[u8], i: usize) -> u64 {
    u64::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5], b[i + 6], b[i + 7]])
}

#[inline(always)]
fn le4(b: &[u8], i: usize) -> u64 {
    u64::from(u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]))
}

/// Ids numbered 0, 1, 2, ... in order of first appearance, in a table of its own (open
/// addressing, linear probing, at most half full) whose lookup is inlined where it is used: a
/// `HashMap`'s is a chain of small generic calls that the optimizer for size inlines or not
/// depending on how many key types the crate hashes, which swung a report by millions of
/// instructions.
pub(crate) struct Interner<'a> {
    ids: Vec<Id<'a>>,
    /// An id's number, or `EMPTY`; a power of two long.
    table: Vec<u32>,
    /// `64 - log2(table.len())`: a hash's high bits pick its first place.
    shift: u32,
}

const EMPTY: u32 = u32::MAX;

impl<'a> Interner<'a> {
    /// Room for `n` ids before the table grows.
    pub(crate) fn with_capacity(n: usize) -> Self {
        let size = (2 * n).max(16).next_power_of_two();
        Self {
            ids: Vec::with_capacity(n),
            table: vec![EMPTY; size],
            shift: 64 - size.trailing_zeros(),
        }
    }

    /// The number of `id`, and whether `id` got it just now.
    #[inline(always)]
    pub(crate) fn intern(&mut self, id: Id<'a>) -> (u32, bool) {
        let at = self.place(&id);
        let n = self.table.as_slice()[at];
        if n != EMPTY {
            return (n, false);
        }
        self.add(at, id)
    }

    /// The number of `id`, if it has one.
    #[inline(always)]
    pub(crate) fn get(&self, id: &Id<'_>) -> Option<u32> {
        let n = self.table.as_slice()[self.place(id)];
        (n != EMPTY).then_some(n)
    }

    /// Where `id` is in the table, or the empty place where it would go.
    #[inline(always)]
    fn place(&self, id: &Id<'_>) -> usize {
        let (table, ids) = (self.table.as_slice(), self.ids.as_slice());
        let mask = table.len() - 1;
        let mut at = (id.mixed() >> self.shift) as usize;
        loop {
            let n = table[at];
            if n == EMPTY || ids[n as usize] == *id {
                return at;
            }
            at = (at + 1) & mask;
        }
    }

    /// Numbers `id`, new, at the empty place `at`.
    #[inline(never)]
    fn add(&mut self, at: usize, id: Id<'a>) -> (u32, bool) {
        let n = self.ids.len() as u32;
        self.ids.push(id);
        self.table[at] = n;
        if 2 * self.ids.len() > self.table.len() {
            let size = 2 * self.table.len();
            self.table = vec![EMPTY; size];
            self.shift -= 1;
            for (n, id) in self.ids.iter().enumerate() {
                let mut at = (id.mixed() >> self.shift) as usize;
                while self.table[at] != EMPTY {
                    at = (at + 1) & (size - 1);
                }
                self.table[at] = n as u32;
            }
        }
        (n, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    const IDS: [&str; 25] = [
        "",
        "a",
        "b",
        "ab",
        "ba",
        "aa",
        "abc",
        "acb",
        "abcd",
        "abce",
        "abcde",
        "abdde",
        "c1234",
        "c1243",
        "training",
        "trainin",
        "trainingx",
        "evaluation",
        "evaluatiom",
        "0123456789abcdef",
        "0123456789abcdeg",
        "1123456789abcdef",
        "0123456789abcdefg",
        "0123456789abcdefh",
        "0123456789xbcdefg",
    ];

    #[test]
    fn the_fx_hash_of_a_short_key_depends_on_every_byte() {
        let h = |s: &str| BuildHasherDefault::<FxHasher>::default().hash_one(s);
        assert_ne!(h("c12"), h("c13"));
        assert_ne!(h("c1"), h("c1\0"));
        assert_ne!(h("abcdefghi"), h("abcdefghj"));
        assert_ne!(h("abcdefghijklm"), h("abcdefghijklx"));
        let h = |s: &str| BuildHasherDefault::<FxHasher>::default().hash_one(Id::new(s));
        assert_ne!(h("c1234"), h("c1243"));
        assert_ne!(h("a"), h("a\0"));
    }

    #[test]
    fn an_interner_numbers_ids_in_order_of_first_appearance() {
        // Enough ids to grow the table several times, each seen twice.
        let many: Vec<String> = (0..5_000).map(|i| format!("card-{i}-of-a-long-board")).collect();
        let texts: Vec<&str> = IDS.iter().copied().chain(many.iter().map(String::as_str)).collect();
        let mut ids = Interner::with_capacity(4);
        for (i, t) in texts.iter().enumerate() {
            assert_eq!(ids.intern(Id::new(t)), (i as u32, true), "{t:?}");
        }
        for (i, t) in texts.iter().enumerate() {
            let copy: String = t.chars().collect();
            assert_eq!(ids.intern(Id::new(t)), (i as u32, false), "{t:?}");
            assert_eq!(ids.get(&Id::new(&copy)), Some(i as u32));
        }
        assert_eq!(ids.get(&Id::new("not an id")), None);
    }

    #[test]
    fn ids_are_equal_exactly_when_their_text_is() {
        let h = |s: &str| BuildHasherDefault::<FxHasher>::default().hash_one(Id::new(s));
        for a in IDS {
            for b in IDS {
                assert_eq!(Id::new(a) == Id::new(b), a == b, "{a:?} {b:?}");
                if a == b {
                    let copy: String = b.chars().collect();
                    assert_eq!(h(a), h(&copy));
                    assert_eq!(Id::new(a).mixed(), Id::new(&copy).mixed());
                }
            }
        }
    }
}
