//! Step-wise migration of older board files to the current version.
//!
//! Key design decision: a migration step works on the parsed JSON value, one
//! version at a time (v1 -> v2, v2 -> v3, ...), so a file of any known version
//! reaches the current one by running the steps in order, and only the current
//! version needs serialized structs. Today version 1 is the only version, so
//! there are no steps yet; adding version 2 means writing `v1_to_v2` (which
//! also sets `"version": 2`), appending it to [`STEPS`], and moving the
//! structs to a `v2.rs`.

use serde_json::Value;

use super::read::R;

/// One migration step: turns a file of version `n` into a file of version `n + 1`.
pub type Step = fn(Value) -> R<Value>;

/// `STEPS[i]` migrates a version `i + 1` file to version `i + 2`.
pub const STEPS: &[Step] = &[];

/// The newest version this app reads and the one it writes.
pub const CURRENT_VERSION: u64 = 1 + STEPS.len() as u64;

/// Runs every step from `version` up to [`CURRENT_VERSION`]. `version` must be
/// known (1 ..= CURRENT_VERSION); the caller checks that.
pub fn to_current(file: Value, version: u64) -> R<Value> {
    run(STEPS, file, version)
}

/// Runs `steps[version - 1 ..]` in order.
fn run(steps: &[Step], mut file: Value, version: u64) -> R<Value> {
    let from = usize::try_from(version.saturating_sub(1)).unwrap_or(usize::MAX);
    for step in steps.iter().skip(from) {
        file = step(file)?;
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    // Two made-up steps: v2 renamed `title` to `name`, v3 added `tags`.
    fn v1_to_v2(mut f: Value) -> R<Value> {
        let title = f["title"].take();
        f["name"] = title;
        f.as_object_mut().unwrap().remove("title");
        f["version"] = json!(2);
        Ok(f)
    }

    fn v2_to_v3(mut f: Value) -> R<Value> {
        f["tags"] = json!([]);
        f["version"] = json!(3);
        Ok(f)
    }

    const FAKE: &[Step] = &[v1_to_v2, v2_to_v3];

    #[test]
    fn a_version_1_file_runs_every_step_in_order() {
        let out = run(FAKE, json!({ "version": 1, "title": "t" }), 1).unwrap();
        assert_eq!(out, json!({ "version": 3, "name": "t", "tags": [] }));
    }

    #[test]
    fn a_version_2_file_runs_only_the_later_steps() {
        let out = run(FAKE, json!({ "version": 2, "name": "t" }), 2).unwrap();
        assert_eq!(out, json!({ "version": 3, "name": "t", "tags": [] }));
    }

    #[test]
    fn a_current_file_is_left_as_it_is() {
        let f = json!({ "version": 3, "name": "t", "tags": ["a"] });
        assert_eq!(run(FAKE, f.clone(), 3).unwrap(), f);
    }

    #[test]
    fn today_version_1_is_current_and_needs_no_step() {
        assert_eq!(CURRENT_VERSION, 1);
        let f = json!({ "version": 1 });
        assert_eq!(to_current(f.clone(), 1).unwrap(), f);
    }
}
