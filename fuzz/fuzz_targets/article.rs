//! Any bytes as an article file: front matter and Markdown must never panic, only
//! produce diagnostics that point inside the file.
#![no_main]

use std::collections::HashMap;
use std::path::Path;

use byline::internals::{self as front_matter, Assets, Config, Diagnostic, Env, Location, Overrides, SourceFile, Statics};
use byline::internals as markdown;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let config = Config::parse(Path::new("/site"), "title = \"F\"\nbase_url = \"https://e.org/p/\"\n", &Overrides::default()).unwrap();
    let file = SourceFile::new("content/a/f.md", text);
    let lines = file.text.lines().count() + 1;
    let check = |d: &Diagnostic| {
        let (line, _) = d.line_col().expect("every diagnostic here points into the file");
        assert!(line <= lines);
        d.emit(&mut codespan_reporting::term::termcolor::NoColor::new(Vec::new())).unwrap();
    };
    let split = match front_matter::split(&file) {
        Ok(s) => s,
        Err(d) => return check(&d),
    };
    let loc = Location { rel_path: "a/f.md", fs_path: Path::new("/site/content/a/f.md"), path: "a/f/" };
    let article = match front_matter::parse(&file, &split, &loc, &config) {
        Ok(a) => a,
        Err(ds) => return ds.iter().for_each(check),
    };
    let links = HashMap::new();
    let (assets, statics) = (Assets::default(), Statics::default());
    let env = Env { config: &config, articles: &links, assets: &assets, statics: &statics };
    if let Err(ds) = markdown::render(&article, &file, split.body, split.body_offset, &env) {
        ds.iter().for_each(check);
    }
});
