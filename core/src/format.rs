//! The board file: export and import of boards as JSON (board-format.md, version 1).
//!
//! Key design decision: the file has its own serialized structs per version
//! ([`v1`]), apart from the domain types of [`crate::model`], with conversions
//! both ways. Import parses the text once into a JSON value, checks `format`
//! and `version`, migrates older versions step by step (module `migrate`), reads
//! the current version field by field with a JSON path at hand, checks the
//! rules that span fields, and only then converts to domain boards. A refused
//! file yields an [`ImportError`] naming what is wrong and where
//! (`boards[0].cards[12].column`) and nothing else: there is no partial result.
//!
//! Exports are indented JSON with each event on one line ([`export_string`]).
//! Local storage holds all boards in a stored form of their own, a few times
//! smaller and faster to read and write ([`to_compact_string`], module
//! `compact`), which decodes into this format's structs and passes the same
//! checks; [`read_stored`] reads it and the board file that earlier versions
//! of the app stored ([`to_storage_string`]).
//!
//! Unknown fields of boards, columns, lanes and cards are kept in their
//! `extra` maps and written back on export; unknown fields elsewhere (events,
//! `blocked`, `metric`, `cycle`, the file itself) are ignored. `null` is taken
//! as absent for every optional field.
//!
//! # App-specific fields
//!
//! Optional fields the app adds to version 1 (the spec allows this; other
//! readers ignore them). All are omitted when they hold their default.
//!
//! - column `compute_limit`: number > 0, a cap on the total `compute` (GPUs,
//!   job slots) of the cards in the column.
//! - column `type_limits`: object from card type to integer >= 1, e.g.
//!   `{"experiment": 3}`: at most 3 experiment cards in the column.
//! - board `wip`: object, the WIP policy beyond column and lane caps:
//!   `count_blocked` (bool, default true: blocked cards count toward limits),
//!   `queue_counts_for_person` (bool, default false: cards in `queue` columns
//!   count toward a person's limit), `hard` (bool, default false: a move past a
//!   limit needs an override reason), `cell_limits` (list of
//!   `{"column", "lane", "limit"}`: a cap on one cell), `person_limit`
//!   (integer >= 1: cards each owner holds in active columns), `person_limits`
//!   (object from owner name to integer >= 1, overriding `person_limit`).
//! - board `blocker_labels`: list of non-empty strings, root-cause labels the
//!   board defines beyond the standard ones.
//! - board `demo`: bool, default false: generated demo data.
//!
//! # Rules beyond the spec's wording
//!
//! - Board ids are unique within one file.
//! - A card's `blocked.reason` must be a standard reason or one of the board's
//!   `blocker_labels`; a `blocked` *event*'s reason only has to be non-empty,
//!   since history may name a label the board has since dropped.
//! - Events must be oldest first (equal times allowed), as the spec describes
//!   them and as flow metrics read them; an event older than the one before it
//!   is refused.
//! - Events may name columns and lanes that are no longer on the board, as
//!   they may name cards that were deleted: the app deletes an empty column or
//!   lane while its history stays, and such a board must survive export,
//!   import and a reload from storage. Flow metrics skip columns they do not
//!   know. A card itself must be in a column and lane of the board, and agree
//!   with its last `created`/`moved` event.
//! - A card whose last `created`/`moved` event names a lane must be in that
//!   lane (a `moved` event without `to_lane` keeps the lane of the event before).

mod compact;
pub mod merge;
mod migrate;
mod pretty;
mod read;
pub mod v1;

use std::fmt;

use chrono::NaiveDate;
use serde_json::Value;

use crate::model::{Board, Instant};
pub use compact::{to_compact_string, STORE_FORMAT_NAME, STORE_VERSION};
pub use migrate::CURRENT_VERSION;

/// The value of a board file's `format` field.
pub const FORMAT_NAME: &str = "ml-kanban-board";

/// The largest file (in bytes of UTF-8 text) that import reads; larger ones are
/// refused before parsing.
pub const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;

/// Why a file was refused. `Display` gives a message for people, with the JSON
/// path of the offending field where there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// The text is longer than [`MAX_IMPORT_BYTES`].
    TooLarge { bytes: usize, max: usize },
    /// The text is not JSON (or nests deeper than 128 levels).
    NotJson { message: String },
    /// JSON, but not a board file: no or another `format`.
    NotBoardFile { reason: String },
    /// A file written by a newer app.
    FutureVersion { found: u64, supported: u64 },
    /// A field breaks a rule of the format.
    Invalid { path: String, message: String },
}

impl ImportError {
    /// The JSON path of the offending field, if the error has one.
    pub fn path(&self) -> Option<&str> {
        match self {
            Self::Invalid { path, .. } => Some(path),
            _ => None,
        }
    }
}

/// Bytes in MB (MiB), one decimal, rounded up so that a file just over the
/// limit never reads as equal to it; whole numbers without the decimal.
fn megabytes(bytes: usize) -> String {
    let tenths = (bytes as f64 / (1024.0 * 1024.0) * 10.0).ceil();
    if tenths % 10.0 == 0.0 {
        format!("{} MB", tenths / 10.0)
    } else {
        format!("{:.1} MB", tenths / 10.0)
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge { bytes, max } => write!(
                f,
                "the file is too large to import: {} (the limit is {})",
                megabytes(*bytes),
                megabytes(*max)
            ),
            Self::NotJson { message } => write!(f, "not a JSON file: {message}"),
            Self::NotBoardFile { reason } => write!(f, "not a board file: {reason}"),
            Self::FutureVersion { found, supported } => write!(
                f,
                "this file is version {found}; this app reads up to version {supported}. \
                 Update the app to import it."
            ),
            Self::Invalid { path, message } => write!(f, "{path}: {message}"),
        }
    }
}

impl std::error::Error for ImportError {}

/// Reads a board file: every board in it, or why the file is refused.
pub fn import_str(text: &str) -> Result<Vec<Board>, ImportError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge { bytes: text.len(), max: MAX_IMPORT_BYTES });
    }
    // A byte order mark, as some Windows tools write, is not part of the JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value =
        serde_json::from_str(text).map_err(|e| ImportError::NotJson { message: e.to_string() })?;
    let version = check_header(&value)?;
    let value = migrate::to_current(value, version)?;
    v1::into_domain(v1::read_file(value)?)
}

/// Checks `format` and `version`; returns the version.
fn check_header(value: &Value) -> Result<u64, ImportError> {
    let Value::Object(map) = value else {
        return Err(ImportError::NotBoardFile { reason: format!("the file holds {}, not an object", read::type_name(value)) });
    };
    match map.get("format") {
        Some(Value::String(s)) if s == FORMAT_NAME => {}
        Some(Value::String(s)) => {
            return Err(ImportError::NotBoardFile {
                reason: format!("its format is \"{}\", not \"{FORMAT_NAME}\"", read::clip(s)),
            })
        }
        Some(other) => {
            return Err(ImportError::NotBoardFile {
                reason: format!("its format is {}, not \"{FORMAT_NAME}\"", read::type_name(other)),
            })
        }
        None => return Err(ImportError::NotBoardFile { reason: format!("it has no \"format\": \"{FORMAT_NAME}\"") }),
    }
    let bad = |m: String| ImportError::Invalid { path: "version".into(), message: m };
    let version = match map.get("version") {
        None => return Err(bad("missing".into())),
        Some(Value::Number(n)) => read::whole(n).ok_or_else(|| bad(format!("expected a whole number, found {n}")))?,
        Some(other) => return Err(bad(format!("expected a whole number, found {}", read::type_name(other)))),
    };
    if version > CURRENT_VERSION {
        return Err(ImportError::FutureVersion { found: version, supported: CURRENT_VERSION });
    }
    if version == 0 {
        return Err(bad("there is no version 0; versions start at 1".into()));
    }
    Ok(version)
}

/// The board file of `boards`, as indented JSON for people and other tools,
/// with each event on one line (module `pretty`).
pub fn export_string(boards: &[Board], exported_at: Instant) -> String {
    use serde::Serialize;
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, pretty::EventsPerLine::default());
    v1::from_domain(boards, exported_at).serialize(&mut ser).expect("a board file always serializes");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// The same file as compact JSON: what local storage held before the stored
/// form, and what [`to_compact_string`] falls back to; [`import_str`] and
/// [`read_stored`] read it.
pub fn to_storage_string(boards: &[Board], saved_at: Instant) -> String {
    serde_json::to_string(&v1::from_domain(boards, saved_at)).expect("a board file always serializes")
}

/// Reads what local storage holds: the stored form ([`to_compact_string`]),
/// or a board file, as every version of the app before it stored (so no
/// board is lost on upgrade). Either is refused as a whole, with the reason.
pub fn read_stored(text: &str) -> Result<Vec<Board>, ImportError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge { bytes: text.len(), max: MAX_IMPORT_BYTES });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if compact::is_store(text) {
        compact::read_compact(text)
    } else {
        import_str(text)
    }
}

/// A safe file name for an export: the slug of `name` (a board name, or
/// `"all-boards"`) and the date, e.g. `churn-model-2026-12-03.json`. Only
/// `a-z`, `0-9` and `-` appear before the date; an empty slug becomes `board`.
pub fn export_file_name(name: &str, date: NaiveDate) -> String {
    const MAX_SLUG: usize = 60;
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if let Some(latin) = fold_latin(c) {
            slug.push_str(latin);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= MAX_SLUG {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "board" } else { slug };
    format!("{slug}-{}.json", date.format("%Y-%m-%d"))
}

/// The plain letters of a lowercase accented Latin letter (`é` -> `e`).
fn fold_latin(c: char) -> Option<&'static str> {
    const TABLE: [(&str, &str); 14] = [
        ("àáâãäåā", "a"),
        ("çćč", "c"),
        ("ď", "d"),
        ("èéêëēěę", "e"),
        ("ìíîïī", "i"),
        ("łľ", "l"),
        ("ñńň", "n"),
        ("òóôõöøō", "o"),
        ("ŕř", "r"),
        ("śšş", "s"),
        ("ťţ", "t"),
        ("ùúûüūů", "u"),
        ("ýÿ", "y"),
        ("źżž", "z"),
    ];
    match c {
        'ß' => Some("ss"),
        'æ' => Some("ae"),
        'œ' => Some("oe"),
        _ => TABLE.iter().find(|(from, _)| from.contains(c)).map(|(_, to)| *to),
    }
}

/// An id for a board imported with "keep both": `wanted` if free, else
/// `wanted-2`, `wanted-3`, ... (a numeric suffix of `wanted` is counted on
/// from: `churn-2` becomes `churn-3`). Never empty.
pub fn fresh_board_id(existing: &[&str], wanted: &str) -> String {
    let wanted = if wanted.is_empty() { "board" } else { wanted };
    if !existing.contains(&wanted) {
        return wanted.to_owned();
    }
    let (base, start) = match wanted.rsplit_once('-') {
        Some((b, n)) if !b.is_empty() && !n.is_empty() && n.len() < 10 && n.bytes().all(|c| c.is_ascii_digit()) => {
            (b, n.parse::<u64>().unwrap_or(1) + 1)
        }
        _ => (wanted, 2),
    };
    (start..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !existing.contains(&id.as_str()))
        .expect("some suffix is free")
}
