//! `byline serve`: build into a private temporary folder, serve it on loopback, and
//! rebuild on every save (one article → that article and the pages listing it;
//! anything else → everything). A broken save is printed here and shown over the last
//! good page in the browser; the server keeps running until Ctrl-C.

use std::sync::Arc;
use std::time::Instant;

use codespan_reporting::term::termcolor::NoColor;

use crate::cli::{Cli, ServeArgs};
use crate::config::{Config, Overrides};
use crate::diagnostic::Diagnostic;
use crate::incremental::{Outcome, Session};
use crate::pipeline::Options;
use crate::report::Reporter;
use crate::serve::{self, watch, Shared};

pub fn run(cli: &Cli, args: &ServeArgs) -> i32 {
    let reporter = Reporter::new(cli.message_format);
    let fail = |d: Diagnostic| {
        reporter.stopped(d, "the server did not start");
        1
    };
    // First, so that Ctrl-C during the first build still cleans up.
    let (stop_tx, stop_rx) = std::sync::mpsc::channel();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    }) {
        return fail(Diagnostic::error(
            "serve",
            format!("cannot handle Ctrl-C: {e}"),
        ));
    }
    let root = match args.site.root.canonicalize() {
        Ok(r) => r,
        Err(e) => {
            return fail(Diagnostic::error(
                "no-site",
                format!("cannot open {}: {e}", args.site.root.display()),
            ))
        }
    };
    let tmp = match tempfile::Builder::new().prefix("byline-serve-").tempdir() {
        Ok(t) => t,
        Err(e) => {
            return fail(Diagnostic::error(
                "io",
                format!("cannot create a temporary folder: {e}"),
            ))
        }
    };
    let dir = tmp.path().join("site");
    let overrides = Overrides {
        output_dir: None,
        base_url: args.site.base_url.clone(),
    };
    let opts = Options {
        root: root.clone(),
        overrides: overrides.clone(),
        drafts: args.site.drafts,
        write: true,
        deny_warnings: false,
    };
    // Watching starts before the first build, so no save is missed.
    let (watcher, events) = match watch::start(&root) {
        Ok(w) => w,
        Err(e) => {
            return fail(Diagnostic::error(
                "watch",
                format!("cannot watch the site for changes: {e}"),
            ))
        }
    };
    let mut session = Session::new(opts, &dir);
    let shared = Shared::new(&dir, &base_path(&root, &overrides));
    report(&reporter, &shared, session.full(), "Built the site", None);

    let server = match tiny_http::Server::http((args.bind, args.port)) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            return fail(
                Diagnostic::error(
                    "serve",
                    format!("cannot listen on {}:{}: {e}", args.bind, args.port),
                )
                .help("pick another port with --port, or --port 0 for any free one"),
            )
        }
    };
    let Some(addr) = server.server_addr().to_ip() else {
        return fail(Diagnostic::error("serve", "the server has no IP address"));
    };
    let url = format!("http://{addr}{}", base_path(&root, &overrides));
    eprintln!("Serving the site at {url} (Ctrl-C to stop)");
    if !args.bind.is_loopback() {
        eprintln!("warning: {} is reachable from other machines", args.bind);
    }
    if args.open {
        open_browser(&url);
    }
    {
        let (server, shared) = (server.clone(), shared.clone());
        std::thread::spawn(move || serve::run(server, shared));
    }

    let rebuilder = {
        let shared = shared.clone();
        let format = cli.message_format;
        std::thread::spawn(move || {
            let reporter = Reporter::new(format);
            while let Ok(batch) = events.recv() {
                let Ok(mut batch) = batch else { continue };
                // Saves made while the last rebuild ran are rebuilt together, once.
                batch.extend(events.try_iter().filter_map(Result::ok).flatten());
                let Some((change, first)) = watch::classify(&root, &batch) else {
                    continue;
                };
                let (result, what) = match change {
                    watch::Change::Articles(paths) => {
                        let what = format!(
                            "Rebuilt {}",
                            paths
                                .iter()
                                .map(|p| format!("content/{p}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        );
                        (session.articles(&paths), what)
                    }
                    watch::Change::Everything => {
                        let result = session.full();
                        shared.set_base_path(&base_path(&root, &overrides));
                        (result, "Rebuilt the site".to_string())
                    }
                };
                report(&reporter, &shared, result, &what, Some(first));
                shared.reload();
            }
        })
    };

    let _ = stop_rx.recv();
    server.unblock();
    // Closing the watcher ends the rebuild loop; a rebuild under way finishes first,
    // so nothing writes into the temporary folder once it is removed.
    drop(watcher);
    let _ = rebuilder.join();
    drop(tmp);
    eprintln!("\nStopped.");
    0
}

/// The site's base path (`/`, or `/proj/` for https://x.github.io/proj/), which the
/// server mounts the site under; `/` while site.toml is broken.
fn base_path(root: &std::path::Path, overrides: &Overrides) -> String {
    Config::load(root, overrides).map_or_else(|_| "/".to_string(), |c| c.base_path)
}

const MAX_WARNINGS: usize = 10;

/// Prints a rebuild's outcome and updates the browser overlay.
fn report(
    reporter: &Reporter,
    shared: &Shared,
    result: Result<Outcome, Vec<Diagnostic>>,
    what: &str,
    since_save: Option<Instant>,
) {
    match result {
        Ok(outcome) => {
            // A whole site's warnings would bury the server's address; `check` lists them.
            let shown = outcome.warnings.len().min(MAX_WARNINGS);
            reporter.emit(&outcome.warnings[..shown]);
            if outcome.warnings.len() > shown {
                eprintln!(
                    "... and {} more warnings (`byline check` lists them all)",
                    outcome.warnings.len() - shown
                );
            }
            shared.set_error(None);
            let mut line = format!(
                "{what}: {} pages in {} ms",
                outcome.pages,
                outcome.elapsed.as_millis()
            );
            if let Some(save) = since_save {
                line.push_str(&format!(
                    " ({} ms after the save)",
                    save.elapsed().as_millis()
                ));
            }
            eprintln!("{line}");
        }
        Err(diags) => {
            reporter.emit(&diags);
            let errors = diags.iter().filter(|d| d.is_error()).count();
            reporter.failure("the site has", errors, diags.len() - errors);
            if since_save.is_some() {
                eprintln!("Still serving the last good build.");
            } else {
                eprintln!("Nothing to serve yet: waiting for a save that fixes them.");
            }
            shared.set_error(Some(plain(&diags)));
        }
    }
}

/// The diagnostics as plain rustc-style text, for the browser overlay.
fn plain(diags: &[Diagnostic]) -> String {
    let mut out = NoColor::new(Vec::new());
    for d in diags {
        let _ = d.emit(&mut out);
    }
    String::from_utf8_lossy(&out.into_inner()).into_owned()
}

fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(command).arg(url).spawn() {
        eprintln!("warning: cannot open a browser ({command}: {e}); open {url} yourself");
    }
}
