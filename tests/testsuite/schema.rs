//! `byline schema`: the JSON Schemas it prints are the ones `docs/schema/` ships, every
//! file of the example site and of the fixtures meets them, and every file of
//! `tests/fixtures/invalid/` is refused by byline and by its schema, so the schemas
//! cannot drift from the checker. A fixture site must pass `byline check`; a file with
//! a mistake belongs in `tests/fixtures/invalid/<article|sources|site>/`, its first
//! comment saying what byline says of it (`# byline says: …`).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::{repo_root, Test, BIN};

/// What `byline schema` prints, and the file of `docs/schema/` holding it.
const SHIPPED: [(&str, &str); 7] = [
    ("article", "article.schema.json"),
    ("sources", "sources.schema.json"),
    ("claimants", "claimants.schema.json"),
    ("claims", "claims.schema.json"),
    ("site", "site.schema.json"),
    ("front-matter-cms", "frontmatter.json"),
    ("claims-json", "claims-export.schema.json"),
];

/// `byline ARGS`, which must succeed; its stdout.
fn byline(args: &[&str]) -> String {
    let out = Command::new(BIN).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "byline {args:?} failed:\n{stderr}");
    String::from_utf8(out.stdout).unwrap()
}

/// The schema `byline schema KIND` prints, for the site at `root` if given.
fn schema(kind: &str, root: Option<&Path>) -> Value {
    let mut args = vec!["schema", kind];
    if let Some(root) = root {
        args.extend(["--root", root.to_str().unwrap()]);
    }
    serde_json::from_str(&byline(&args)).unwrap()
}

/// What the schema finds wrong with `value`, one line each.
fn violations(schema: &Value, value: &Value) -> Vec<String> {
    jsonschema::draft202012::new(schema)
        .unwrap()
        .iter_errors(value)
        .map(|e| format!("at {}: {e}", e.instance_path()))
        .collect()
}

/// A file's data as the schema sees it: an article's front matter, YAML or TOML.
fn data(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    match path.extension().and_then(|e| e.to_str()) {
        Some("md") => {
            let rest = text.strip_prefix("---\n").expect("front matter");
            let end = rest.find("\n---").expect("the end of the front matter");
            serde_yaml::from_str(&rest[..end + 1]).unwrap()
        }
        Some("yaml") => serde_yaml::from_str(&text).unwrap(),
        _ => serde_json::to_value(toml::from_str::<toml::Table>(&text).unwrap()).unwrap(),
    }
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    found.sort();
    found
}

/// The example site and every fixture site.
fn sites() -> Vec<PathBuf> {
    let mut sites = vec![repo_root()];
    for entry in std::fs::read_dir(repo_root().join("tests/fixtures")).unwrap() {
        let dir = entry.unwrap().path();
        if dir.join("site.toml").is_file() {
            sites.push(dir);
        }
    }
    sites.sort();
    sites
}

/// Checks every file of the site at `root` against the schemas (the article schema of
/// its own statuses); returns how many files it checked.
fn assert_site_meets_schemas(root: &Path) -> usize {
    let article = schema("article", Some(root));
    let mut checked = vec![(root.join("site.toml"), schema("site", None))];
    let shared = root.join("content/sources.yaml");
    if shared.is_file() {
        checked.push((shared, schema("sources", None)));
    }
    let claimants = root.join("content/claimants.yaml");
    if claimants.is_file() {
        checked.push((claimants, schema("claimants", None)));
    }
    let claims = root.join("content/claims.yaml");
    if claims.is_file() {
        checked.push((claims, schema("claims", Some(root))));
    }
    for md in files(&root.join("content"), "md") {
        checked.push((md, article.clone()));
    }
    for (path, schema) in &checked {
        let found = violations(schema, &data(path));
        assert!(
            found.is_empty(),
            "{}:\n{}",
            path.display(),
            found.join("\n")
        );
    }
    checked.len()
}

#[test]
fn the_shipped_schemas_are_what_byline_schema_prints() {
    for (kind, file) in SHIPPED {
        let path = repo_root().join("docs/schema").join(file);
        let shipped = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            shipped == byline(&["schema", kind]),
            "{} is out of date: run `cargo run -- schema {kind} > docs/schema/{file}`",
            path.display()
        );
    }
}

#[test]
fn every_file_of_the_example_site_and_the_fixtures_meets_its_schema() {
    let mut checked = 0;
    for root in sites() {
        byline(&["check", "--drafts", "--root", root.to_str().unwrap()]);
        checked += assert_site_meets_schemas(&root);
    }
    assert!(checked >= 15, "only {checked} files were checked");
}

/// `claims.json` and every file of claims a build of `root` writes meet the shipped
/// schema; returns how many files it checked.
fn assert_export_meets_schema(root: &Path, schema: &Value) -> usize {
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("public");
    let root = root.to_str().unwrap();
    byline(&[
        "build",
        "--drafts",
        "--root",
        root,
        "--output",
        out_dir.to_str().unwrap(),
    ]);
    let mut exported = vec![out_dir.join("claims.json")];
    exported.extend(files(&out_dir.join("claims"), "json"));
    for path in &exported {
        let value: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let found = violations(schema, &value);
        assert!(
            found.is_empty(),
            "{}:\n{}",
            path.display(),
            found.join("\n")
        );
    }
    exported.len()
}

#[test]
fn the_claims_export_of_the_example_site_and_the_fixtures_meets_its_schema() {
    let shipped =
        std::fs::read_to_string(repo_root().join("docs/schema/claims-export.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&shipped).unwrap();
    let checked: usize = sites()
        .iter()
        .map(|root| assert_export_meets_schema(root, &schema))
        .sum();
    assert!(checked >= 8, "only {checked} files were checked");
    // The schema refuses what the export never holds.
    let wrong = serde_json::json!({"version": 1, "site": {"title": "T", "url": "https://e.org/"}, "total_claims": 0, "statuses": [], "per_page": 1000, "pages": []});
    assert!(
        !violations(&schema, &wrong).is_empty(),
        "an index lists at least one file"
    );
}

#[test]
fn a_new_site_and_a_new_article_meet_their_schemas() {
    let site = Test::new()
        .remove("site.toml")
        .remove("content")
        .remove("themes");
    let root = site.path().to_str().unwrap();
    byline(&["init", root]);
    byline(&["new", "Did the offensive stop?", "--root", root]);
    byline(&["check", "--root", root]);
    assert_eq!(assert_site_meets_schemas(site.path()), 3);
}

#[test]
fn every_invalid_fixture_is_refused_by_byline_and_by_its_schema() {
    let invalid = repo_root().join("tests/fixtures/invalid");
    let mut refused = 0;
    for (kind, ext, place) in [
        ("article", "md", "content/a.md"),
        ("sources", "yaml", "content/sources.yaml"),
        ("site", "toml", "site.toml"),
    ] {
        let schema = schema(kind, None);
        for path in files(&invalid.join(kind), ext) {
            let text = std::fs::read_to_string(&path).unwrap();
            let says = text.split_once("# byline says: ").unwrap().1;
            let says = says.lines().next().unwrap();
            Test::new()
                .file(place, &text)
                .args(&["check"])
                .failure()
                .stderr_contains(says)
                .run();
            assert!(
                !violations(&schema, &data(&path)).is_empty(),
                "the {kind} schema takes {}",
                path.display()
            );
            refused += 1;
        }
    }
    assert!(refused >= 40, "only {refused} invalid fixtures");
}

#[test]
fn the_article_schema_of_a_site_takes_its_own_statuses() {
    let article = Test::new()
        .file("content/a.md", "---\ntitle: T\ndate: 2016-12-08\nclaims:\n  - { id: c, text: X, status: contested }\n---\n");
    let front_matter = data(&article.path().join("content/a.md"));
    let reader = repo_root().join("tests/fixtures/reader");
    assert!(violations(&schema("article", Some(&reader)), &front_matter).is_empty());
    assert!(!violations(&schema("article", None), &front_matter).is_empty());
}

#[test]
fn a_schema_for_a_site_without_site_toml_is_refused() {
    Test::new()
        .remove("site.toml")
        .args(&["schema", "article", "--root", "."])
        .failure()
        .stderr_contains("cannot read")
        .stderr_contains("error: no schema was printed: 1 error")
        .stdout("")
        .run();
}
