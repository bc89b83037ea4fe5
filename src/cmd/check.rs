use crate::cli::{Cli, SiteArgs};
use crate::config::Overrides;
use crate::pipeline::{self, Options};

pub fn run(cli: &Cli, args: &SiteArgs) -> i32 {
    let opts = Options {
        root: args.root.clone(),
        overrides: Overrides {
            output_dir: None,
            base_url: args.base_url.clone(),
        },
        drafts: args.drafts,
        future: args.future,
        write: false,
        deny_warnings: cli.deny_warnings,
        ..Options::default()
    };
    let result = crate::progress::spin("Checking", || pipeline::build(&opts));
    super::build::finish(cli, result, "check found", |report| {
        eprintln!(
            "Checked {} pages in {} ms: no errors",
            report.pages,
            report.elapsed.as_millis()
        );
    })
}
