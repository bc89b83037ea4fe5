//! `byline archive`: a copy in a web archive for every source URL without one,
//! recorded in `content/archives.yaml` after each success (so an interrupted run loses
//! nothing, and the next run carries on), one request at a time, `--delay` apart.

use std::time::Duration;

use crate::archives::{Archives, Entry};
use crate::cli::{ArchiveArgs, Cli};
use crate::config::{Config, Overrides};
use crate::diagnostic::{plural, Diagnostic};
use crate::net::wayback::{self, Archive, Copy, Refusal};
use crate::net::{seconds, Client};
use crate::outlinks::{self, Kind, Place};
use crate::report::Reporter;

pub fn run(cli: &Cli, args: &ArchiveArgs) -> i32 {
    let reporter = Reporter::new(cli.message_format);
    let loaded = Config::load(&args.root, &Overrides::default()).and_then(|config| {
        let archives = Archives::load(&config)?;
        let (links, problems) = outlinks::collect(&config);
        if problems.iter().any(Diagnostic::is_error) {
            return Err(problems);
        }
        Ok((config, archives, links))
    });
    let (config, mut archives, links) = match loaded {
        Ok(loaded) => loaded,
        Err(e) => {
            reporter.emit(&e);
            reporter.failure("archive failed with", e.len(), 0);
            return 1;
        }
    };
    let mut todo: Vec<(String, Place)> = links
        .into_iter()
        .filter(|(url, places)| {
            archives.copy_of(url).is_none() && places.iter().all(|p| p.archive.is_none())
        })
        .filter_map(|(url, places)| {
            Some((url, places.into_iter().find(|p| p.kind == Kind::Source)?))
        })
        .collect();
    let waiting = todo.len();
    if let Some(limit) = args.limit {
        todo.truncate(limit);
    }
    let timeout = Duration::from_secs_f64(args.net.timeout.max(0.001));
    let archive = Archive {
        client: Client::new(timeout),
        availability: args
            .availability_api
            .clone()
            .unwrap_or_else(|| wayback::AVAILABILITY_API.into()),
        save: args
            .save_api
            .clone()
            .unwrap_or_else(|| wayback::SAVE_API.into()),
    };
    let delay = Duration::from_secs_f64(args.net.delay.unwrap_or(5.0).max(0.0));
    let mut run = Run::default();
    let bar = crate::progress::bar(todo.len(), "Archiving");
    for (i, (url, place)) in todo.iter().enumerate() {
        if i > 0 {
            std::thread::sleep(delay);
        }
        let outcome = ask(&archive, url, args.no_save);
        bar.inc(1);
        if !run.take(outcome, url, place, &mut archives, &config, timeout) {
            break;
        }
    }
    bar.finish_and_clear();
    run.finish(&reporter, waiting)
}

/// A copy of `url`: the archive's closest, else (unless `no_save`) a new one.
fn ask(archive: &Archive, url: &str, no_save: bool) -> Result<(Copy, bool), Refusal> {
    match archive.find(url)? {
        Some(copy) => Ok((copy, false)),
        None if no_save => Err(Refusal::Refused(
            "the archive has no copy (--no-save asked for none to be made)".into(),
        )),
        None => archive.save(url).map(|copy| (copy, true)),
    }
}

/// How to record a copy found by hand for the source at `place`: a bibliography has
/// no field for one.
fn by_hand(place: &Place) -> String {
    let in_yaml = [".md", ".yaml"]
        .iter()
        .any(|e| place.file.name.ends_with(e));
    let how = match in_yaml {
        true => "`archive_url:` on the source",
        false => "under its URL in content/archives.yaml (`archive_url:`)",
    };
    format!("run `byline archive` again later, or add a copy by hand: {how}")
}

#[derive(Default)]
struct Run {
    found: usize,
    saved: usize,
    asked: usize,
    problems: Vec<Diagnostic>,
    stopped: bool,
}

impl Run {
    /// Records one URL's outcome, writing the file after a copy; false to stop.
    fn take(
        &mut self,
        outcome: Result<(Copy, bool), Refusal>,
        url: &str,
        place: &Place,
        archives: &mut Archives,
        config: &Config,
        timeout: Duration,
    ) -> bool {
        self.asked += 1;
        let at = |d: Diagnostic| d.at(&place.file, place.span.clone());
        let (copy, saved) = match outcome {
            Ok(found) => found,
            Err(Refusal::Wait(wait)) => {
                let wait = wait.map_or("a while".to_string(), seconds);
                self.problems.push(at(Diagnostic::error("archive-refused", format!("the archive limits requests and asks to wait {wait}: stopped before `{url}`")))
                    .help("what was archived so far is saved in content/archives.yaml; run `byline archive` again later, or with a longer --delay"));
                self.stopped = true;
                return false;
            }
            Err(Refusal::Timeout) => {
                self.problems.push(at(Diagnostic::error("archive-timeout", format!("the archive did not answer about `{url}` within {}", seconds(timeout))))
                    .help("run `byline archive` again (it carries on where it stopped), or give it longer with --timeout"));
                return true;
            }
            Err(Refusal::Refused(why)) => {
                self.problems.push(
                    at(Diagnostic::error(
                        "archive-refused",
                        format!("no archived copy of `{url}`: {why}"),
                    ))
                    .help(by_hand(place)),
                );
                return true;
            }
        };
        if saved {
            self.saved += 1;
        } else {
            self.found += 1;
        }
        let entry = archives.entries.entry(url.to_string()).or_insert(Entry {
            archive_url: None,
            archived: None,
            dead: None,
        });
        entry.archive_url = Some(copy.url);
        entry.archived = copy.day;
        if let Err(e) = archives.write(&config.root) {
            self.problems.push(
                Diagnostic::error("io", format!("cannot write content/archives.yaml: {e}"))
                    .in_file("content/archives.yaml"),
            );
            self.stopped = true;
            return false;
        }
        true
    }

    fn finish(self, reporter: &Reporter, waiting: usize) -> i32 {
        reporter.emit(&self.problems);
        let copies = self.found + self.saved;
        let left = waiting - copies;
        let mut line = format!(
            "Archived {copies} of {}: {} found, {} saved",
            plural(waiting, "source URL"),
            self.found,
            self.saved
        );
        if left > 0 {
            line.push_str(&format!("; {left} still without a copy"));
        }
        if copies > 0 {
            line.push_str(" (content/archives.yaml)");
        }
        eprintln!("{line}");
        let errors = self.problems.len();
        if errors > 0 {
            reporter.failure("archive finished with", errors, 0);
            return 1;
        }
        0
    }
}
