//! Tera templates: the theme's, then the site's own `templates/` on top (same file
//! name replaces). Compiled once per build and shared by every render thread.

use std::path::{Path, PathBuf};

use tera::{ErrorKind, Tera};
use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, SourceFile};

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

/// A template as byline hands it to Tera: its name there (`article.html`), where it
/// came from as messages show it, and its text.
struct Source {
    name: String,
    display: String,
    text: String,
}

pub fn load(config: &Config) -> Result<Tera, Vec<Diagnostic>> {
    let sources = sources(config)?;
    let mut tera = Tera::default();
    // All at once: templates may extend or include each other in any order.
    tera.add_raw_templates(sources.iter().map(|s| (s.name.as_str(), s.text.as_str())))
        .map_err(|e| vec![error(&e, &sources)])?;
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
    tera.autoescape_on([".html", ".htm", ".xml"]);
    Ok(tera)
}

/// The theme's templates (from the binary for the built-in theme), with the site's own
/// `templates/` on top.
fn sources(config: &Config) -> Result<Vec<Source>, Vec<Diagnostic>> {
    let mut sources: Vec<Source> = Vec::new();
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|e| {
            vec![
                Diagnostic::error("io", format!("cannot read the template: {e}"))
                    .in_file(display(config, path)),
            ]
        })
    };
    if crate::theme::embedded(config) {
        for (name, bytes) in crate::theme::files("templates") {
            sources.push(Source {
                display: format!("(built-in theme) templates/{name}"),
                name,
                text: String::from_utf8_lossy(bytes).into_owned(),
            });
        }
    } else {
        let theme = theme_dir(config);
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
        for (path, name) in template_files(&theme.join("templates")) {
            let text = read(&path)?;
            sources.push(Source {
                display: display(config, &path),
                name,
                text,
            });
        }
    }
    for (path, name) in template_files(&config.root.join("templates")) {
        let text = read(&path)?;
        sources.retain(|s| s.name != name);
        sources.push(Source {
            display: display(config, &path),
            name,
            text,
        });
    }
    Ok(sources)
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

/// The templates' texts, read again for rendering errors to point into: once a build,
/// however many pages hit the error.
pub struct Sources(Vec<Source>);

impl Sources {
    pub fn read(config: &Config) -> Sources {
        Sources(sources(config).unwrap_or_default())
    }

    /// A template error, placed at the spot in the template Tera points at when it does.
    pub fn error(&self, e: &tera::Error) -> Diagnostic {
        error(e, &self.0)
    }
}

fn error(e: &tera::Error, sources: &[Source]) -> Diagnostic {
    let help = "fix the template; docs/templates.md lists every variable a template receives";
    let source = |name: &str| sources.iter().find(|s| s.name == name);
    let (message, file) = match e.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            if let Some(s) = source(report.filename()) {
                let file = SourceFile::new(s.display.clone(), s.text.as_str());
                return Diagnostic::error("template", report.message())
                    .at(&file, report.span().range.clone())
                    .help(help);
            }
            (report.message().to_string(), None)
        }
        ErrorKind::MissingParent { current, .. } => (e.to_string(), source(current)),
        ErrorKind::CircularExtend { tpl, .. } | ErrorKind::CircularInclude { tpl, .. } => {
            (e.to_string(), source(tpl))
        }
        _ => (e.to_string(), None),
    };
    let file = file.map_or("templates", |s| s.display.as_str());
    Diagnostic::error("template", message)
        .in_file(file)
        .help(help)
}
