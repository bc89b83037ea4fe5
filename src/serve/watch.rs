//! Watching the site for saves: notify, debounced (notify-debouncer-full) so an
//! editor's write-rename-delete dance is one change, then sorted into "these articles
//! changed" (rebuilt incrementally) or "rebuild everything" (templates, site.toml,
//! static files, data files, folders).

use std::path::{Component, Path};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind, MetadataKind, ModifyKind};
use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

/// Long enough to merge one save's events, short enough not to be noticed.
pub const DEBOUNCE: Duration = Duration::from_millis(25);

pub type Watcher = Debouncer<notify::RecommendedWatcher, RecommendedCache>;

/// What a batch of file events means for the build.
#[derive(Debug, PartialEq, Eq)]
pub enum Change {
    /// Paths inside `content/` of the `.md` files that changed.
    Articles(Vec<String>),
    Everything,
}

/// Starts watching the site's sources; batches arrive on the returned channel.
pub fn start(root: &Path) -> notify::Result<(Watcher, Receiver<DebounceEventResult>)> {
    let (tx, rx) = std::sync::mpsc::channel();
    let mut debouncer = new_debouncer(DEBOUNCE, None, tx)?;
    for dir in ["content", "themes", "templates", "static"] {
        let path = root.join(dir);
        if path.is_dir() {
            debouncer.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    // The root itself only for site.toml and folders that appear later.
    debouncer.watch(root, RecursiveMode::NonRecursive)?;
    Ok((debouncer, rx))
}

/// Sorts one debounced batch; `None` if nothing that matters changed. Also returns
/// when the earliest relevant event happened, to report latency from the save.
pub fn classify(
    root: &Path,
    events: &[notify_debouncer_full::DebouncedEvent],
) -> Option<(Change, Instant)> {
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
