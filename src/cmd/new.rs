//! `byline new "Title" [--section x]`: a new article with its front matter filled in
//! and every optional field shown as a comment, so writers need not look anything up.

use std::io::Write;
use std::path::{Component, Path};

use crate::cli::{Cli, NewArgs};
use crate::diagnostic::Diagnostic;
use crate::names::slugify;
use crate::report::Reporter;

pub fn run(cli: &Cli, args: &NewArgs) -> i32 {
    // The day a build takes as today, so the new article is published at once.
    let today = match crate::schedule::Schedule::new(false) {
        Ok(s) => s.today.format("%Y-%m-%d").to_string(),
        Err(d) => {
            Reporter::new(cli.message_format).stopped(d, "no article was created");
            return 1;
        }
    };
    let created = match &args.lang {
        Some(lang) => translate(&args.root, &args.title, lang),
        None => create(&args.root, &args.title, args.section.as_deref(), &today),
    };
    match created {
        Ok(rel) => {
            eprintln!("Created {rel}");
            0
        }
        Err(d) => {
            Reporter::new(cli.message_format).stopped(d, "no article was created");
            1
        }
    }
}

/// Writes the article and returns its path relative to the site (`content/a/b.md`).
pub fn create(
    root: &Path,
    title: &str,
    section: Option<&str>,
    today: &str,
) -> Result<String, Diagnostic> {
    if !root.join(crate::config::FILE_NAME).is_file() {
        return Err(Diagnostic::error(
            "no-site",
            format!(
                "there is no {} in {}",
                crate::config::FILE_NAME,
                root.display()
            ),
        )
        .help("run this in the site's folder, pass --root, or create a site with `byline init`"));
    }
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(Diagnostic::error(
            "invalid-title",
            "the title has no letters or digits to name the file after",
        )
        .help("give the article a title such as \"Did the offensive stop?\""));
    }
    let mut rel = String::from(crate::content::DIR);
    if let Some(section) = section
        .map(|s| s.trim_matches('/'))
        .filter(|s| !s.is_empty())
    {
        let ok = Path::new(section)
            .components()
            .all(|c| matches!(c, Component::Normal(n) if !n.to_string_lossy().starts_with('.')));
        if !ok || section.contains('\\') {
            return Err(Diagnostic::error(
                "invalid-section",
                format!("`{section}` is not a folder inside content/"),
            )
            .help("use a relative folder name such as `analysis` or `guides/basics`"));
        }
        rel = format!("{rel}/{section}");
    }
    let rel = format!("{rel}/{slug}.md");
    crate::site_fs::writable(root, &rel)?;
    let path = root.join(&rel);
    let io = |e: std::io::Error| Diagnostic::error("io", format!("cannot write {rel}: {e}"));
    std::fs::create_dir_all(path.parent().unwrap_or(root)).map_err(io)?;
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Diagnostic::error("exists", format!("{rel} already exists"))
                .help("pick another title, or edit the existing article"));
        }
        Err(e) => return Err(io(e)),
    };
    file.write_all(article(title, today).as_bytes())
        .map_err(io)?;
    Ok(rel)
}

/// Writes the translation into `lang` of the article at `original` (inside the site, or
/// inside `content/`) beside it, a copy of it for the translator to translate, and
/// returns its path relative to the site.
pub fn translate(root: &Path, original: &str, lang: &str) -> Result<String, Diagnostic> {
    let config =
        crate::config::Config::load(root, &Default::default()).map_err(|mut e| e.remove(0))?;
    let Some(lang) = config
        .translations
        .iter()
        .find(|l| l.tag().eq_ignore_ascii_case(lang))
    else {
        let declared: Vec<&str> = config.languages().map(|l| l.tag()).collect();
        return Err(Diagnostic::error(
            "unknown-language",
            format!(
                "`{lang}` is not one of the site's other languages ({})",
                declared.join(", ")
            ),
        )
        .help(format!("add \"{lang}\" to `languages` in site.toml")));
    };
    let inside = original.trim_start_matches("./");
    let inside = inside.strip_prefix("content/").unwrap_or(inside);
    let rel = format!("{}/{inside}", crate::content::DIR);
    let Some(stem) = inside
        .strip_suffix(".md")
        .filter(|_| !inside.contains('\\'))
    else {
        return Err(Diagnostic::error(
            "invalid-article",
            format!("`{original}` is not an article (a .md file in content/)"),
        )
        .help("name the article to translate, such as content/explainers/aleppo/index.md"));
    };
    crate::site_fs::writable(root, &rel)?;
    let text = std::fs::read_to_string(root.join(&rel)).map_err(|e| {
        Diagnostic::error("io", format!("cannot read {rel}: {e}"))
            .help("name an article of the site, such as content/explainers/aleppo/index.md")
    })?;
    let target = format!("{}/{stem}.{}.md", crate::content::DIR, lang.tag());
    crate::site_fs::writable(root, &target)?;
    write_new(root, &target, &translation(&text, &rel))?;
    Ok(target)
}

/// The text of a translation of `text` (the article at `rel`): the same, with a note
/// after the front matter's opening line on what to translate.
fn translation(text: &str, rel: &str) -> String {
    let note = format!(
        "# Translated from {rel}: translate the title, summary, tags, claims' texts and the \
         body; keep every id (a claim with the same id is the same claim) and the sources.\n"
    );
    match text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    {
        Some(rest) => format!("---\n{note}{rest}"),
        None => format!("{note}{text}"),
    }
}

/// Writes a new file at `rel`, never over one that exists.
fn write_new(root: &Path, rel: &str, text: &str) -> Result<(), Diagnostic> {
    let io = |e: std::io::Error| Diagnostic::error("io", format!("cannot write {rel}: {e}"));
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(root.join(rel))
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Diagnostic::error("exists", format!("{rel} already exists"))
                .help("edit the existing translation"));
        }
        Err(e) => return Err(io(e)),
    };
    file.write_all(text.as_bytes()).map_err(io)
}

/// The new article's text. A JSON string is a valid YAML double-quoted scalar, so
/// the title is quoted safely whatever it contains.
pub fn article(title: &str, today: &str) -> String {
    let title = serde_json::to_string(title).expect("a string always serialises");
    format!(
        r#"---
title: {title}
date: {today}
# updated: {today}          # when the article last changed
# summary: "One or two sentences for lists and previews."
# authors: ["Your name"]
tags: []
# draft: true               # drafts are built only with --drafts (byline serve --drafts)
# slug: custom-slug         # replaces the file name in the URL
# expires: 2030-01-01       # from this day on, in no list or feed (the page stays)
sources: []
#  - id: lavrov             # required, unique in the article: letters, digits, - and _
#    title: "Statement after the Hamburg meeting"   # required
#    publisher: "Russian Ministry of Foreign Affairs"
#    author: "Sergey Lavrov"
#    url: https://example.org/statement   # http(s), or a site path such as /docs/x
#    date: 2016-12-08        # when the source was published
#    accessed: 2016-12-09
#    note: "Reported by news agencies."
claims: []
#  - id: offensive-halted    # required, unique in the article
#    text: "The Syrian army has halted its offensive in Aleppo."   # required
#    status: disputed        # required: confirmed | disputed | unverified | false
#    as_of: 2016-12-08       # when the status was last assessed
#    asserted_by: [lavrov]   # source ids that make the claim
#    contested_by: [residents]  # source ids that dispute it
#    note: "The UN could not verify the halt."
#    short: "The army halted its Aleppo offensive."   # at most 75 characters, for search engines
# timeline:                 # dated events, oldest first, each backed by sources
#  - date: 2016-12-08
#    event: "Russia says the army has halted its offensive."
#    sources: [lavrov]
# corrections:              # changes to the text, shown at the top and in /corrections/
#  - date: 2016-12-09
#    kind: clarification     # correction | clarification | update
#    text: "An earlier version said the talks had ended."
# extra: {{}}                 # free-form data for custom templates
---

Write the article here. Cite a source with `[@lavrov]`, and mark a claim in the
prose with `[the army has halted](claim:offensive-halted)`.
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_quoted_and_files_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.toml"), "").unwrap();
        let rel = create(
            dir.path(),
            "Did the \"offensive\" stop?",
            Some("analysis"),
            "2016-12-08",
        )
        .unwrap();
        assert_eq!(rel, "content/analysis/did-the-offensive-stop.md");
        let text = std::fs::read_to_string(dir.path().join(&rel)).unwrap();
        assert!(
            text.contains("title: \"Did the \\\"offensive\\\" stop?\"\ndate: 2016-12-08\n"),
            "{text}"
        );
        let again = create(
            dir.path(),
            "Did the offensive stop",
            Some("analysis"),
            "2016-12-08",
        )
        .unwrap_err();
        assert_eq!(again.code, "exists");
    }

    #[test]
    fn sections_must_stay_inside_content() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.toml"), "").unwrap();
        for bad in ["../x", "a/../../b", ".hidden"] {
            let e = create(dir.path(), "T", Some(bad), "2016-12-08").unwrap_err();
            assert_eq!(e.code, "invalid-section", "{bad}");
        }
        assert_eq!(
            create(dir.path(), "!!!", None, "2016-12-08")
                .unwrap_err()
                .code,
            "invalid-title"
        );
    }
}
