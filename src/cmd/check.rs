//! `byline check`: everything a build checks, writing nothing; with `--links`, then
//! every external link asked about online (`net::check`), each finding a diagnostic
//! where the URL is written, printed with the check's own in one sorted report.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use crate::archives::Archives;
use crate::cli::{CheckArgs, Cli};
use crate::config::{Config, Overrides};
use crate::diagnostic::{self, plural, Diagnostic};
use crate::net::cache::Cache;
use crate::net::check::{self, Hop, Settings, Verdict};
use crate::outlinks::{self, Kind, Place};
use crate::pipeline::{self, Options};
use crate::report::Reporter;

pub fn run(cli: &Cli, args: &CheckArgs) -> i32 {
    let site = &args.site;
    let overrides = Overrides {
        output_dir: None,
        base_url: site.base_url.clone(),
    };
    let opts = Options {
        root: site.root.clone(),
        overrides: overrides.clone(),
        drafts: site.drafts,
        future: site.future,
        write: false,
        deny_warnings: cli.deny_warnings,
        ..Options::default()
    };
    let result = crate::progress::spin("Checking", || pipeline::build(&opts));
    if !args.links {
        return super::build::finish(cli, result, "check found", |report| {
            eprintln!(
                "Checked {} pages in {} ms: no errors",
                report.pages,
                report.elapsed.as_millis()
            );
        });
    }
    let mut diags = match result {
        Ok(report) => report.warnings.into_iter().chain(report.notes).collect(),
        Err(diags) => diags,
    };
    let summary = match Config::load(&site.root, &overrides) {
        Ok(config) => links(&config, args, &mut diags),
        Err(_) => String::new(),
    };
    diagnostic::sort(&mut diags);
    let diags = diagnostic::collapse_repeats(diags);
    let reporter = Reporter::new(cli.message_format);
    reporter.emit(&diags);
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags
        .iter()
        .filter(|d| d.severity == diagnostic::Severity::Warning)
        .count();
    if !summary.is_empty() {
        eprintln!("{summary}");
    }
    if errors > 0 || (cli.deny_warnings && warnings > 0) {
        reporter.failure("check found", errors, warnings);
        return 1;
    }
    0
}

/// Checks every external link of the site online, adding a diagnostic for each place
/// a dead, moved or uncheckable link is written; returns the summary line.
fn links(config: &Config, args: &CheckArgs, diags: &mut Vec<Diagnostic>) -> String {
    let start = Instant::now();
    // The check before read the same files and reported what is wrong with them.
    let (links, _problems) = outlinks::collect(config);
    let archives = Archives::load(config).unwrap_or_default();
    let settings = Settings {
        timeout: Duration::from_secs_f64(args.net.timeout.max(0.001)),
        retries: args.retries,
        backoff: Duration::from_millis(500),
        delay: Duration::from_secs_f64(args.net.delay.unwrap_or(1.0).max(0.0)),
        per_host: args.per_host,
        jobs: args.jobs,
        max_redirects: args.max_redirects,
    };
    let max_age = Duration::from_secs_f64(args.cache_hours.max(0.0) * 3600.0);
    let mut cache = Cache::open(&config.root, max_age);
    let pages: BTreeSet<&str> = links.keys().map(|u| check::page_of(u)).collect();
    let pages: Vec<String> = pages.into_iter().map(str::to_string).collect();
    let bar = crate::progress::bar(pages.len(), "Checking links");
    let verdicts = check::check_all(&pages, &settings, &mut cache, &|| bar.inc(1));
    bar.finish_and_clear();
    if let Err(e) = cache.save() {
        diags.push(
            Diagnostic::warning("io", format!("cannot write the link cache: {e}"))
                .in_file(crate::net::cache::CACHE_FILE),
        );
    }
    let mut dead = 0;
    let mut cached = 0;
    for verdict in verdicts.values() {
        if matches!(verdict, Verdict::Dead { .. }) {
            dead += 1;
        }
        if matches!(verdict, Verdict::Alive { cached: true, .. }) {
            cached += 1;
        }
    }
    for (url, places) in &links {
        if let Some(verdict) = verdicts.get(check::page_of(url)) {
            report(url, verdict, places, &archives, diags);
        }
    }
    let from_cache = if cached > 0 {
        format!(" ({cached} from the cache)")
    } else {
        String::new()
    };
    format!(
        "Checked {}{from_cache} in {} ms: {} dead",
        plural(verdicts.len(), "link"),
        start.elapsed().as_millis(),
        dead
    )
}

/// The diagnostics of one link, one for each place it is written.
fn report(
    url: &str,
    verdict: &Verdict,
    places: &[Place],
    archives: &Archives,
    diags: &mut Vec<Diagnostic>,
) {
    for place in places {
        let d = match verdict {
            Verdict::Alive { redirects, .. } => match moved(redirects) {
                Some(to) => Diagnostic::warning(
                    "moved-link",
                    format!("`{url}` has moved: {}", chain(url, redirects)),
                )
                .help(format!("link to {to}")),
                None => continue,
            },
            Verdict::Unsure { why } => {
                Diagnostic::warning("unchecked-link", format!("could not check `{url}`: {why}"))
                    .help("it may work in a browser; `byline check --links` asks again next time")
            }
            Verdict::Dead { why, redirects } => {
                let via = if redirects.is_empty() {
                    String::new()
                } else {
                    format!(" (redirects: {})", chain(url, redirects))
                };
                Diagnostic::error("dead-link", format!("`{url}` is dead: {why}{via}"))
                    .help(dead_help(url, place, archives))
            }
        };
        diags.push(d.at(&place.file, place.span.clone()));
    }
}

/// Where a permanent redirect (301, 308) finally leads; temporary ones are no news.
fn moved(redirects: &[Hop]) -> Option<&str> {
    redirects
        .iter()
        .any(|h| h.status == 301 || h.status == 308)
        .then(|| redirects.last().map(|h| h.to.as_str()))
        .flatten()
}

/// `a → 301 → b → 302 → c`.
fn chain(url: &str, redirects: &[Hop]) -> String {
    let mut out = url.to_string();
    for hop in redirects {
        out.push_str(&format!(" → {} → {}", hop.status, hop.to));
    }
    out
}

fn dead_help(url: &str, place: &Place, archives: &Archives) -> String {
    let copy = place.archive.as_deref().or_else(|| archives.copy_of(url));
    let today = crate::schedule::Schedule::new(false)
        .map_or_else(|_| chrono::Utc::now().date_naive(), |s| s.today)
        .format("%Y-%m-%d");
    match (copy, place.kind) {
        (Some(copy), Kind::Source) => format!(
            "its archived copy is {copy}: mark the URL dead in content/archives.yaml (`dead: {today}` under \"{url}\") and the sidebar leads with the copy"
        ),
        (Some(copy), _) => format!("link to its archived copy instead: {copy}"),
        (None, Kind::Source) => "fix or remove the link; `byline archive` may find an archived copy of it".into(),
        (None, _) => "fix or remove the link, or link to an archived copy (https://web.archive.org/web/*/…)".into(),
    }
}
