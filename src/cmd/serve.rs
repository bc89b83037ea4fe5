//! `byline serve`: build into a private temporary folder, serve it on loopback, and
//! rebuild on every save (one article → that article and the pages listing it;
//! anything else → everything). A broken save is printed here and shown over the last
//! good page in the browser; the server keeps running until Ctrl-C.

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::cli::{Cli, MessageFormat, ServeArgs};
use crate::config::Overrides;
use crate::diagnostic::Diagnostic;
use crate::incremental::{Outcome, Session};
use crate::pipeline::Options;
use crate::report::Reporter;
use crate::serve::{self, watch, Shared};

pub fn run(cli: &Cli, args: &ServeArgs) -> i32 {
    let reporter = Reporter::new(cli.message_format);
    match serve(args, &reporter) {
        Ok(()) => {
            eprintln!("\nStopped.");
            0
        }
        // None of these is a build's failure: no "build failed" line.
        Err(d) => {
            reporter.stopped(d, "the server did not start");
            1
        }
    }
}

/// Builds, serves and rebuilds until Ctrl-C; errors are those that stop it at once.
fn serve(args: &ServeArgs, reporter: &Reporter) -> Result<(), Diagnostic> {
    // First, so that Ctrl-C during the first build still cleans up.
    let stop = stop_on_ctrl_c()?;
    let (root, listener, addr) = open(args)?;
    let tmp = tempfile::Builder::new()
        .prefix("byline-serve-")
        .tempdir()
        .map_err(|e| Diagnostic::error("io", format!("cannot create a temporary folder: {e}")))?;
    let dir = tmp.path().join("site");
    // Watching starts before the first build, so no save is missed.
    let (watcher, events) = watch::start(&root).map_err(|e| {
        Diagnostic::error("watch", format!("cannot watch the site for changes: {e}"))
    })?;
    let mut session = Session::new(options(&root, args), &dir);
    let shared = Shared::new(&dir, &root);
    let result = session.full();
    report(reporter, &shared, &session, result, "Built the site", None);
    serve::start(listener, shared.clone())
        .map_err(|e| Diagnostic::error("serve", format!("cannot start the server: {e}")))?;
    announce(args, addr, session.base_path());

    let watcher = Arc::new(Mutex::new(Some(watcher)));
    let rebuilder = {
        let (watcher, format) = (watcher.clone(), reporter.format);
        std::thread::spawn(move || rebuild(session, &shared, &watcher, &events, &root, format))
    };
    let _ = stop.recv();
    // Closing the watcher ends the rebuild loop; a rebuild under way finishes first,
    // so nothing writes into the temporary folder once it is removed.
    drop(watcher.lock().unwrap_or_else(|e| e.into_inner()).take());
    let _ = rebuilder.join();
    drop(tmp);
    Ok(())
}

/// A channel that receives once Ctrl-C (or SIGTERM, SIGHUP) is pressed.
fn stop_on_ctrl_c() -> Result<Receiver<()>, Diagnostic> {
    let (stop_tx, stop_rx) = std::sync::mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    })
    .map_err(|e| Diagnostic::error("serve", format!("cannot handle Ctrl-C: {e}")))?;
    Ok(stop_rx)
}

/// What `serve` builds: the site at `root` into a folder of its own.
fn options(root: &Path, args: &ServeArgs) -> Options {
    Options {
        root: root.to_path_buf(),
        overrides: Overrides {
            output_dir: None,
            base_url: args.site.base_url.clone(),
        },
        drafts: args.site.drafts,
        future: args.site.future,
        write: true,
        deny_warnings: false,
        ..Options::default()
    }
}

/// Says where the site is served, and opens it if asked.
fn announce(args: &ServeArgs, addr: SocketAddr, base_path: Option<&str>) {
    let url = format!("http://{addr}{}", base_path.unwrap_or("/"));
    eprintln!("Serving the site at {url} (Ctrl-C to stop)");
    if !args.bind.is_loopback() {
        eprintln!("warning: {} is reachable from other machines", args.bind);
    }
    if args.open {
        open_browser(&url);
    }
}

/// The site's folder and the listening socket, bound before building so that a port
/// in use is said at once (connections made meanwhile wait for the server).
fn open(args: &ServeArgs) -> Result<(PathBuf, TcpListener, SocketAddr), Diagnostic> {
    let root = args.site.root.canonicalize().map_err(|e| {
        Diagnostic::error(
            "no-site",
            format!("cannot open {}: {e}", args.site.root.display()),
        )
    })?;
    let listener = TcpListener::bind((args.bind, args.port)).map_err(|e| listen_error(args, &e))?;
    let addr = listener.local_addr().map_err(|e| listen_error(args, &e))?;
    Ok((root, listener, addr))
}

fn listen_error(args: &ServeArgs, e: &std::io::Error) -> Diagnostic {
    match e.kind() {
        std::io::ErrorKind::AddrInUse => Diagnostic::error(
            "serve",
            format!("port {} on {} is already in use", args.port, args.bind),
        )
        .help(
            "stop the program using it, or pick another port with --port (--port 0 takes any free one)",
        ),
        _ => Diagnostic::error(
            "serve",
            format!("cannot listen on {}:{}: {e}", args.bind, args.port),
        )
        .help("pick another address with --bind or port with --port (--port 0 takes any free one)"),
    }
}

/// Rebuilds on every batch of saves until the watcher is dropped.
fn rebuild(
    mut session: Session,
    shared: &Shared,
    watcher: &Mutex<Option<watch::Watcher>>,
    events: &watch::Events,
    root: &Path,
    format: MessageFormat,
) {
    let reporter = Reporter::new(format);
    loop {
        let batch = match watch::next_batch(events, crate::schedule::until_next_day()) {
            watch::Next::Saved(batch) => batch,
            watch::Next::Gone => return,
            watch::Next::Quiet => {
                // The day decides which scheduled articles are published (see `schedule`).
                let day = chrono::Utc::now().date_naive();
                let what = format!("Rebuilt the site for the new day, {day}");
                let result = session.full();
                report(&reporter, shared, &session, result, &what, None);
                shared.reload();
                continue;
            }
        };
        match watcher.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
            Some(watcher) => watcher.refresh(&batch),
            None => return,
        }
        let Some((change, first)) = watch::classify(root, &batch) else {
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
            watch::Change::Everything => (session.full(), "Rebuilt the site".to_string()),
        };
        report(&reporter, shared, &session, result, &what, Some(first));
        shared.reload();
    }
}

const MAX_WARNINGS: usize = 10;

/// Prints a rebuild's outcome and updates what the server shows.
fn report(
    reporter: &Reporter,
    shared: &Shared,
    session: &Session,
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
            if session.base_path().is_some() {
                eprintln!("Still serving the last good build.");
            } else {
                eprintln!(
                    "Nothing is built yet: the browser shows the errors until a save fixes them."
                );
            }
            shared.set_error(Some(crate::report::plain(&diags)));
        }
    }
    shared.set_base_path(session.base_path());
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
