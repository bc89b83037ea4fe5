//! Tera templates: the theme's, then the site's own `templates/` on top (same file
//! name replaces). Compiled once per build and shared by every render thread. The
//! only module that knows Tera besides `context`, which makes what templates receive.

use std::path::Path;

use tera::{ErrorKind, Kwargs, State, Tera, TeraResult, Value};

use crate::config::Config;
use crate::context::{self, Vars};
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::generated;
use crate::site_fs;
use crate::theme::Location;

/// A template as byline hands it to Tera: its name there (`article.html`), where it
/// came from as messages show it, and its text.
#[derive(Clone)]
struct Source {
    name: String,
    display: String,
    text: String,
}

/// A site's compiled templates, with what every template receives
/// (`context::everywhere`) and their texts, for errors to point into.
pub struct Templates {
    tera: Tera,
    sources: Vec<Source>,
}

impl Templates {
    /// Renders `template` with `vars` (and what every template has) into `out`; an
    /// error is placed at its spot in the template.
    pub fn render_to(
        &self,
        template: &str,
        vars: &Vars,
        out: &mut Vec<u8>,
    ) -> Result<(), Diagnostic> {
        self.tera
            .render_to(template, vars.tera(), out)
            .map_err(|e| error(&e, &self.sources))
    }
}

impl Templates {
    /// The same templates, given what every template has in `config`'s language (a
    /// translation's `site.base_path`, `site.language`, …).
    pub fn in_language(&self, config: &Config) -> Templates {
        let mut tera = self.tera.clone();
        *tera.global_context() = tera::Context::new();
        tera.global_context()
            .extend(context::everywhere(config).into_tera());
        Templates {
            tera,
            sources: self.sources.iter().map(Source::clone).collect(),
        }
    }
}

/// The compiled templates, with warnings (links skipped, see `site_fs`).
pub fn load(config: &Config) -> Result<(Templates, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (sources, warnings) = sources(config)?;
    let mut tera = Tera::default();
    // Before the templates, which Tera checks for unknown functions as they are added.
    let languages = std::iter::once(config).chain(&config.localized);
    let catalog = crate::i18n::Catalog::new(languages.map(|c| c.words.clone()));
    tera.register_function("tr", move |kwargs: Kwargs, state: &State| {
        translate(&catalog, &kwargs, state)
    });
    // All at once: templates may extend or include each other in any order.
    tera.add_raw_templates(sources.iter().map(|s| (s.name.as_str(), s.text.as_str())))
        .map_err(|e| vec![error(&e, &sources)])?;
    let missing: Vec<&str> = generated::templates()
        .into_iter()
        .filter(|t| config.search || *t != "search.html")
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
    tera.global_context()
        .extend(context::everywhere(config).into_tera());
    Ok((Templates { tera, sources }, warnings))
}

/// `tr(key="claim_count", n=3, site=site.title)`: the words of `key` in the page's
/// language (`site.language`), the form for the count `n`, each other argument put in
/// for its `{name}`. The words and plain arguments are escaped, arguments marked safe
/// (a link made in the template) are not, and the result is safe.
fn translate(catalog: &crate::i18n::Catalog, kwargs: &Kwargs, state: &State) -> TeraResult<Value> {
    let site: Option<Value> = state.get("site")?;
    let language = site.as_ref().and_then(|s| s.as_map()).and_then(|m| {
        m.get(&tera::value::Key::Str("language"))
            .and_then(Value::as_str)
    });
    let words = language
        .and_then(|l| catalog.get(l))
        .ok_or_else(|| tera::Error::message("no translations for the page's `site.language`"))?;
    let key: &str = kwargs.must_get("key")?;
    if !words.has(key) {
        return Err(tera::Error::message(format!(
            "`tr`: no translation has the key `{key}` (add it to the theme's i18n/en.toml)"
        )));
    }
    let mut owned: Vec<(String, String)> = Vec::new();
    for (name, value) in kwargs.iter() {
        let name = name.to_string();
        if name == "key" || name == "n" {
            continue;
        }
        let text = value.to_string();
        owned.push((name, if value.is_safe() { text } else { escape(&text) }));
    }
    let mut args: Vec<(&str, &str)> = owned
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let n = kwargs.get::<i64>("n")?;
    let count = n.map(|n| n.to_string());
    let text = match (n, &count) {
        (Some(n), Some(count)) => {
            args.push(("n", count));
            words.form(key, n.max(0).unsigned_abs())
        }
        _ => words.text(key),
    };
    // The words are the theme's, written as a template's text is: only what would
    // make markup is escaped.
    let text = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    Ok(Value::safe_string(&crate::i18n::fill(&text, &args)))
}

fn escape(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    tera::escape_html(text, &mut out).expect("writing to memory cannot fail");
    String::from_utf8(out).expect("escaping keeps UTF-8")
}

/// The theme's templates (from the binary for the built-in theme), with the site's own
/// `templates/` on top; and the warnings about links skipped on the way.
fn sources(config: &Config) -> Result<(Vec<Source>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut sources: Vec<Source> = Vec::new();
    let (theme, problem) = crate::theme::locate(config);
    let mut problems: Vec<Diagnostic> = problem.into_iter().collect();
    match theme {
        Location::Embedded => {
            for (name, bytes) in crate::theme::files("templates") {
                sources.push(Source {
                    display: format!("(built-in theme) templates/{name}"),
                    name,
                    text: String::from_utf8_lossy(bytes).into_owned(),
                });
            }
        }
        Location::Missing => {
            problems.push(Diagnostic::error(
                "theme",
                format!(
                    "the theme `{}` was not found at themes/{}/",
                    config.theme, config.theme
                ),
            )
            .in_file(crate::config::FILE_NAME)
            .help(
                "set `theme` in site.toml to a folder under themes/, or remove it to use `default`",
            ));
            return Err(problems);
        }
        Location::Dir => {
            let dir = format!("themes/{}/templates", config.theme);
            add_templates(config, &dir, &mut sources, &mut problems)?;
        }
    }
    add_templates(config, "templates", &mut sources, &mut problems)?;
    if problems.iter().any(Diagnostic::is_error) {
        return Err(problems);
    }
    Ok((sources, problems))
}

/// Adds the templates of the site's folder `dir` to `sources`, each replacing one of
/// the same name.
fn add_templates(
    config: &Config,
    dir: &str,
    sources: &mut Vec<Source>,
    problems: &mut Vec<Diagnostic>,
) -> Result<(), Vec<Diagnostic>> {
    let (files, found_problems) = site_fs::walk(&config.root, dir, true, &|_| true);
    problems.extend(found_problems);
    for file in files {
        let text = std::fs::read_to_string(&file.path).map_err(|e| {
            vec![
                Diagnostic::error("io", format!("cannot read the template: {e}"))
                    .in_file(display(config, &file.path)),
            ]
        })?;
        sources.retain(|s| s.name != file.rel);
        sources.push(Source {
            display: display(config, &file.path),
            name: file.rel,
            text,
        });
    }
    Ok(())
}

fn display(config: &Config, path: &Path) -> String {
    path.strip_prefix(&config.root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// A template error, placed at the spot in the template Tera points at when it does.
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
