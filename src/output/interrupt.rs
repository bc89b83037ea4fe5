//! Stopping a build (Ctrl-C, SIGTERM, SIGHUP) without leaving a staging folder behind.
//! Every staging folder is registered here while it exists. Writing a file holds the
//! lock shared, and the swap holds it alone, so `interrupt` waits for the files being
//! written and for a swap under way, and then, as it never lets go of the lock, no
//! file is written and no folder swapped until the process has exited.

use std::path::{Path, PathBuf};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

static STAGING: RwLock<Vec<PathBuf>> = RwLock::new(Vec::new());

/// Held while a file is written into a staging folder.
pub fn writing() -> RwLockReadGuard<'static, Vec<PathBuf>> {
    STAGING.read().unwrap_or_else(|e| e.into_inner())
}

/// Held while staging folders come and go (made, swapped in, removed).
pub fn exclusive() -> Registry {
    Registry(STAGING.write().unwrap_or_else(|e| e.into_inner()))
}

pub struct Registry(RwLockWriteGuard<'static, Vec<PathBuf>>);

impl Registry {
    pub fn add(&mut self, dir: &Path) {
        self.0.push(dir.to_path_buf());
    }

    pub fn remove(&mut self, dir: &Path) {
        self.0.retain(|d| d != dir);
    }
}

/// Removes every staging folder and keeps the lock until the process exits, which
/// the caller does next. Returns how many folders were removed.
pub fn interrupt() -> usize {
    let registry = exclusive();
    let removed = registry
        .0
        .iter()
        .filter(|dir| std::fs::remove_dir_all(dir).is_ok())
        .count();
    std::mem::forget(registry);
    removed
}
