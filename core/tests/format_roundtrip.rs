//! Export then import is the identity, and the importer never panics; the
//! same for the stored form and its reader.
//!
//! Key design decision: the round trip is checked on random boards that use
//! every field (see `format_gen.rs`), through the pretty export, the compact
//! board file and the stored form; the "fuzzer" is proptest feeding arbitrary
//! text and mutated valid files and stored values to `import_str` and
//! `read_stored`, which must return (Ok or Err), never panic.

#[path = "format_gen.rs"]
mod format_gen;

use board_core::format::{export_string, import_str, read_stored, to_compact_string, to_storage_string};
use format_gen::{boards, exported_at};
use proptest::prelude::*;
use serde_json::Value;

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn export_then_import_gives_back_the_same_boards(seed in any::<u64>()) {
        let bs = boards(seed);
        let text = export_string(&bs, exported_at());
        let back = import_str(&text);
        prop_assert!(back.is_ok(), "refused its own export: {}", back.unwrap_err());
        prop_assert_eq!(back.unwrap(), bs);
    }

    #[test]
    fn the_storage_string_reads_back_the_same_boards(seed in any::<u64>()) {
        let bs = boards(seed);
        let text = to_storage_string(&bs, exported_at());
        prop_assert!(!text.contains('\n'), "storage string is compact");
        prop_assert_eq!(import_str(&text).unwrap(), bs);
    }

    #[test]
    fn the_stored_form_reads_back_the_same_boards(seed in any::<u64>()) {
        let bs = boards(seed);
        let text = to_compact_string(&bs, exported_at());
        prop_assert!(text.starts_with("{\"format\":\"ml-kanban-store\",\"version\":1,"), "{}", &text[..60]);
        let back = read_stored(&text);
        prop_assert!(back.is_ok(), "refused its own stored form: {}", back.unwrap_err());
        prop_assert_eq!(back.unwrap(), bs);
    }

    #[test]
    fn the_old_stored_form_still_reads(seed in any::<u64>()) {
        let bs = boards(seed);
        prop_assert_eq!(read_stored(&to_storage_string(&bs, exported_at())).unwrap(), bs);
    }

    #[test]
    fn export_is_a_fixed_point_of_import(seed in any::<u64>()) {
        let text = export_string(&boards(seed), exported_at());
        let again = export_string(&import_str(&text).unwrap(), exported_at());
        prop_assert_eq!(text, again);
    }

    #[test]
    fn importing_arbitrary_text_never_panics(text in ".{0,400}") {
        let _ = import_str(&text);
        let _ = read_stored(&text);
    }

    #[test]
    fn importing_arbitrary_bytes_as_lossy_text_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = import_str(&text);
        let _ = read_stored(&text);
    }

    #[test]
    fn reading_arbitrary_text_after_a_stored_header_never_panics(text in ".{0,400}") {
        let _ = read_stored(&format!("{{\"format\":\"ml-kanban-store\",\"version\":1,{text}"));
    }

    #[test]
    fn reading_byte_mutated_stored_values_never_panics(
        seed in any::<u64>(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
    ) {
        let mut bytes = to_compact_string(&boards(seed), exported_at()).into_bytes();
        for (i, b) in edits {
            let i = i.index(bytes.len());
            bytes[i] = b;
        }
        let _ = read_stored(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn reading_a_truncated_stored_value_is_refused(seed in any::<u64>(), cut in any::<prop::sample::Index>()) {
        let text = to_compact_string(&boards(seed), exported_at());
        let cut = cut.index(text.len());
        if text.is_char_boundary(cut) {
            prop_assert!(read_stored(&text[..cut]).is_err());
        }
    }

    #[test]
    fn reading_structurally_mutated_stored_values_never_panics_and_refusals_say_why(
        seed in any::<u64>(),
        picks in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..10), 1..4),
    ) {
        let mut v: Value = serde_json::from_str(&to_compact_string(&boards(seed), exported_at())).unwrap();
        for (pick, how) in picks {
            mutate(&mut v, pick, how);
        }
        if let Err(e) = read_stored(&v.to_string()) {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn importing_byte_mutated_valid_files_never_panics(
        seed in any::<u64>(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
    ) {
        let mut bytes = to_storage_string(&boards(seed), exported_at()).into_bytes();
        for (i, b) in edits {
            let i = i.index(bytes.len());
            bytes[i] = b;
        }
        let _ = import_str(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn importing_structurally_mutated_valid_files_never_panics_and_refusals_name_a_path(
        seed in any::<u64>(),
        picks in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..10), 1..4),
    ) {
        let mut v: Value = serde_json::from_str(&to_storage_string(&boards(seed), exported_at())).unwrap();
        for (pick, how) in picks {
            mutate(&mut v, pick, how);
        }
        if let Err(e) = import_str(&v.to_string()) {
            prop_assert!(!e.to_string().is_empty());
        }
    }
}

/// Replaces one value somewhere in the tree (chosen by `pick`) with a
/// hostile one, or removes it.
fn mutate(root: &mut Value, pick: prop::sample::Index, how: u8) {
    let mut paths = Vec::new();
    collect(root, &mut Vec::new(), &mut paths);
    let path = &paths[pick.index(paths.len())];
    let replacement = match how {
        0 => Value::Null,
        1 => Value::from(""),
        2 => Value::from(-1),
        3 => Value::from(0),
        4 => serde_json::json!(1e300),
        5 => Value::from(u64::MAX),
        6 => serde_json::json!([]),
        7 => serde_json::json!({}),
        8 => Value::from("2026-13-45T99:99:99Z"),
        _ => Value::from("zz-unknown"),
    };
    let mut v = &mut *root;
    for step in &path[..path.len().saturating_sub(1)] {
        v = match step {
            Step::Key(k) => v.get_mut(k.as_str()).unwrap(),
            Step::Index(i) => v.get_mut(*i).unwrap(),
        };
    }
    match (path.last(), v) {
        (Some(Step::Key(k)), Value::Object(m)) if how == 9 && k.len() % 2 == 0 => {
            m.remove(k);
        }
        (Some(Step::Key(k)), Value::Object(m)) => {
            m.insert(k.clone(), replacement);
        }
        (Some(Step::Index(i)), Value::Array(a)) => a[*i] = replacement,
        (None, v) => *v = replacement,
        _ => {}
    }
}

#[derive(Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn collect(v: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(here.clone());
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                here.push(Step::Key(k.clone()));
                collect(x, here, out);
                here.pop();
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                here.push(Step::Index(i));
                collect(x, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}
