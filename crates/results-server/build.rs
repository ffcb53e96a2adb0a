//! Puts the widget's files into the server's binary, so an owner who runs it needs nothing
//! else: everything `make dist` leaves in the workspace's `dist/` that a page loads (the
//! loader, the wasm and its glue, the stylesheet, the schema, the built-in quizzes, the
//! playground), each with its SHA-256 (for its ETag) and, where it helps, gzipped here once.
//!
//! `dist/` is built by Trunk for another target, so cargo cannot build it first. Without it
//! (a fresh clone, before `make dist`), the binary gets no files and serves a page under
//! `/quiz/` naming `make dist` instead; `cargo build`, `cargo test` and clippy work either way.
//! `make release` checks that the real files went in (`transition-quiz-results --version`).
//! `TQ_WIDGET_DIR` names another folder to embed.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Files in `dist/` that are not for pages: the npm package's own, and the demo page an older
/// build left there (dot files, such as Trunk's lock, are skipped too).
const NOT_SERVED: [&str; 5] = ["package.json", "README.md", "LICENSE", "index.html", "demo.css"];

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "html" => "text/html; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

/// Every file under `dir`, as paths relative to it with `/`, in order.
fn files(dir: &Path, under: &str, found: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("the widget folder reads").map(|e| e.unwrap()).collect();
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let relative = if under.is_empty() { name.clone() } else { format!("{under}/{name}") };
        if entry.file_type().unwrap().is_dir() {
            files(&entry.path(), &relative, found);
        } else if !(under.is_empty() && NOT_SERVED.contains(&name.as_str())) {
            found.push(relative);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    println!("cargo::rerun-if-env-changed=TQ_WIDGET_DIR");
    let dir = std::env::var_os("TQ_WIDGET_DIR").map_or_else(|| manifest.join("../../dist"), PathBuf::from);
    // A folder: cargo looks at every file in it. A folder that does not exist yet: cargo runs
    // this again at each build, so the files go in as soon as `make dist` has made them.
    println!("cargo::rerun-if-changed={}", dir.display());

    let mut code = String::from("// Written by build.rs: the widget's files.\n");
    let mut found = Vec::new();
    let embedded = dir.join("embed.js").is_file();
    if embedded {
        files(&dir, "", &mut found);
    }
    code.push_str(&format!(
        "/// Whether the widget's files are in this binary.\npub const EMBEDDED: bool = {embedded};\n"
    ));
    code.push_str("/// The widget's files, by path under `/quiz/`.\npub static FILES: &[File] = &[\n");
    std::fs::create_dir_all(out.join("gz")).unwrap();
    for (n, path) in found.iter().enumerate() {
        let source = dir.join(path).canonicalize().unwrap();
        let body = std::fs::read(&source).unwrap();
        let digest: String = Sha256::digest(&body).iter().take(12).map(|byte| format!("{byte:02x}")).collect();
        let content_type = content_type(path);
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(&body).unwrap();
        let gzipped = encoder.finish().unwrap();
        let gzip = if gzipped.len() * 10 < body.len() * 9 {
            let file = out.join("gz").join(format!("{n}.gz"));
            std::fs::write(&file, &gzipped).unwrap();
            format!("Some(include_bytes!({:?}))", file.display().to_string())
        } else {
            "None".into()
        };
        code.push_str(&format!(
            "    File {{ path: {path:?}, content_type: {content_type:?}, etag: \"\\\"{digest}\\\"\", body: include_bytes!({:?}), gzip: {gzip} }},\n",
            source.display().to_string()
        ));
    }
    code.push_str("];\n");
    std::fs::write(out.join("widget.rs"), code).unwrap();
}
