//! `.byline-cache/links.json`: links found alive, and when, so that a nightly
//! `check --links` asks again only about those older than `--cache-hours`. Dead and
//! doubtful links are never cached: they are asked about on every run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::check::Hop;

pub const CACHE_FILE: &str = ".byline-cache/links.json";

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Alive {
    /// Seconds since 1970 when it answered.
    pub checked: u64,
    /// The redirects it took, if any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub redirects: Vec<Hop>,
}

#[derive(Serialize, Deserialize, Default)]
struct File {
    version: u32,
    links: BTreeMap<String, Alive>,
}

pub struct Cache {
    path: PathBuf,
    links: BTreeMap<String, Alive>,
    max_age: Duration,
}

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Cache {
    /// The cache of the site at `root`; an unreadable or foreign file counts as empty.
    pub fn open(root: &Path, max_age: Duration) -> Cache {
        let path = root.join(CACHE_FILE);
        let links = std::fs::read(&path)
            .ok()
            .and_then(|b| serde_json::from_slice::<File>(&b).ok())
            .filter(|f| f.version == 1)
            .map(|f| f.links)
            .unwrap_or_default();
        Cache {
            path,
            links,
            max_age,
        }
    }

    /// What the cache knows of `url`, if it is recent enough.
    pub fn fresh(&self, url: &str) -> Option<&Alive> {
        let alive = self.links.get(url)?;
        let age = now().saturating_sub(alive.checked);
        (Duration::from_secs(age) < self.max_age).then_some(alive)
    }

    pub fn record(&mut self, url: &str, alive: Alive) {
        self.links.insert(url.to_string(), alive);
    }

    pub fn forget(&mut self, url: &str) {
        self.links.remove(url);
    }

    /// Writes the cache (entries past their age dropped), through a temporary file.
    pub fn save(mut self) -> std::io::Result<()> {
        let max_age = self.max_age.as_secs();
        let now = now();
        self.links
            .retain(|_, a| now.saturating_sub(a.checked) < max_age);
        let dir = self.path.parent().expect("the cache file is in a folder");
        std::fs::create_dir_all(dir)?;
        let file = File {
            version: 1,
            links: self.links,
        };
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        serde_json::to_writer_pretty(&mut tmp, &file)?;
        tmp.persist(&self.path).map(|_| ()).map_err(|e| e.error)
    }
}
