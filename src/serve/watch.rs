//! Watching the site for saves: notify, debounced (notify-debouncer-full) so an
//! editor's write-rename-delete dance is one change, then sorted into "these articles
//! changed" (rebuilt incrementally) or "rebuild everything" (templates, site.toml,
//! static files, data files, folders).
//!
//! An inotify watch follows a folder, not its name: a `content/` deleted and made
//! again, or a `themes/` made by `theme eject` while serving, would never be watched.
//! So every batch first looks at the site's folders again (`Watcher::refresh`).

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use file_id::FileId;
use notify::event::{AccessKind, AccessMode, EventKind, MetadataKind, ModifyKind};
use notify::RecursiveMode;
use notify_debouncer_full::{
    new_debouncer, DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache,
};

/// Long enough to merge one save's events, short enough not to be noticed.
pub const DEBOUNCE: Duration = Duration::from_millis(25);

/// The site's folders watched recursively; the root itself is watched on its own.
const FOLDERS: [&str; 4] = ["content", "themes", "templates", "static"];

/// What a batch of file events means for the build.
#[derive(Debug, PartialEq, Eq)]
pub enum Change {
    /// Paths inside `content/` of the `.md` files that changed.
    Articles(Vec<String>),
    Everything,
}

pub struct Watcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    /// Each of `FOLDERS` with the identity it had when watched, `None` while unwatched.
    folders: Vec<(&'static str, Option<FileId>)>,
}

/// Where the batches of file events arrive (see `next_batch`).
pub type Events = Receiver<DebounceEventResult>;

/// Starts watching the site's sources; batches arrive on the returned channel.
pub fn start(root: &Path) -> notify::Result<(Watcher, Events)> {
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = Watcher {
        debouncer: new_debouncer(DEBOUNCE, None, tx)?,
        root: root.to_path_buf(),
        folders: FOLDERS.iter().map(|&f| (f, None)).collect(),
    };
    for i in 0..FOLDERS.len() {
        watcher.watch(i)?;
    }
    // The root itself only for site.toml and folders that appear later.
    watcher.debouncer.watch(root, RecursiveMode::NonRecursive)?;
    Ok((watcher, rx))
}

impl Watcher {
    /// Watches anew each folder that a batch says was made, removed or renamed, or
    /// that is not the folder last watched under its name. Called before the rebuild
    /// reads them: a file saved before the new watch is read by that rebuild.
    pub fn refresh(&mut self, events: &[DebouncedEvent]) {
        let rescan = events.iter().any(|e| e.event.need_rescan());
        for i in 0..self.folders.len() {
            let path = self.root.join(self.folders[i].0);
            let named = events.iter().any(|e| {
                matches!(
                    e.event.kind,
                    EventKind::Create(_)
                        | EventKind::Remove(_)
                        | EventKind::Modify(ModifyKind::Name(_))
                ) && e.event.paths.contains(&path)
            });
            if rescan || named || identity(&path) != self.folders[i].1 {
                // Fails when inotify already dropped the watch of a deleted folder.
                let _ = self.debouncer.unwatch(&path);
                // A folder that cannot be watched now is tried again at the next batch.
                let _ = self.watch(i);
            }
        }
    }

    fn watch(&mut self, i: usize) -> notify::Result<()> {
        let path = self.root.join(self.folders[i].0);
        self.folders[i].1 = None;
        let Some(id) = identity(&path) else {
            return Ok(());
        };
        self.debouncer.watch(&path, RecursiveMode::Recursive)?;
        self.folders[i].1 = Some(id);
        Ok(())
    }
}

fn identity(folder: &Path) -> Option<FileId> {
    folder
        .is_dir()
        .then(|| file_id::get_file_id(folder).ok())
        .flatten()
}

/// What waiting for saves brought.
pub enum Next {
    /// A batch of file events, with every batch already waiting (saves made while the
    /// last rebuild ran are rebuilt together, once).
    Saved(Vec<DebouncedEvent>),
    /// Nothing was saved within the wait.
    Quiet,
    /// The watcher is gone.
    Gone,
}

/// Waits for the next batch of file events, for at most `wait` (`None`: for ever).
pub fn next_batch(events: &Events, wait: Option<Duration>) -> Next {
    let until = wait.and_then(|w| Instant::now().checked_add(w));
    loop {
        let received = match until {
            Some(until) => events.recv_timeout(until.saturating_duration_since(Instant::now())),
            None => events.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        let mut batch = match received {
            Ok(Ok(batch)) => batch,
            Ok(Err(_)) => continue,
            Err(RecvTimeoutError::Timeout) => return Next::Quiet,
            Err(RecvTimeoutError::Disconnected) => return Next::Gone,
        };
        batch.extend(events.try_iter().filter_map(Result::ok).flatten());
        return Next::Saved(batch);
    }
}

/// Sorts one debounced batch; `None` if nothing that matters changed. Also returns
/// when the earliest relevant event happened, to report latency from the save.
pub fn classify(root: &Path, events: &[DebouncedEvent]) -> Option<(Change, Instant)> {
    let mut articles: Vec<String> = Vec::new();
    let mut everything = false;
    let mut first: Option<Instant> = None;
    for e in events {
        let relevant = match e.event.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
            EventKind::Access(_) | EventKind::Other => false,
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
            _ => true,
        };
        if !relevant {
            continue;
        }
        for path in &e.event.paths {
            match kind_of(root, path) {
                Kind::Article(rel) => {
                    if !articles.contains(&rel) {
                        articles.push(rel);
                    }
                }
                Kind::Everything => everything = true,
                Kind::Ignored => continue,
            }
            first = Some(first.map_or(e.time, |f| f.min(e.time)));
        }
    }
    let first = first?;
    if everything {
        Some((Change::Everything, first))
    } else {
        articles.sort();
        Some((Change::Articles(articles), first))
    }
}

enum Kind {
    Article(String),
    Everything,
    Ignored,
}

fn kind_of(root: &Path, path: &Path) -> Kind {
    let Ok(rel) = path.strip_prefix(root) else {
        return Kind::Ignored;
    };
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let Some(top) = parts.first() else {
        return Kind::Ignored;
    };
    let name = parts.last().map(String::as_str).unwrap_or_default();
    // Editors' backups and swap files, hidden files and folders.
    if parts.iter().any(|p| p.starts_with('.')) || name.ends_with('~') || name.ends_with(".swp") {
        return Kind::Ignored;
    }
    match top.as_str() {
        "site.toml" => Kind::Everything,
        "themes" | "templates" | "static" => Kind::Everything,
        "content" if parts.len() == 1 => Kind::Everything,
        "content" => {
            if name.ends_with(".md") {
                Kind::Article(parts[1..].join("/"))
            } else if [".yaml", ".yml", ".toml", ".json"]
                .iter()
                .any(|x| name.ends_with(x))
                || path.is_dir()
            {
                Kind::Everything
            } else {
                // Editors' temporary files (vim's `4913`, `file.md.tmp`).
                Kind::Ignored
            }
        }
        _ => Kind::Ignored,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::Event;
    use notify_debouncer_full::DebouncedEvent;

    fn batch(root: &Path, paths: &[&str]) -> Vec<DebouncedEvent> {
        paths
            .iter()
            .map(|p| {
                let event = Event::new(EventKind::Modify(ModifyKind::Any)).add_path(root.join(p));
                DebouncedEvent::new(event, Instant::now())
            })
            .collect()
    }

    #[test]
    fn saves_are_sorted_into_articles_or_everything() {
        let root = Path::new("/site");
        let change = |paths: &[&str]| classify(root, &batch(root, paths)).map(|(c, _)| c);
        assert_eq!(
            change(&[
                "content/b.md",
                "content/a.md",
                "content/a.md~",
                "content/.a.md.swp",
                "content/4913"
            ]),
            Some(Change::Articles(vec!["a.md".into(), "b.md".into()]))
        );
        assert_eq!(
            change(&["content/a.md", "site.toml"]),
            Some(Change::Everything)
        );
        assert_eq!(
            change(&["themes/default/templates/base.html"]),
            Some(Change::Everything)
        );
        assert_eq!(change(&["content/sources.yaml"]), Some(Change::Everything));
        assert_eq!(
            change(&["public/index.html", "README.md", "target/x"]),
            None
        );
    }

    #[test]
    fn reading_a_file_is_not_a_change() {
        let root = Path::new("/site");
        let event = Event::new(EventKind::Access(AccessKind::Open(AccessMode::Read)))
            .add_path(root.join("content/a.md"));
        assert!(classify(root, &[DebouncedEvent::new(event, Instant::now())]).is_none());
    }
}
