//! `cargo xtask`: the project's build and test tasks, in Rust.
//!
//! Key design decision: every task first makes sure the tools it needs are
//! there, installing only what is missing (a fresh machine gets everything, a
//! warm one pays nothing), with versions pinned where the toolchain demands it
//! (see ../shared/toolchain.md): Trunk 0.21.14, a wasm-bindgen CLI equal to the
//! locked `wasm-bindgen`, npm's binaryen 132 (never Debian's), Debian's Chromium.

use std::env;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

const TRUNK_VERSION: &str = "0.21.14";

const USAGE: &str = "\
usage: cargo xtask <task>

  serve     build the app (release) and serve it at http://127.0.0.1:8080/
  test      run every test: core (native), browser (wasm-bindgen-test in
            headless Chromium), end to end (Playwright on the release build)
  dist      build the release app into dist/
  bench     run the benchmarks (core criterion, then the browser benchmark
            against jKanban) and record their figures in docs/; `bench core`
            or `bench web` runs one half
  setup     install whatever of the toolchain is missing, and nothing else
";

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let task = args.first().map(String::as_str).unwrap_or("help");
    let started = Instant::now();
    let result = match task {
        "setup" => setup(Need::ALL),
        "dist" => setup(Need::BUILD).and_then(|()| dist()),
        "serve" => setup(Need::BUILD).and_then(|()| serve()),
        "test" => setup(Need::ALL).and_then(|()| test(&args[1..])),
        "bench" => setup(Need::ALL).and_then(|()| bench(&args[1..])),
        _ => {
            print!("{USAGE}");
            return if task == "help" || task == "--help" { ExitCode::SUCCESS } else { ExitCode::FAILURE };
        }
    };
    match result {
        Ok(()) => {
            eprintln!("xtask {task}: done in {:.0?}", started.elapsed());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("xtask {task}: FAILED: {e}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

/// PATH with cargo's bin folder and npm's build tools (wasm-opt 132) in front.
fn tool_path() -> OsString {
    let mut dirs = vec![root().join("tools/node_modules/.bin"), cargo_bin()];
    if let Some(p) = env::var_os("PATH") {
        dirs.extend(env::split_paths(&p));
    }
    env::join_paths(dirs).expect("PATH entries are valid")
}

fn cargo_bin() -> PathBuf {
    env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from("/root/.cargo"))
        .join("bin")
}

fn cmd(program: &str) -> Command {
    let mut c = Command::new(program);
    c.current_dir(root()).env("PATH", tool_path());
    c
}

fn run(c: &mut Command) -> Result {
    eprintln!("$ {}", describe(c));
    let status = c.status().map_err(|e| format!("cannot start `{}`: {e}", describe(c)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(c)))
    }
}

fn describe(c: &Command) -> String {
    let mut s = c.get_program().to_string_lossy().into_owned();
    for a in c.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// Whether `program` runs and prints something containing `expect`.
fn has(program: &str, arg: &str, expect: &str) -> bool {
    cmd(program)
        .arg(arg)
        .output()
        .map(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).contains(expect))
        .unwrap_or(false)
}

#[derive(Clone, Copy)]
struct Need {
    browser: bool,
    e2e: bool,
}

impl Need {
    const BUILD: Need = Need { browser: false, e2e: false };
    const ALL: Need = Need { browser: true, e2e: true };
}

/// The `wasm-bindgen` version in Cargo.lock: the CLI must equal it exactly.
fn locked_wasm_bindgen() -> Result<String> {
    let lock = fs::read_to_string(root().join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_owned());
            }
        }
    }
    Err("wasm-bindgen is not in Cargo.lock".into())
}

fn setup(need: Need) -> Result {
    let installed = cmd("rustup").args(["target", "list", "--installed"]).output();
    if !installed.map(|o| String::from_utf8_lossy(&o.stdout).contains("wasm32-unknown-unknown")).unwrap_or(false) {
        run(cmd("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    if !has("trunk", "--version", TRUNK_VERSION) {
        run(cmd("cargo").args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]))?;
    }
    let wbg = locked_wasm_bindgen()?;
    if !has("wasm-bindgen", "--version", &wbg) {
        // `--locked` fails here: a pinned dependency is missing from the registry.
        run(cmd("cargo").args(["install", "wasm-bindgen-cli", "--version", &wbg, "--force"]))?;
    }
    npm_install("tools")?;
    if need.browser && !(has("chromium", "--version", "Chromium") && has("chromedriver", "--version", "ChromeDriver")) {
        run(cmd("apt-get").arg("update").env("DEBIAN_FRONTEND", "noninteractive"))?;
        run(cmd("apt-get")
            .args(["install", "-y", "--no-install-recommends", "chromium", "chromium-driver"])
            .env("DEBIAN_FRONTEND", "noninteractive"))?;
    }
    if need.e2e {
        npm_install("tests/e2e")?;
    }
    Ok(())
}

/// `npm ci` in `dir` unless its node_modules matches its lock file already.
fn npm_install(dir: &str) -> Result {
    let d = root().join(dir);
    // A linked node_modules (a git worktree sharing the main tree's) belongs to that tree:
    // `npm ci` through the link would empty it for everyone, so it is used as it is.
    if fs::symlink_metadata(d.join("node_modules")).is_ok_and(|m| m.file_type().is_symlink()) {
        return Ok(());
    }
    let lock = d.join("package-lock.json");
    let stamp = d.join("node_modules/.package-lock.json");
    let fresh = match (fs::metadata(&lock), fs::metadata(&stamp)) {
        (Ok(l), Ok(s)) => s.modified().ok() >= l.modified().ok(),
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    let mut c = cmd("npm");
    c.current_dir(&d).args(["ci", "--no-audit", "--no-fund"]).env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    run(&mut c)
}

fn dist() -> Result {
    run(cmd("trunk").args(["build", "--release"]))
}

fn serve() -> Result {
    eprintln!("The board will be at http://127.0.0.1:8080/ (Ctrl+C stops the server).");
    run(cmd("trunk").args(["serve", "--release"]))
}

fn chromium_env(c: &mut Command) -> &mut Command {
    c.env("CHROMEDRIVER", "/usr/bin/chromedriver")
}

fn test(filter: &[String]) -> Result {
    let only = |what: &str| filter.is_empty() || filter.iter().any(|f| f == what);
    if only("core") {
        run(cmd("cargo").args(["test", "-p", "board-core", "-p", "xtask"]))?;
    }
    if only("web") {
        run(chromium_env(&mut cmd("cargo")).args([
            "test",
            "-p",
            "ml-kanban",
            "--target",
            "wasm32-unknown-unknown",
        ]))?;
    }
    if only("e2e") {
        dist()?;
        let mut c = cmd("npx");
        c.current_dir(root().join("tests/e2e")).args(["playwright", "test"]).env("CI", "1");
        run(&mut c)?;
    }
    Ok(())
}

/// The benchmarks, in order: the core's criterion benches (native), the boards
/// of the browser benchmark, the release site, then the browser benchmark
/// (tests/bench: our app against jKanban in headless Chromium), which writes
/// docs/bench-results.json and the generated block of docs/benchmarks.md.
/// `cargo xtask bench core` or `cargo xtask bench web` runs one half.
fn bench(filter: &[String]) -> Result {
    let only = |what: &str| filter.is_empty() || filter.iter().any(|f| f == what);
    if only("core") {
        run(cmd("cargo").args([
            "bench",
            "-p",
            "board-core",
            "--bench",
            "metrics",
            "--bench",
            "import",
            "--",
            "--warm-up-time",
            "1",
            "--measurement-time",
            "3",
        ]))?;
    }
    if only("web") {
        run(cmd("cargo").args([
            "run",
            "--release",
            "-p",
            "board-core",
            "--example",
            "bench_boards",
            "--",
            "tests/bench/out/boards",
        ]))?;
        dist()?;
        npm_install("tests/bench")?;
        let mut c = cmd("node");
        c.current_dir(root().join("tests/bench")).arg("bench.mjs");
        run(&mut c)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_locked_wasm_bindgen_version() {
        let v = locked_wasm_bindgen().unwrap();
        assert!(v.starts_with("0.2."), "{v}");
    }
}
