//! Tera templates: the theme's, then the site's own `templates/` on top (same file
//! name replaces). Compiled once per build and shared by every render thread.

use std::path::{Path, PathBuf};

use tera::Tera;
use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostic::Diagnostic;

/// Templates byline renders; a theme must provide each.
pub const REQUIRED: &[&str] = &[
    "index.html",
    "article.html",
    "tags.html",
    "tag.html",
    "claims.html",
    "claims_status.html",
    "sources.html",
    "publisher.html",
    "claim_entry.html",
    "source_entry.html",
    "404.html",
];

pub fn theme_dir(config: &Config) -> PathBuf {
    crate::theme::dir(config)
}

pub fn load(config: &Config) -> Result<Tera, Vec<Diagnostic>> {
    let theme = theme_dir(config);
    if crate::theme::embedded(config) {
        return load_embedded(config);
    }
    if !theme.is_dir() {
        return Err(vec![Diagnostic::error(
            "theme",
            format!(
                "the theme `{}` was not found at themes/{}/",
                config.theme, config.theme
            ),
        )
        .in_file(crate::config::FILE_NAME)
        .help(
            "set `theme` in site.toml to a folder under themes/, or remove it to use `default`",
        )]);
    }
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    for dir in [theme.join("templates"), config.root.join("templates")] {
        files.extend(template_files(&dir));
    }
    let mut tera = Tera::default();
    // All at once: templates may extend or import each other in any order.
    let named: Vec<(&Path, Option<&str>)> = files
        .iter()
        .map(|(p, n)| (p.as_path(), Some(n.as_str())))
        .collect();
    if let Err(e) = tera.add_template_files(named) {
        let file = files.iter().find(|(_, n)| {
            describe(&e).contains(&format!("'{n}'")) || describe(&e).contains(&format!("`{n}`"))
        });
        let file = file.map_or_else(|| "templates".to_string(), |(p, _)| display(config, p));
        return Err(vec![template_error(&e, &file)]);
    }
    finish(config, tera)
}

fn finish(config: &Config, mut tera: Tera) -> Result<Tera, Vec<Diagnostic>> {
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|t| !tera.get_template_names().any(|n| n == *t))
        .collect();
    if !missing.is_empty() {
        return Err(vec![Diagnostic::error(
            "theme",
            format!("the theme `{}` has no {}", config.theme, missing.join(", ")),
        )
        .help(
            "add the templates to the theme's templates/ folder or to the site's templates/ \
             folder; the built-in theme has one of each to start from \
             (`byline theme eject --root <an empty folder>` copies them out)",
        )]);
    }
    tera.autoescape_on(vec![".html", ".htm", ".xml"]);
    // Tera's default also escapes `/`, which turns every URL into `&#x2F;` soup.
    tera.set_escape_fn(escape_html);
    Ok(tera)
}

/// The default theme from the binary, with the site's own `templates/` on top.
fn load_embedded(config: &Config) -> Result<Tera, Vec<Diagnostic>> {
    let mut sources: Vec<(String, String, String)> = crate::theme::files("templates")
        .into_iter()
        .map(|(name, bytes)| {
            let text = String::from_utf8_lossy(bytes).into_owned();
            (format!("(built-in theme) templates/{name}"), name, text)
        })
        .collect();
    for (path, name) in template_files(&config.root.join("templates")) {
        let text = std::fs::read_to_string(&path).map_err(|e| {
            vec![
                Diagnostic::error("io", format!("cannot read the template: {e}"))
                    .in_file(display(config, &path)),
            ]
        })?;
        sources.retain(|(_, n, _)| *n != name);
        sources.push((display(config, &path), name, text));
    }
    let mut tera = Tera::default();
    let raw: Vec<(&str, &str)> = sources
        .iter()
        .map(|(_, n, t)| (n.as_str(), t.as_str()))
        .collect();
    if let Err(e) = tera.add_raw_templates(raw) {
        let file = sources.iter().find(|(_, n, _)| {
            describe(&e).contains(&format!("'{n}'")) || describe(&e).contains(&format!("`{n}`"))
        });
        let file = file.map_or_else(|| "templates".to_string(), |(d, _, _)| d.clone());
        return Err(vec![template_error(&e, &file)]);
    }
    finish(config, tera)
}

fn escape_html(s: &str) -> String {
    crate::html::escape(s)
}

fn template_files(dir: &Path) -> Vec<(PathBuf, String)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            let name = crate::content::slash_path(rel);
            (!name.starts_with('.')).then(|| (e.path().to_path_buf(), name))
        })
        .collect()
}

fn display(config: &Config, path: &Path) -> String {
    path.strip_prefix(&config.root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Tera's error and all its causes, on one line each.
pub fn describe(e: &tera::Error) -> String {
    let mut out = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        out.push_str("\n  ");
        out.push_str(&c.to_string());
        cause = c.source();
    }
    out
}

pub fn template_error(e: &tera::Error, file: &str) -> Diagnostic {
    Diagnostic::error("template", describe(e))
        .in_file(file)
        .help("fix the template; docs/templates.md lists every variable a template receives")
}
