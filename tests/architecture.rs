//! Checks the architecture's invariants that the compiler cannot: the crates that must not
//! reach the browser or the widget declare no such dependency, and every Rust module says
//! what it is for. (That the core's code uses nothing from the browser needs no check: the
//! core is its own crate, and a crate cannot use what it does not depend on.)
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

/// Crates only the widget's browser edge may use.
const BROWSER_CRATES: &[&str] = &["yew", "web-sys", "js-sys", "gloo", "wasm-bindgen", "wasm-bindgen-futures"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The crate names under the manifest's `[dependencies]` and `[dev-dependencies]` tables
/// (and their target-specific forms): a line `name = ...` or `[dependencies.name]`.
fn dependencies(manifest: &Path) -> Vec<String> {
    let text = fs::read_to_string(manifest).unwrap_or_else(|error| panic!("{}: {error}", manifest.display()));
    let mut names = Vec::new();
    let mut in_dependencies = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            let table = line.trim_matches(|c| c == '[' || c == ']');
            in_dependencies = table.ends_with("dependencies");
            if let Some((_, name)) = table.split_once("dependencies.") {
                names.push(name.to_string());
            }
            continue;
        }
        if in_dependencies && let Some((name, _)) = line.split_once('=') {
            names.push(name.trim().to_string());
        }
    }
    names
}

#[test]
fn the_core_the_checker_and_the_server_cannot_reach_the_browser_or_the_widget() {
    for manifest in [
        "crates/quiz-core/Cargo.toml",
        "crates/check-quiz/Cargo.toml",
        "crates/results-server/Cargo.toml",
        "crates/first-screen/Cargo.toml",
    ] {
        let names = dependencies(&root().join(manifest));
        for forbidden in BROWSER_CRATES.iter().chain(&["transition-quiz"]) {
            assert!(!names.iter().any(|name| name == forbidden), "{manifest} depends on {forbidden}: {names:?}");
        }
    }
    // The core builds on nothing at all (tests aside), so every tool can build on it; nor
    // does the first screen's module, which compiles the core's rules.rs by path.
    for manifest in ["crates/quiz-core/Cargo.toml", "crates/first-screen/Cargo.toml"] {
        let text = fs::read_to_string(root().join(manifest)).unwrap();
        let dependencies_table = text.split("[dependencies]").nth(1).unwrap_or("").split('[').next().unwrap_or("");
        assert!(
            dependencies_table.lines().all(|line| line.trim().is_empty() || line.trim().starts_with('#')),
            "{manifest} has dependencies: {dependencies_table}"
        );
    }
}

#[test]
fn the_dependency_reader_sees_the_widgets_browser_crates() {
    // The check above is only as good as its reader: it must find yew in the widget's manifest.
    let names = dependencies(&root().join("Cargo.toml"));
    for expected in ["quiz-core", "yew", "web-sys", "wasm-bindgen"] {
        assert!(names.iter().any(|name| name == expected), "{expected} not found in {names:?}");
    }
}

#[test]
fn every_rust_module_opens_with_a_doc_line() {
    let mut stack: Vec<PathBuf> = [
        "src",
        "tests",
        "crates/quiz-core/src",
        "crates/check-quiz/src",
        "crates/check-quiz/tests",
        "crates/results-server/src",
        "crates/results-server/tests",
    ]
    .iter()
    .map(|dir| root().join(dir))
    .collect();
    let mut seen = 0;
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let text = fs::read_to_string(&path).unwrap();
                assert!(text.starts_with("//!"), "{} does not open with a //! line", path.display());
                seen += 1;
            }
        }
    }
    assert!(seen > 20, "only {seen} modules found");
}

/// The workspace's crates as `cargo metadata` lists them: (name, folder relative to the root).
fn workspace_crates() -> Vec<(String, String)> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(root())
        .output()
        .expect("cargo metadata runs");
    let text = String::from_utf8(output.stdout).expect("metadata is UTF-8");
    // Each package has one "manifest_path" (its dependencies have none); its folder's
    // manifest names it. Read by hand: the widget's tests have no JSON parser, and need none.
    let root_text = root().display().to_string();
    text.split("\"manifest_path\":\"")
        .skip(1)
        .map(|rest| {
            let manifest = PathBuf::from(&rest[..rest.find('"').unwrap()]);
            let manifest_text = fs::read_to_string(&manifest).unwrap();
            let name = manifest_text.lines().find_map(|line| line.strip_prefix("name = \"")).unwrap();
            let folder = manifest.parent().unwrap().display().to_string();
            let relative = folder.strip_prefix(&root_text).unwrap_or(&folder).trim_start_matches('/').to_string();
            (name.trim_end_matches('"').to_string(), relative)
        })
        .collect()
}

#[test]
fn the_architecture_map_matches_cargo_metadata_and_the_tree() {
    let map = fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let crates = workspace_crates();
    assert_eq!(crates.len(), 5, "{crates:?}");
    for (name, folder) in &crates {
        let row = map.lines().find(|line| line.starts_with(&format!("| `{name}` |")));
        let row = row.unwrap_or_else(|| panic!("ARCHITECTURE.md has no row for the crate {name}"));
        let place = if folder.is_empty() { "the root".to_string() } else { format!("`{folder}/`") };
        assert!(row.contains(&place), "ARCHITECTURE.md puts {name} elsewhere than {place}: {row}");
    }
    // Every file or folder the code map names in backticks exists.
    let mut missing = Vec::new();
    for quoted in map.split('`').skip(1).step_by(2) {
        let path = quoted.trim_end_matches('/');
        let looks_like_a_path = ["src/", "crates/", "tests/", "styles/", "scripts/", "bench/", "playground/"]
            .iter()
            .any(|prefix| path.starts_with(prefix))
            && !path.contains(' ');
        if looks_like_a_path && !root().join(path).exists() {
            missing.push(path.to_string());
        }
    }
    assert_eq!(missing, Vec::<String>::new(), "ARCHITECTURE.md names paths that do not exist");
}

/// The widget's own modules (`src/<name>.rs`, or `src/<name>/` as one module) each names
/// with `crate::<name>`, read from the source: `use crate::a::b`, `use crate::{a, b::c}` and
/// `crate::a::f()` in code.
fn widget_imports() -> Vec<(String, Vec<String>)> {
    let src = root().join("src");
    let mut modules: Vec<(String, Vec<PathBuf>)> = Vec::new();
    for entry in fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        if path.is_dir() {
            let files = fs::read_dir(&path).unwrap().map(|file| file.unwrap().path()).collect();
            modules.push((name, files));
        } else if path.extension().is_some_and(|ext| ext == "rs") && name != "lib" {
            modules.push((name, vec![path]));
        }
    }
    let names: Vec<String> = modules.iter().map(|(name, _)| name.clone()).collect();
    modules
        .iter()
        .map(|(name, files)| {
            let mut imports = Vec::new();
            for file in files {
                let text = fs::read_to_string(file).unwrap();
                for rest in text.split("crate::").skip(1) {
                    // `crate::{a, b::c}` names several; `crate::a` one.
                    let named = match rest.strip_prefix('{') {
                        Some(group) => group[..group.find('}').unwrap_or(group.len())].to_string(),
                        None => rest.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap().to_string(),
                    };
                    for item in named.split(',') {
                        let module = item.trim().split("::").next().unwrap().trim();
                        if names.iter().any(|known| known == module)
                            && module != name
                            && !imports.iter().any(|m| m == module)
                        {
                            imports.push(module.to_string());
                        }
                    }
                }
            }
            (name.clone(), imports)
        })
        .collect()
}

#[test]
fn no_module_of_the_widget_imports_one_that_imports_it_back() {
    let imports = widget_imports();
    let uses = |from: &str| imports.iter().find(|(name, _)| name == from).map(|(_, to)| to.clone()).unwrap_or_default();
    // The reader must see the imports it is checking: the root composes the view and the loading.
    assert!(uses("app").contains(&"view".to_string()) && uses("app").contains(&"load".to_string()), "{imports:?}");
    // Any circle, of any length: a module that can reach itself through what it imports.
    fn reach(uses: &dyn Fn(&str) -> Vec<String>, start: &str, path: &mut Vec<String>, seen: &mut Vec<String>) {
        for target in uses(path.last().unwrap()) {
            path.push(target.clone());
            assert!(target != start, "src/ has an import circle: {}", path.join(" -> "));
            if !seen.contains(&target) {
                seen.push(target.clone());
                reach(uses, start, path, seen);
            }
            path.pop();
        }
    }
    for (start, _) in &imports {
        reach(&uses, start, &mut vec![start.clone()], &mut vec![start.clone()]);
    }
}
