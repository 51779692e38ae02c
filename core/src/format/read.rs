//! Reading a parsed JSON value field by field, with the JSON path of every field
//! at hand for error messages.
//!
//! Key design decision: paths are a linked list of borrowed segments on the
//! stack and are only rendered into a string when something is wrong, so a
//! valid 100k-event file pays nothing for the precise messages of a broken one.

use chrono::DateTime;
use serde_json::{Map, Value};

use super::ImportError;
use crate::model::{Extra, Instant};

/// One step of a JSON path.
#[derive(Clone, Copy, Debug)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// A JSON path such as `boards[0].cards[12].column`, as a chain of segments.
#[derive(Clone, Copy, Debug)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    seg: Option<Seg<'a>>,
}

impl<'a> Path<'a> {
    pub const ROOT: Path<'static> = Path { parent: None, seg: None };

    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path { parent: Some(self), seg: Some(Seg::Key(key)) }
    }

    pub fn index(&'a self, i: usize) -> Path<'a> {
        Path { parent: Some(self), seg: Some(Seg::Index(i)) }
    }

    /// The path as text: `boards[0].cards[12].column`; keys that are not plain
    /// identifiers are quoted (`wip.person_limits["Ann Lee"]`); the root is `$`.
    pub fn render(&self) -> String {
        let mut segs = Vec::new();
        let mut p = Some(self);
        while let Some(node) = p {
            if let Some(s) = node.seg {
                segs.push(s);
            }
            p = node.parent;
        }
        if segs.is_empty() {
            return "$".to_owned();
        }
        let mut out = String::new();
        for s in segs.into_iter().rev() {
            match s {
                Seg::Index(i) => out.push_str(&format!("[{i}]")),
                Seg::Key(k) if is_plain(k) && k.len() <= 60 => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Seg::Key(k) => {
                    out.push('[');
                    out.push_str(&Value::String(clip(k)).to_string());
                    out.push(']');
                }
            }
        }
        out
    }

    pub fn err(&self, message: impl Into<String>) -> ImportError {
        ImportError::Invalid { path: self.render(), message: message.into() }
    }
}

fn is_plain(k: &str) -> bool {
    let mut chars = k.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

pub type R<T> = Result<T, ImportError>;

/// A short name of a JSON value's type, for messages.
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

pub fn object(v: Value, path: &Path) -> R<Map<String, Value>> {
    match v {
        Value::Object(m) => Ok(m),
        other => Err(path.err(format!("expected an object, found {}", type_name(&other)))),
    }
}

pub fn string(v: Value, path: &Path) -> R<String> {
    match v {
        Value::String(s) => Ok(s),
        other => Err(path.err(format!("expected a string, found {}", type_name(&other)))),
    }
}

pub fn array(v: Value, path: &Path) -> R<Vec<Value>> {
    match v {
        Value::Array(a) => Ok(a),
        other => Err(path.err(format!("expected a list, found {}", type_name(&other)))),
    }
}

pub fn number(v: Value, path: &Path) -> R<f64> {
    match &v {
        Value::Number(n) => n.as_f64().ok_or_else(|| path.err("the number is out of range")),
        other => Err(path.err(format!("expected a number, found {}", type_name(other)))),
    }
}

pub fn boolean(v: Value, path: &Path) -> R<bool> {
    match v {
        Value::Bool(b) => Ok(b),
        other => Err(path.err(format!("expected true or false, found {}", type_name(&other)))),
    }
}

/// A limit: an integer up to 4294967295 (that it is at least 1 is a rule on
/// values, checked with the others by `v1::into_domain`).
pub fn limit(v: Value, path: &Path) -> R<u32> {
    let bad = || path.err(format!("expected a whole number from 1 to {}, found {v}", u32::MAX));
    match &v {
        Value::Number(n) => match whole(n) {
            Some(x) => u32::try_from(x).map_err(|_| bad()),
            None => Err(bad()),
        },
        other => Err(path.err(format!("expected a whole number, found {}", type_name(other)))),
    }
}

/// A non-negative whole number, written `3` or `3.0` (JSON Schema counts both
/// as integers).
pub fn whole(n: &serde_json::Number) -> Option<u64> {
    n.as_u64().or_else(|| {
        n.as_f64().filter(|x| x.fract() == 0.0 && *x >= 0.0 && *x < u64::MAX as f64).map(|x| x as u64)
    })
}

/// An RFC 3339 time with an offset, e.g. `2026-03-02T09:30:00Z`.
pub fn time(v: Value, path: &Path) -> R<Instant> {
    parse_time(&string(v, path)?).map_err(|m| path.err(m))
}

/// [`time`] on a string; the error is the message.
pub fn parse_time(s: &str) -> Result<Instant, String> {
    DateTime::parse_from_rfc3339(s).map(|t| t.to_utc()).map_err(|e| {
        format!("\"{}\" is not an RFC 3339 time with an offset such as 2026-03-02T09:30:00Z ({e})", clip(s))
    })
}

/// A value quoted in a message, cut short if long.
pub fn clip(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(MAX).collect();
        t.push('…');
        t
    }
}

/// The fields of one JSON object, taken out one by one; what is left over is
/// the object's unknown fields.
pub struct Obj<'p> {
    pub map: Map<String, Value>,
    pub path: &'p Path<'p>,
}

impl<'p> Obj<'p> {
    pub fn new(v: Value, path: &'p Path<'p>) -> R<Self> {
        Ok(Self { map: object(v, path)?, path })
    }

    /// Applies `f` to a required field.
    pub fn req<T>(&mut self, key: &'static str, f: impl FnOnce(Value, &Path) -> R<T>) -> R<T> {
        match self.map.remove(key) {
            Some(v) => f(v, &self.path.key(key)),
            None => Err(self.path.key(key).err("missing")),
        }
    }

    /// Applies `f` to an optional field; absent and `null` are both `None`.
    pub fn opt<T>(&mut self, key: &'static str, f: impl FnOnce(Value, &Path) -> R<T>) -> R<Option<T>> {
        match self.map.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => f(v, &self.path.key(key)).map(Some),
        }
    }

    /// A list field, each element read by `f`; absent or `null` is empty.
    pub fn list<T>(&mut self, key: &'static str, f: impl Fn(Value, &Path) -> R<T>) -> R<Vec<T>> {
        match self.map.remove(key) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(v) => {
                let p = self.path.key(key);
                array(v, &p)?.into_iter().enumerate().map(|(i, x)| f(x, &p.index(i))).collect()
            }
        }
    }

    /// The fields not taken: the object's unknown fields, kept as they are.
    pub fn rest(self) -> Extra {
        self.map.into_iter().collect()
    }
}
