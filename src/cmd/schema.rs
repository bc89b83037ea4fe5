//! `byline schema article|sources|site|claims-json [--root DIR]`: prints the JSON Schema
//! of a file writers edit, for their editor, or of the claims export byline writes. With
//! `--root`, the article schema takes the claim statuses of that site's `site.toml`.

use std::io::Write;

use crate::cli::{Cli, SchemaArgs};
use crate::config::{Config, Overrides};
use crate::report::Reporter;
use crate::schema::{schema, to_text};
use crate::status::Vocabulary;

pub fn run(cli: &Cli, args: &SchemaArgs) -> i32 {
    let vocabulary = match &args.root {
        None => Vocabulary::default(),
        Some(root) => match Config::load(root, &Overrides::default()) {
            Ok(config) => config.vocabulary,
            Err(errors) => {
                let reporter = Reporter::new(cli.message_format);
                reporter.emit(&errors);
                reporter.failure("no schema was printed:", errors.len(), 0);
                return 1;
            }
        },
    };
    let text = to_text(&schema(args.kind, &vocabulary));
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => 0,
        // A closed pipe (`byline schema site | head`) is the reader's choice.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("error: cannot print the schema: {e}");
            1
        }
    }
}
