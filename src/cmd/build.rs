use crate::cli::{BuildArgs, Cli};
use crate::config::Overrides;
use crate::output::Ownership;
use crate::pipeline::{self, Options, Report};
use crate::report::Reporter;

pub fn run(cli: &Cli, args: &BuildArgs) -> i32 {
    let opts = Options {
        root: args.site.root.clone(),
        overrides: Overrides {
            output_dir: args.output.clone(),
            base_url: args.site.base_url.clone(),
        },
        drafts: args.site.drafts,
        future: args.site.future,
        write: true,
        deny_warnings: cli.deny_warnings,
        ownership: if args.force {
            Ownership::Forced
        } else {
            Ownership::Checked
        },
    };
    remove_staging_when_interrupted();
    let result = crate::progress::spin("Building", || {
        pipeline::build_keeping(&opts).map(|(report, loaded)| {
            // The process ends next: freeing a large site one allocation at a time
            // would only keep it waiting (25 ms at 10,000 articles).
            std::mem::forget(loaded);
            report
        })
    });
    finish(cli, result, "build failed with", |report| {
        eprintln!(
            "Built {} pages in {} ms",
            report.pages,
            report.elapsed.as_millis()
        );
        held_back(report);
        if args.timings {
            timings(report);
        }
    })
}

/// Ctrl-C, SIGTERM and SIGHUP remove the staging folder before byline exits. Setting
/// the handler fails only if one is set already, which nothing else in `build` does.
fn remove_staging_when_interrupted() {
    let _ = ctrlc::set_handler(|| {
        let removed = crate::output::interrupt();
        if removed > 0 {
            eprintln!(
                "\nInterrupted: the staging folder is removed, the output folder is as it was."
            );
        } else {
            eprintln!("\nInterrupted.");
        }
        std::process::exit(130);
    });
}

/// How many articles dated after today the build left out.
fn held_back(report: &Report) {
    if report.held_back > 0 {
        let today =
            crate::date::Date::from(report.schedule.today).display(&crate::lang::Lang::default());
        let (n, them) = match report.held_back {
            1 => ("1 article".to_string(), "it"),
            n => (format!("{n} articles"), "them"),
        };
        eprintln!("Held back {n} dated after today ({today}); --future builds {them} too");
    }
}

/// `--timings`: each phase's wall time, then the work summed over threads.
fn timings(report: &Report) {
    let t = &report.timings;
    let w = &t.work;
    let phases = [
        ("load", t.load, "read every article and its front matter"),
        (
            "render",
            t.render,
            "article pages, and beside them the ledger",
        ),
        (
            "lists",
            t.lists,
            "home, tags, claims, sources, feeds, claims.json",
        ),
        ("write", t.write, "static files, then the swap into place"),
    ];
    let work = [
        (
            "markdown",
            w.markdown,
            "bodies, citations, claims, highlighting",
        ),
        ("templates", w.templates, "Tera"),
        ("writing", w.writing, "files, and streaming claims.json"),
        ("search", w.search, "the search index, beside the lists"),
    ];
    let print = |rows: &[(&str, std::time::Duration, &str)]| {
        for (name, took, what) in rows {
            eprintln!("  {name:<9} {:>6} ms  {what}", took.as_millis());
        }
    };
    print(&phases);
    eprintln!("  summed over {} threads:", rayon::current_num_threads());
    print(&work);
}

/// Prints warnings or errors and picks the exit code, the same way for `build` and
/// `check`; `failed` begins the closing line of a failure ("build failed with").
pub fn finish(
    cli: &Cli,
    result: Result<Report, Vec<crate::diagnostic::Diagnostic>>,
    failed: &str,
    on_success: impl FnOnce(&Report),
) -> i32 {
    let reporter = Reporter::new(cli.message_format);
    match result {
        Ok(report) => {
            reporter.emit(&report.warnings);
            reporter.emit(&report.notes);
            if cli.deny_warnings && !report.warnings.is_empty() {
                reporter.failure(failed, 0, report.warnings.len());
                return 1;
            }
            on_success(&report);
            0
        }
        Err(diags) => {
            let diags = crate::diagnostic::collapse_repeats(diags);
            reporter.emit(&diags);
            let errors = diags.iter().filter(|d| d.is_error()).count();
            reporter.failure(failed, errors, diags.len() - errors);
            1
        }
    }
}
