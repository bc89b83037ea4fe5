//! Any bytes as `site.toml` and `content/sources.yaml` (split at the first NUL byte):
//! reading them must never panic, only produce diagnostics that point inside the file
//! they are about. `sources.yaml` is read with the fuzzed config when it is valid, as
//! a build would, and with a fixed one otherwise.
#![no_main]

use std::path::Path;

use byline::internals::{self as front_matter, Config, Diagnostic, Overrides, SourceFile, SHARED_SOURCES};
use libfuzzer_sys::fuzz_target;

fn check(file: &SourceFile, d: &Diagnostic) {
    assert_eq!(d.file_name(), Some(file.name.as_str()), "{d}");
    if let Some((line, _)) = d.line_col() {
        assert!(line <= file.text.lines().count() + 1, "{d}");
    }
    d.emit(&mut codespan_reporting::term::termcolor::NoColor::new(
        Vec::new(),
    ))
    .unwrap();
}

fuzz_target!(|data: &[u8]| {
    let (toml, yaml) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b""[..]),
    };
    let (Ok(toml), Ok(yaml)) = (std::str::from_utf8(toml), std::str::from_utf8(yaml)) else {
        return;
    };
    let root = Path::new("/site");
    let site = SourceFile::new(byline::internals::FILE_NAME, toml);
    let config = match Config::parse(root, toml, &Overrides::default()) {
        Ok(config) => config,
        Err(ds) => {
            ds.iter().for_each(|d| check(&site, d));
            let fixed = "title = \"F\"\nbase_url = \"https://e.org/p/\"\n";
            Config::parse(root, fixed, &Overrides::default()).unwrap()
        }
    };
    let shared = SourceFile::new(SHARED_SOURCES, yaml);
    if let Err(ds) = front_matter::parse_shared_sources(&shared, &config) {
        ds.iter().for_each(|d| check(&shared, d));
    }
});
