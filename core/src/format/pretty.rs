//! The layout of exported files: indented JSON, with each event on one line.
//!
//! Key design decision: a board's history is most of a file. Indenting every
//! event field on its own line would make a 100k-event export twice as large
//! (past the import size limit) and hard to scan; one line per event keeps it
//! readable, diffable and small, while the rest of the file stays indented.

use std::io::{self, Write};

use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

/// A [`PrettyFormatter`] that writes the elements of any array under the key
/// `events` compactly, one per line.
pub struct EventsPerLine<'a> {
    pretty: PrettyFormatter<'a>,
    /// For each open container written pretty: whether it is an `events` array.
    open: Vec<bool>,
    /// Nesting depth inside one event (0: not inside an event).
    inside_event: usize,
    /// The last object key, captured while it is written.
    key: Vec<u8>,
    in_key: bool,
}

impl Default for EventsPerLine<'_> {
    fn default() -> Self {
        Self { pretty: PrettyFormatter::new(), open: Vec::new(), inside_event: 0, key: Vec::new(), in_key: false }
    }
}

impl EventsPerLine<'_> {
    /// Whether the container about to open is written compactly; updates the state.
    fn open_container(&mut self, is_array: bool) -> bool {
        if self.inside_event > 0 {
            self.inside_event += 1;
            return true;
        }
        if self.open.last() == Some(&true) {
            self.inside_event = 1;
            return true;
        }
        self.open.push(is_array && self.key == b"events");
        false
    }

    /// Whether the container about to close was written compactly; updates the state.
    fn close_container(&mut self) -> bool {
        if self.inside_event > 0 {
            self.inside_event -= 1;
            return true;
        }
        self.open.pop();
        false
    }
}

impl Formatter for EventsPerLine<'_> {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        if self.open_container(true) {
            CompactFormatter.begin_array(w)
        } else {
            self.pretty.begin_array(w)
        }
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        if self.close_container() {
            CompactFormatter.end_array(w)
        } else {
            self.pretty.end_array(w)
        }
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if self.inside_event > 0 {
            CompactFormatter.begin_array_value(w, first)
        } else {
            self.pretty.begin_array_value(w, first)
        }
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        if self.inside_event > 0 {
            CompactFormatter.end_array_value(w)
        } else {
            self.pretty.end_array_value(w)
        }
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        if self.open_container(false) {
            CompactFormatter.begin_object(w)
        } else {
            self.pretty.begin_object(w)
        }
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        if self.close_container() {
            CompactFormatter.end_object(w)
        } else {
            self.pretty.end_object(w)
        }
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.key.clear();
        self.in_key = true;
        if self.inside_event > 0 {
            CompactFormatter.begin_object_key(w, first)
        } else {
            self.pretty.begin_object_key(w, first)
        }
    }

    fn end_object_key<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.in_key = false;
        if self.inside_event > 0 {
            CompactFormatter.end_object_key(w)
        } else {
            self.pretty.end_object_key(w)
        }
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        if self.inside_event > 0 {
            CompactFormatter.begin_object_value(w)
        } else {
            self.pretty.begin_object_value(w)
        }
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        if self.inside_event > 0 {
            CompactFormatter.end_object_value(w)
        } else {
            self.pretty.end_object_value(w)
        }
    }

    fn write_string_fragment<W: ?Sized + Write>(&mut self, w: &mut W, fragment: &str) -> io::Result<()> {
        if self.in_key {
            self.key.extend_from_slice(fragment.as_bytes());
        }
        w.write_all(fragment.as_bytes())
    }
}
