//! The JSON Schema of the board file (schema/board-format.schema.json) agrees
//! with the app: every file the app writes or accepts is valid, and files the
//! app refuses for reasons a schema can express are invalid too.
//!
//! Key design decision: the schema is checked natively and offline with
//! `boon` (a draft 2020-12 validator, lighter to build than `jsonschema`),
//! with `format` assertions on, so `date-time` is enforced as RFC 3339.

#[path = "format_gen.rs"]
mod format_gen;

use board_core::format::{export_string, import_str, to_storage_string};
use boon::{Compiler, SchemaIndex, Schemas};
use proptest::prelude::*;
use serde_json::{json, Value};

const SCHEMA: &str = include_str!("../../schema/board-format.schema.json");
const V1_EXAMPLE: &str = include_str!("fixtures/v1-example.json");

fn schema() -> (Schemas, SchemaIndex) {
    let mut schemas = Schemas::new();
    let mut compiler = Compiler::new();
    compiler.enable_format_assertions();
    let url = "https://ml-kanban.example/schema/board-format.schema.json";
    compiler.add_resource(url, serde_json::from_str(SCHEMA).expect("the schema is JSON")).unwrap();
    let index = compiler.compile(url, &mut schemas).unwrap_or_else(|e| panic!("the schema compiles: {e:#}"));
    (schemas, index)
}

fn schema_errors(v: &Value) -> Option<String> {
    let (schemas, index) = schema();
    schemas.validate(v, index).err().map(|e| format!("{e:#}"))
}

#[track_caller]
fn assert_valid(text: &str) {
    let v: Value = serde_json::from_str(text).unwrap();
    if let Some(e) = schema_errors(&v) {
        panic!("schema rejects the file: {e}");
    }
}

#[test]
fn the_schema_is_a_valid_draft_2020_12_schema() {
    let v: Value = serde_json::from_str(SCHEMA).unwrap();
    assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
    schema(); // compiling validates it against the 2020-12 meta-schema
}

#[test]
fn the_v1_example_file_is_valid() {
    assert_valid(V1_EXAMPLE);
}

#[test]
fn the_exported_v1_example_is_valid() {
    let boards = import_str(V1_EXAMPLE).unwrap();
    assert_valid(&export_string(&boards, format_gen::exported_at()));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn exports_of_generated_boards_are_valid(seed in any::<u64>()) {
        let boards = format_gen::boards(seed);
        for text in [export_string(&boards, format_gen::exported_at()), to_storage_string(&boards, format_gen::exported_at())] {
            let v: Value = serde_json::from_str(&text).unwrap();
            let errors = schema_errors(&v);
            prop_assert!(errors.is_none(), "{}", errors.unwrap_or_default());
        }
    }

    /// Mutations the app still accepts must also pass the schema: the schema
    /// is never stricter than the app.
    #[test]
    fn files_the_app_accepts_are_valid(seed in any::<u64>(), field in 0usize..64, value in 0usize..12) {
        let mut v: Value = serde_json::from_str(&to_storage_string(&format_gen::boards(seed), format_gen::exported_at())).unwrap();
        set_some_field(&mut v, field, value);
        if import_str(&v.to_string()).is_ok() {
            let errors = schema_errors(&v);
            prop_assert!(errors.is_none(), "app accepts, schema rejects: {}", errors.unwrap_or_default());
        }
    }
}

/// Sets the `field`-th optional-looking key found in the file to one of a
/// few edge values.
fn set_some_field(v: &mut Value, field: usize, value: usize) {
    const EDGE: [fn() -> Value; 12] = [
        || Value::Null,
        || json!(""),
        || json!(0),
        || json!(1),
        || json!(3.0),
        || json!(-1),
        || json!([]),
        || json!({}),
        || json!("2026-03-02T17:30:00.5+08:00"),
        || json!("+05:45"),
        || json!(true),
        || json!(4294967295u64),
    ];
    let slots = count_slots(v);
    if slots > 0 {
        set_nth(v, &mut (field % slots), &EDGE[value]());
    }
}

/// The number of values inside objects, at any depth.
fn count_slots(v: &Value) -> usize {
    match v {
        Value::Object(m) => m.values().map(|x| 1 + count_slots(x)).sum(),
        Value::Array(a) => a.iter().map(count_slots).sum(),
        _ => 0,
    }
}

/// Replaces the `n`-th value inside an object (in `count_slots` order); true once done.
fn set_nth(v: &mut Value, n: &mut usize, new: &Value) -> bool {
    match v {
        Value::Object(m) => m.values_mut().any(|x| {
            if *n == 0 {
                *x = new.clone();
                return true;
            }
            *n -= 1;
            set_nth(x, n, new)
        }),
        Value::Array(a) => a.iter_mut().any(|x| set_nth(x, n, new)),
        _ => false,
    }
}

fn valid() -> Value {
    json!({
        "format": "ml-kanban-board",
        "version": 1,
        "boards": [{
            "id": "b", "name": "B", "timezone": "+08:00",
            "columns": [ { "id": "todo", "name": "To do", "kind": "backlog", "wip_limit": 3 },
                         { "id": "done", "name": "Done", "kind": "done" } ],
            "lanes": [ { "id": "main", "name": "Main" } ],
            "cards": [ { "id": "c1", "title": "T", "type": "data", "column": "todo", "lane": "main",
                         "created_at": "2026-03-02T09:30:00Z",
                         "blocked": { "reason": "compute", "since": "2026-03-02T10:00:00Z" } } ],
            "events": [ { "at": "2026-03-02T09:30:00Z", "card": "c1", "kind": "created", "column": "todo", "lane": "main" },
                        { "at": "2026-03-02T09:40:00Z", "card": "c1", "kind": "moved", "from": "todo", "to": "todo" } ]
        }]
    })
}

#[test]
fn the_base_file_of_these_tests_is_accepted_by_both() {
    assert!(import_str(&valid().to_string()).is_ok());
    assert_eq!(schema_errors(&valid()), None);
}

/// Each edit breaks a rule a schema can express; the app and the schema must both refuse.
#[test]
fn files_the_app_refuses_for_schema_expressible_reasons_are_invalid() {
    type Edit = fn(&mut Value);
    let edits: [(&str, Edit); 30] = [
        ("another format", |v| v["format"] = json!("trello")),
        ("a future version", |v| v["version"] = json!(2)),
        ("no version", |v| drop(v.as_object_mut().unwrap().remove("version"))),
        ("no boards", |v| v["boards"] = json!([])),
        ("bad exported_at", |v| v["exported_at"] = json!("today")),
        ("no columns", |v| v["boards"][0]["columns"] = json!([])),
        ("no lanes", |v| v["boards"][0]["lanes"] = json!([])),
        ("empty board id", |v| v["boards"][0]["id"] = json!("")),
        ("board without name", |v| drop(v["boards"][0].as_object_mut().unwrap().remove("name"))),
        ("bad timezone", |v| v["boards"][0]["timezone"] = json!("+8:00")),
        ("timezone 24h", |v| v["boards"][0]["timezone"] = json!("+24:00")),
        ("unknown convention", |v| v["boards"][0]["convention"] = json!("kanban")),
        ("unknown column kind", |v| v["boards"][0]["columns"][0]["kind"] = json!("doing")),
        ("zero wip limit", |v| v["boards"][0]["columns"][0]["wip_limit"] = json!(0)),
        ("fractional wip limit", |v| v["boards"][0]["columns"][0]["wip_limit"] = json!(2.5)),
        ("u32 overflow wip limit", |v| v["boards"][0]["columns"][0]["wip_limit"] = json!(4294967296u64)),
        ("wip limit as text", |v| v["boards"][0]["columns"][0]["wip_limit"] = json!("3")),
        ("zero compute limit", |v| v["boards"][0]["columns"][0]["compute_limit"] = json!(0)),
        ("unknown type in type_limits", |v| v["boards"][0]["columns"][0]["type_limits"] = json!({ "bug": 1 })),
        ("zero lane limit", |v| v["boards"][0]["lanes"][0]["wip_limit"] = json!(0)),
        ("card without title", |v| drop(v["boards"][0]["cards"][0].as_object_mut().unwrap().remove("title"))),
        ("unknown card type", |v| v["boards"][0]["cards"][0]["type"] = json!("bug")),
        ("time without offset", |v| v["boards"][0]["cards"][0]["created_at"] = json!("2026-03-02T09:30:00")),
        ("blocked without since", |v| drop(v["boards"][0]["cards"][0]["blocked"].as_object_mut().unwrap().remove("since"))),
        ("tags not a list", |v| v["boards"][0]["cards"][0]["tags"] = json!("x")),
        ("unknown event kind", |v| v["boards"][0]["events"][0]["kind"] = json!("archived")),
        ("created event without lane", |v| drop(v["boards"][0]["events"][0].as_object_mut().unwrap().remove("lane"))),
        ("moved event without to", |v| drop(v["boards"][0]["events"][1].as_object_mut().unwrap().remove("to"))),
        ("zero person limit", |v| v["boards"][0]["wip"] = json!({ "person_limits": { "Ann": 0 } })),
        ("empty blocker label", |v| v["boards"][0]["blocker_labels"] = json!([""])),
    ];
    for (what, edit) in edits {
        let mut v = valid();
        edit(&mut v);
        assert!(import_str(&v.to_string()).is_err(), "{what}: the app accepts it");
        assert!(schema_errors(&v).is_some(), "{what}: the schema accepts it");
    }
}
