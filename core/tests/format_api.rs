//! The small helpers around the file: export file names and fresh board ids.

use board_core::format::{export_file_name, fresh_board_id};
use chrono::NaiveDate;

fn dec3() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
}

#[test]
fn a_board_name_becomes_a_lowercase_dashed_file_name_with_the_date() {
    assert_eq!(export_file_name("Churn model", dec3()), "churn-model-2026-12-03.json");
}

#[test]
fn all_boards_export_to_all_boards_and_the_date() {
    assert_eq!(export_file_name("all-boards", dec3()), "all-boards-2026-12-03.json");
}

#[test]
fn path_characters_never_reach_the_file_name() {
    assert_eq!(export_file_name("../../etc/passwd", dec3()), "etc-passwd-2026-12-03.json");
    assert_eq!(export_file_name("a\\b:c*d?\"e<f>g|h", dec3()), "a-b-c-d-e-f-g-h-2026-12-03.json");
}

#[test]
fn accented_latin_letters_are_folded() {
    assert_eq!(export_file_name("Modèle Été — Straße", dec3()), "modele-ete-strasse-2026-12-03.json");
}

#[test]
fn a_name_without_safe_characters_becomes_board() {
    assert_eq!(export_file_name("", dec3()), "board-2026-12-03.json");
    assert_eq!(export_file_name("🚀🚀 / 日本", dec3()), "board-2026-12-03.json");
}

#[test]
fn a_long_name_is_cut_to_sixty_characters() {
    let name = export_file_name(&"word ".repeat(100), dec3());
    let slug = name.strip_suffix("-2026-12-03.json").unwrap();
    assert!(slug.len() <= 60 && !slug.ends_with('-'), "{slug}");
}

#[test]
fn file_names_use_only_safe_characters() {
    for name in ["Churn model", "x/y", " -- ", "Ünïcödé", "a.b.c", "CON", "\u{0}\n\t"] {
        let f = export_file_name(name, dec3());
        assert!(f.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.'), "{f}");
        assert!(!f.starts_with('-') && !f.starts_with('.'), "{f}");
    }
}

#[test]
fn a_free_board_id_is_kept() {
    assert_eq!(fresh_board_id(&["other"], "churn"), "churn");
}

#[test]
fn a_taken_board_id_gets_the_first_free_numbered_suffix() {
    assert_eq!(fresh_board_id(&["churn"], "churn"), "churn-2");
    assert_eq!(fresh_board_id(&["churn", "churn-2", "churn-3"], "churn"), "churn-4");
}

#[test]
fn a_numbered_id_counts_on_from_its_number() {
    assert_eq!(fresh_board_id(&["churn", "churn-2"], "churn-2"), "churn-3");
}

#[test]
fn an_empty_wanted_id_becomes_board() {
    assert_eq!(fresh_board_id(&[], ""), "board");
    assert_eq!(fresh_board_id(&["board"], ""), "board-2");
}

#[test]
fn a_fresh_id_is_never_one_of_the_existing() {
    let existing: Vec<String> = (0..50).map(|i| if i == 0 { "x".into() } else { format!("x-{i}") }).collect();
    let refs: Vec<&str> = existing.iter().map(String::as_str).collect();
    for wanted in ["x", "x-1", "x-7", "x-49", "-", "x-"] {
        let id = fresh_board_id(&refs, wanted);
        assert!(!refs.contains(&id.as_str()) && !id.is_empty(), "{wanted} -> {id}");
    }
}

#[test]
fn an_export_is_indented_with_one_line_per_event() {
    use board_core::format::{export_string, import_str};
    let boards = import_str(include_str!("fixtures/v1-example.json")).unwrap();
    let text = export_string(&boards, chrono::DateTime::UNIX_EPOCH);
    assert!(text.contains("\n      \"columns\": [\n        {\n          \"id\": \"backlog\","), "{}", &text[..400]);
    assert!(text.contains(
        "\n        {\"at\":\"2026-01-18T21:51:29Z\",\"card\":\"c6\",\"kind\":\"created\",\"column\":\"backlog\",\"lane\":\"data\"},\n"
    ));
    assert!(text.ends_with("\n      ]\n    }\n  ]\n}"), "{}", &text[text.len() - 200..]);
    let event_lines = text.lines().filter(|l| l.trim_start().starts_with("{\"at\":")).count();
    assert_eq!(event_lines, 195);
}

#[test]
fn an_extra_field_named_like_a_known_field_is_not_written_twice() {
    use board_core::format::{export_string, import_str};
    use board_core::*;
    let t = chrono::DateTime::UNIX_EPOCH;
    let mut b = template::blank("b", "B");
    b.extra.insert("id".into(), serde_json::json!("evil"));
    b.columns[0].extra.insert("kind".into(), serde_json::json!("done"));
    let mut c = Card::new("c", "C", "todo", "main", t);
    c.extra.insert("column".into(), serde_json::json!("done"));
    c.extra.insert("x_kept".into(), serde_json::json!(1));
    b.cards.push(c);
    let text = export_string(&[b], t);
    assert_eq!(text.matches("\"id\": \"b\"").count(), 1);
    assert!(!text.contains("evil"));
    let back = import_str(&text).unwrap();
    assert_eq!(back[0].columns[0].kind, ColumnKind::Backlog);
    assert_eq!(back[0].cards[0].column, "todo");
    assert_eq!(back[0].cards[0].extra["x_kept"], serde_json::json!(1));
}
