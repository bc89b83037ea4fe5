//! Rebuilding a served site on every save without starting over. A `Session` keeps
//! the config, the compiled templates and every article's metadata from the last
//! good build; when one article changes it re-reads only that file, puts it in
//! place, and re-renders its page and the pages that list articles, writing only
//! files whose bytes changed. Anything else (templates, site.toml, shared sources,
//! an article added, removed, moved, (un)drafted, held back or withdrawn, a new day)
//! rebuilds everything.
//! A failed rebuild changes nothing: neither the pages on disk nor the kept state.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use walkdir::WalkDir;

use crate::article::Article;
use crate::content::{self, ContentFile};
use crate::diagnostic::{self, Diagnostic};
use crate::ledger::Ledger;
use crate::output::Output;
use crate::pipeline::{self, Loaded, Options, Renderer};
use crate::schedule::{Schedule, State};
use crate::site;
use crate::statics::Statics;
use crate::templates::Templates;

pub struct Session {
    opts: Options,
    /// The folder the site is written to (owned by the caller).
    dir: PathBuf,
    state: Option<Loaded>,
}

/// What one rebuild did.
#[derive(Debug)]
pub struct Outcome {
    /// Whether everything was rebuilt, or only what the changed articles touch (what
    /// the tests below check; serve says what changed in its own words).
    #[cfg_attr(not(test), allow(dead_code))]
    pub full: bool,
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
}

impl Session {
    /// `opts.overrides.output_dir` is replaced by `dir`, which is byline's alone.
    pub fn new(mut opts: Options, dir: &Path) -> Session {
        opts.overrides.output_dir = Some(dir.to_path_buf());
        opts.write = true;
        // Pages rewritten one by one (`Output::live`) are not in the manifest.
        opts.ownership = crate::output::Ownership::Private;
        Session {
            opts,
            dir: dir.to_path_buf(),
            state: None,
        }
    }

    #[cfg(test)]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The base path (`/`, `/proj/`) of the site as last built well, which is what is
    /// on disk; `None` until a build succeeds.
    pub fn base_path(&self) -> Option<&str> {
        let state = self.state.as_ref()?;
        Some(state.site.config.base_path.as_str())
    }

    /// Builds everything (the previous output stays if it fails).
    pub fn full(&mut self) -> Result<Outcome, Vec<Diagnostic>> {
        let (report, loaded) = pipeline::build_keeping(&self.opts)?;
        self.state = Some(loaded);
        Ok(Outcome {
            full: true,
            pages: report.pages,
            warnings: report.warnings,
            elapsed: report.elapsed,
        })
    }

    /// Rebuilds after the articles at `rel_paths` (inside `content/`) changed.
    pub fn articles(&mut self, rel_paths: &[String]) -> Result<Outcome, Vec<Diagnostic>> {
        let started = Instant::now();
        let Some(state) = &mut self.state else {
            return self.full();
        };
        // One article's versions are on every language's lists and pages.
        if !state.site.translations.is_empty() {
            return self.full();
        }
        // A new day may publish or withdraw articles the last build placed.
        let schedule = Schedule::new(self.opts.future).map_err(|d| vec![d])?;
        if schedule != state.site.schedule {
            return self.full();
        }
        let Some((fresh, mut warnings)) = reread(&state.site, rel_paths)? else {
            return self.full();
        };
        // Unchanged front matter: no list page can change, only feeds (they carry bodies).
        let body_only = fresh.iter().all(|a| {
            state
                .site
                .articles
                .iter()
                .any(|old| old.rel_path == a.rel_path && old == a)
        });
        let mut old = Vec::new();
        for a in fresh {
            old.extend(state.site.replace(a));
        }
        let result = render(
            &state.site,
            &state.templates,
            &self.dir,
            rel_paths,
            body_only,
            &mut state.search,
        );
        match result {
            Ok((pages, lint)) => {
                warnings.extend(lint);
                diagnostic::sort(&mut warnings);
                Ok(Outcome {
                    full: false,
                    pages,
                    warnings,
                    elapsed: started.elapsed(),
                })
            }
            Err(mut errors) => {
                for a in old {
                    state.site.replace(a);
                }
                errors.extend(warnings);
                diagnostic::sort(&mut errors);
                Err(errors)
            }
        }
    }
}

/// Articles read again, with their warnings.
type Reread = (Vec<Article>, Vec<Diagnostic>);

/// The articles at `rel_paths` read again, with their warnings; `None` when only a
/// full build can take the change: an article the last build did not find (or not a
/// plain file) or did not list (withdrawn or held back), one that moved, was
/// (un)drafted or is now dated after today or expired, or shared sources with a problem
/// (a link, a mistake), which a full build reports.
fn reread(site: &site::Site, rel_paths: &[String]) -> Result<Option<Reread>, Vec<Diagnostic>> {
    let config = &site.config;
    let mut problems = Vec::new();
    let shared = site::load_shared(config, &mut problems);
    if !problems.is_empty() {
        return Ok(None);
    }
    let Ok(archives) = crate::archives::Archives::load(config) else {
        return Ok(None);
    };
    let mut fresh = Vec::new();
    let mut warnings = Vec::new();
    for rel in rel_paths {
        let file = ContentFile {
            rel_path: rel.clone(),
            fs_path: config.root.join(content::DIR).join(rel),
        };
        // Only articles the last build found (so never through a link) are re-read.
        let Some(old) = site.articles.iter().find(|a| a.rel_path == *rel) else {
            return Ok(None);
        };
        if !std::fs::symlink_metadata(&file.fs_path).is_ok_and(|m| m.is_file()) {
            return Ok(None);
        }
        let (mut article, w) =
            site::load_article(&file, &file.site_path(), config, &shared, &archives).map_err(
                |mut e| {
                    diagnostic::sort(&mut e);
                    e
                },
            )?;
        let errors =
            crate::assets::share_images(std::slice::from_mut(&mut article), &site.assets, config);
        if !errors.is_empty() {
            return Err(errors);
        }
        let listed = site.schedule.state(&article) == State::Listed;
        if old.path != article.path || old.draft != article.draft || !listed {
            return Ok(None);
        }
        warnings.extend(w);
        fresh.push(article);
    }
    Ok(Some((fresh, warnings)))
}

/// Renders the changed articles, then (only if they all succeed) the list pages, or
/// with `body_only` just the feeds if they carry a changed article; then the search
/// index, made again in full from every article's kept text (`search`) with the
/// changed ones' new text. Returns the number of pages rendered and the articles'
/// warnings.
fn render(
    site: &site::Site,
    templates: &Templates,
    dir: &Path,
    changed: &[String],
    body_only: bool,
    search: &mut Option<Vec<String>>,
) -> Result<(usize, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut warnings = check(site, templates, changed)?;
    let out = Output::live(dir);
    let renderer = Renderer::new(site, templates, Some(&out));
    let in_feeds = crate::feeds::carried(site);
    let feeds_change = site
        .articles
        .iter()
        .enumerate()
        .any(|(i, a)| in_feeds.contains(&i) && changed.contains(&a.rel_path));
    let mut bodies = vec![None; site.articles.len()];
    let mut pages = 0;
    for (i, a) in site.articles.iter().enumerate() {
        let is_changed = changed.contains(&a.rel_path);
        let for_feeds = in_feeds.contains(&i) && (feeds_change || !body_only);
        if is_changed || for_feeds {
            let html = renderer.article(a)?;
            pages += usize::from(is_changed);
            if let Some(texts) = search.as_mut().filter(|_| is_changed) {
                texts[i] = crate::search::body_text(&html);
            }
            if in_feeds.contains(&i) {
                bodies[i] = Some(html);
            }
        }
    }
    let ledger = Ledger::new(site);
    if let Some(files) = renderer
        .search_index(search.as_deref())
        .map_err(|e| vec![e])?
    {
        renderer
            .search_files(&ledger, &files)
            .map_err(|e| vec![e])?;
        prune(dir, &[crate::search::FOLDER], &out.written(), &site.statics);
    }
    if body_only {
        if feeds_change {
            renderer.site_files(&ledger, &bodies).map_err(|e| vec![e])?;
        }
        warnings.extend(renderer.take_replaced());
        return Ok((pages, warnings));
    }
    let list_pages = renderer.all_lists(&ledger, &bodies).map_err(|e| vec![e])?;
    prune(
        dir,
        &crate::generated::folders(),
        &out.written(),
        &site.statics,
    );
    warnings.extend(renderer.take_replaced());
    Ok((pages + list_pages, warnings))
}

/// Renders the changed articles without writing, so that a broken save leaves every
/// page as it was; returns their warnings, or their errors with the warnings.
fn check(
    site: &site::Site,
    templates: &Templates,
    changed: &[String],
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let checker = Renderer::new(site, templates, None);
    let mut errors = Vec::new();
    for a in site
        .articles
        .iter()
        .filter(|a| changed.contains(&a.rel_path))
    {
        if let Err(e) = checker.article(a) {
            errors.extend(e);
        }
    }
    if !errors.is_empty() {
        errors.extend(checker.take_warnings());
        return Err(errors);
    }
    Ok(checker.take_warnings())
}

/// Removes the list pages a rebuild no longer made (the page of a tag nobody uses,
/// the `page/2/` of a list that shrank) and the search index's old files: files in
/// `areas`, byline's own folders (see `generated::folders`), that it did not write
/// this time and that no static file provides.
fn prune(dir: &Path, areas: &[impl AsRef<str>], written: &BTreeSet<String>, statics: &Statics) {
    for area in areas {
        let area = area.as_ref();
        let entries = WalkDir::new(dir.join(area)).contents_first(true);
        for entry in entries.into_iter().flatten() {
            let Ok(rel) = entry.path().strip_prefix(dir) else {
                continue;
            };
            if entry.file_type().is_dir() {
                // Fails, as it should, unless the folder is now empty.
                let _ = std::fs::remove_dir(entry.path());
                continue;
            }
            let rel = content::slash_path(rel);
            if !written.contains(&rel) && statics.get(&rel).is_none() {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(title: &str, tag: &str) -> String {
        format!(
            "---\ntitle: \"{title}\"\ndate: 2016-12-08\ntags: [{tag}]\n---\n\nBody of {title}.\n"
        )
    }

    /// A site of `files` (paths inside the site) and a session serving it from a
    /// folder of its own; keep the folders alive as long as the session.
    fn served(files: &[(String, String)]) -> (tempfile::TempDir, tempfile::TempDir, Session) {
        let site = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        let root = site.path();
        let config = "title = \"T\"\nbase_url = \"https://e.org/\"\nsearch = true\n".to_string();
        for (path, text) in std::iter::once(&("site.toml".to_string(), config)).chain(files) {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let opts = Options {
            root: root.to_path_buf(),
            ..Options::default()
        };
        let session = Session::new(opts, &out.path().join("site"));
        (site, out, session)
    }

    /// The search index's fragments (one a record, named by a hash of its content).
    fn fragments(dir: &Path) -> BTreeSet<String> {
        let folder = dir.join("pagefind/fragment");
        let files = std::fs::read_dir(folder).unwrap();
        files
            .map(|f| f.unwrap().file_name().into_string().unwrap())
            .collect()
    }

    #[test]
    fn an_edit_of_a_body_remakes_the_search_index_without_its_old_files() {
        let (site, _out, mut session) = served(&[
            ("content/a.md".into(), article("First", "one")),
            ("content/b.md".into(), article("Second", "two")),
        ]);
        let (root, dir) = (site.path(), session.dir().to_path_buf());
        session.full().unwrap();
        let before = fragments(&dir);
        assert_eq!(before.len(), 2);

        let edited = article("First", "one").replace("Body of", "A new body for");
        std::fs::write(root.join("content/a.md"), edited).unwrap();
        assert!(!session.articles(&["a.md".to_string()]).unwrap().full);
        let after = fragments(&dir);
        assert_eq!(after.len(), 2, "the old fragment is removed: {after:?}");
        assert_eq!(before.intersection(&after).count(), 1, "only a's changed");
    }

    #[test]
    fn an_edit_rewrites_the_article_and_its_lists_only() {
        let (site, _out, mut session) = served(&[
            ("content/a.md".into(), article("First", "one")),
            ("content/b.md".into(), article("Second", "two")),
        ]);
        let (root, dir) = (site.path(), session.dir().to_path_buf());
        assert!(session.full().unwrap().full);
        let b_before = std::fs::metadata(dir.join("b/index.html"))
            .unwrap()
            .modified()
            .unwrap();

        std::fs::write(root.join("content/a.md"), article("Edited", "three")).unwrap();
        let outcome = session.articles(&["a.md".to_string()]).unwrap();
        assert!(!outcome.full);
        let page = std::fs::read_to_string(dir.join("a/index.html")).unwrap();
        assert!(page.contains("Edited"));
        let home = std::fs::read_to_string(dir.join("index.html")).unwrap();
        assert!(home.contains("Edited") && !home.contains("First"));
        assert!(dir.join("tags/three/index.html").is_file());
        assert!(
            !dir.join("tags/one").exists(),
            "the unused tag's page is removed"
        );
        let b_after = std::fs::metadata(dir.join("b/index.html"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(b_before, b_after, "an unrelated page was rewritten");

        // A broken save changes nothing, and the next good one goes through.
        std::fs::write(root.join("content/a.md"), "---\ntitle: [\n---\n").unwrap();
        let errors = session.articles(&["a.md".to_string()]).unwrap_err();
        assert!(
            errors.iter().any(|e| e.code == "invalid-yaml"),
            "{errors:?}"
        );
        assert!(std::fs::read_to_string(dir.join("a/index.html"))
            .unwrap()
            .contains("Edited"));
        std::fs::write(root.join("content/a.md"), article("Again", "three")).unwrap();
        session.articles(&["a.md".to_string()]).unwrap();
        assert!(std::fs::read_to_string(dir.join("a/index.html"))
            .unwrap()
            .contains("Again"));

        // A body-only edit touches no list page.
        let home_before = std::fs::metadata(dir.join("index.html"))
            .unwrap()
            .modified()
            .unwrap();
        let tags_before = std::fs::read_to_string(dir.join("tags/index.html")).unwrap();
        std::fs::write(
            root.join("content/a.md"),
            article("Again", "three").replace("Body of", "New body of"),
        )
        .unwrap();
        let outcome = session.articles(&["a.md".to_string()]).unwrap();
        assert_eq!(outcome.pages, 1);
        assert!(std::fs::read_to_string(dir.join("a/index.html"))
            .unwrap()
            .contains("New body of Again"));
        let home_after = std::fs::metadata(dir.join("index.html"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(home_before, home_after);
        assert_eq!(
            tags_before,
            std::fs::read_to_string(dir.join("tags/index.html")).unwrap()
        );

        // A new article is not in the kept state: everything is rebuilt.
        std::fs::write(root.join("content/c.md"), article("Third", "one")).unwrap();
        assert!(session.articles(&["c.md".to_string()]).unwrap().full);
        assert!(dir.join("c/index.html").is_file());
    }

    #[test]
    fn an_edit_that_schedules_or_withdraws_an_article_rebuilds_everything() {
        let (site, _out, mut session) = served(&[
            ("content/a.md".into(), article("First", "one")),
            ("content/b.md".into(), article("Second", "two")),
        ]);
        let (root, dir) = (site.path(), session.dir().to_path_buf());
        session.full().unwrap();
        let home = || std::fs::read_to_string(dir.join("index.html")).unwrap();

        let later = article("First", "one").replace("2016-12-08", "2999-01-01");
        std::fs::write(root.join("content/a.md"), later).unwrap();
        assert!(session.articles(&["a.md".to_string()]).unwrap().full);
        assert!(!dir.join("a/index.html").exists() && !home().contains("First"));

        let expired = article("First", "one").replace("date:", "expires: 2016-12-09\ndate:");
        std::fs::write(root.join("content/a.md"), &expired).unwrap();
        assert!(session.articles(&["a.md".to_string()]).unwrap().full);
        assert!(dir.join("a/index.html").is_file() && !home().contains("First"));
        assert!(!dir.join("tags/one").exists());

        // Withdrawn articles are not kept for quick rebuilds: an edit rebuilds all.
        std::fs::write(root.join("content/a.md"), expired.replace("Body", "New")).unwrap();
        assert!(session.articles(&["a.md".to_string()]).unwrap().full);
        let page = std::fs::read_to_string(dir.join("a/index.html")).unwrap();
        assert!(page.contains("New of First"));
    }

    // A tag that shrank from two pages to one kept serving its stale `page/2/`.
    #[test]
    fn list_pages_that_are_no_longer_made_are_removed() {
        let mut files: Vec<(String, String)> = (0..=crate::paginate::PER_PAGE)
            .map(|n| (format!("content/a{n}.md"), article(&format!("A{n}"), "big")))
            .collect();
        files.push(("static/tags/note.txt".into(), "mine".into()));
        let (site, _out, mut session) = served(&files);
        let (root, dir) = (site.path(), session.dir().to_path_buf());
        session.full().unwrap();
        assert!(dir.join("tags/big/page/2/index.html").is_file());
        assert!(dir.join("page/2/index.html").is_file());

        std::fs::write(root.join("content/a0.md"), article("A0", "small")).unwrap();
        assert!(!session.articles(&["a0.md".to_string()]).unwrap().full);
        assert!(dir.join("tags/small/index.html").is_file());
        assert!(dir.join("tags/big/index.html").is_file());
        assert!(!dir.join("tags/big/page/2").exists());
        assert!(
            dir.join("page/2/index.html").is_file(),
            "the home still has two"
        );
        assert!(dir.join("tags/note.txt").is_file(), "a static file stays");
    }
}
