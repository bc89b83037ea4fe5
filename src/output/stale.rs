//! Folders a build leaves beside the output folder `NAME` while it runs:
//! `.NAME.byline-PID-XXXXXX` (what it writes) and `.NAME.old-PID-XXXXXX` (the previous
//! output, on its way out). One left by a build that was killed (`kill -9`, a power
//! cut) is removed by the next build into `NAME`, unless process PID still runs (a
//! build under way) or the folder holds files byline did not write (a build stopped
//! while it carried them over), which it leaves and warns about.

use std::fs;
use std::path::Path;

use super::manifest::Manifest;
use crate::diagnostic::Diagnostic;

pub fn staging_prefix(name: &str) -> String {
    format!(".{name}.byline-{}-", std::process::id())
}

pub fn old_prefix(name: &str) -> String {
    format!(".{name}.old-{}-", std::process::id())
}

/// Removes the folders beside `NAME` that builds which no longer run left; returns
/// a warning for each one kept.
pub fn clean(parent: &Path, name: &str) -> Vec<Diagnostic> {
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut notes = Vec::new();
    let kinds = [format!(".{name}.byline-"), format!(".{name}.old-")];
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name
            .to_str()
            .and_then(|n| kinds.iter().find_map(|k| n.strip_prefix(k.as_str())))
        else {
            continue;
        };
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if !is_dir || !left_behind(rest) {
            continue;
        }
        let dir = entry.path();
        let kept = |what: String| {
            Diagnostic::warning(
                "output-dir",
                format!(
                    "{} was left by a build that stopped, and holds files byline did not write ({what}): byline leaves it",
                    dir.display()
                ),
            )
            .help(format!(
                "move what you want to keep into {}, then delete the folder",
                parent.join(name).display()
            ))
        };
        match Manifest::read(&dir).map(|m| m.foreign(&dir)) {
            Some(Ok(foreign)) if !foreign.is_empty() => {
                notes.push(kept(super::listing(&dir, &foreign)))
            }
            Some(Err(e)) => notes.push(kept(e.to_string())),
            _ => {
                if let Err(e) = fs::remove_dir_all(&dir) {
                    notes.push(Diagnostic::warning(
                        "output-dir",
                        format!(
                            "cannot remove {}, left by a build that stopped: {e}",
                            dir.display()
                        ),
                    ));
                }
            }
        }
    }
    notes.sort_by(|a, b| a.message.cmp(&b.message));
    notes
}

/// Whether the folder named `…-REST` was left by a build that no longer runs: REST is
/// `PID-XXXXXX`, or `XXXXXX` from a byline that did not name its pid.
fn left_behind(rest: &str) -> bool {
    let random = |s: &str| s.len() == 6 && s.bytes().all(|b| b.is_ascii_alphanumeric());
    match rest.split_once('-') {
        Some((pid, tail)) if random(tail) && !pid.is_empty() => {
            pid.bytes().all(|b| b.is_ascii_digit()) && pid.parse().is_ok_and(|p| !running(p))
        }
        Some(_) => false,
        None => random(rest),
    }
}

#[cfg(unix)]
fn running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid <= 0 {
        return false;
    }
    // Signal 0 only asks whether the process exists; EPERM: it does, as another user's.
    let exists = unsafe { libc::kill(pid, 0) } == 0;
    exists || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn running(pid: u32) -> bool {
    pid == std::process::id()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_byline_gives_and_dead_pids_count_as_left_behind() {
        assert!(left_behind("999999999-AbC123"));
        assert!(left_behind("Qw3rTy"), "an older byline's name");
        assert!(!left_behind(&format!("{}-AbC123", std::process::id())));
        for not_ours in [
            "notes",
            "999999999-AbC12",
            "12a-AbC123",
            "-AbC123",
            "Qw3rT!",
            "",
        ] {
            assert!(!left_behind(not_ours), "{not_ours}");
        }
    }
}
