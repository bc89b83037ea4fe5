//! One build, start to finish: config → templates → site → pages → output.
//! `build` and `check` run the same pipeline; `check` simply has nowhere to write.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::article::Article;
use crate::config::{Config, Overrides};
use crate::content::ContentFile;
use crate::context::{self, Vars};
use crate::diagnostic::{self, Diagnostic};
use crate::feeds;
use crate::front_matter;
use crate::generated::{Input, ARTICLE, ARTICLE_TEMPLATE};
use crate::ledger::Ledger;
use crate::markdown::{self, Env};
use crate::output::{self, Output, Ownership};
use crate::schedule::Schedule;
use crate::search;
use crate::site::{self, Site};
use crate::site_data::{self, Sink};
use crate::statics::Conflict;
use crate::templates::{self, Templates};

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    pub overrides: Overrides,
    pub drafts: bool,
    /// `--future`: publish articles dated after today too (see `schedule`).
    pub future: bool,
    /// `false` for `check`: everything is rendered, nothing is written.
    pub write: bool,
    /// Warnings fail the build (and so nothing is written).
    pub deny_warnings: bool,
    /// What the build may do with an output folder it did not make (`--force`).
    pub ownership: Ownership,
}

/// Where a build spent its time: the wall time of each stage, then the work of each
/// kind summed over the threads that did it (stages run on every core at once).
#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub load: Duration,
    pub render: Duration,
    pub lists: Duration,
    pub write: Duration,
    pub work: Work,
}

#[derive(Debug, Default, Clone)]
pub struct Work {
    /// Bodies: Markdown, citations and claims, highlighting.
    pub markdown: Duration,
    /// Tera, pages of every kind.
    pub templates: Duration,
    /// Writing files, including serialising the ones byline streams (claims.json).
    pub writing: Duration,
    /// The search index, made beside the list pages.
    pub search: Duration,
}

/// `Work` as the threads add to it.
#[derive(Default)]
struct WorkClock {
    markdown: AtomicU64,
    templates: AtomicU64,
    writing: AtomicU64,
    search: AtomicU64,
}

impl Work {
    /// Adds the work of `other` (another language's pages).
    fn add(&mut self, other: Work) {
        self.markdown += other.markdown;
        self.templates += other.templates;
        self.writing += other.writing;
        self.search += other.search;
    }
}

impl WorkClock {
    fn time<T>(counter: &AtomicU64, f: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let result = f();
        let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
        counter.fetch_add(nanos, Ordering::Relaxed);
        result
    }

    fn read(&self) -> Work {
        let read = |c: &AtomicU64| Duration::from_nanos(c.load(Ordering::Relaxed));
        Work {
            markdown: read(&self.markdown),
            templates: read(&self.templates),
            writing: read(&self.writing),
            search: read(&self.search),
        }
    }
}

#[derive(Debug)]
pub struct Report {
    pub pages: usize,
    /// Articles dated after today, not published (see `schedule`).
    pub held_back: usize,
    pub schedule: Schedule,
    pub warnings: Vec<Diagnostic>,
    /// What the build did that the writer should know (`--force` deleted files), printed
    /// with the warnings but never failing the build.
    pub notes: Vec<Diagnostic>,
    pub timings: Timings,
    pub elapsed: Duration,
}

pub fn build(opts: &Options) -> Result<Report, Vec<Diagnostic>> {
    build_keeping(opts).map(|(report, _)| report)
}

/// What a build loaded, kept by `incremental::Session` to rebuild single articles.
pub(crate) struct Loaded {
    pub site: Site,
    pub templates: Templates,
    /// Each article's text for the search index (`None` when the build makes none).
    pub search: Option<Vec<String>>,
}

/// `build`, handing back the site and templates it loaded.
pub(crate) fn build_keeping(opts: &Options) -> Result<(Report, Loaded), Vec<Diagnostic>> {
    let started = Instant::now();
    let mut timings = Timings::default();
    let (config, output) = prepare(opts)?;
    let schedule = Schedule::new(opts.future).map_err(|d| vec![d])?;
    let (loaded, problems) = load(config, opts.drafts, schedule)?;
    timings.load = started.elapsed();
    let (mut warnings, mut errors): (Vec<_>, Vec<_>) =
        problems.into_iter().partition(|d| !d.is_error());

    // A site with errors is still rendered, to find every error, but never written.
    let output = output.filter(|_| errors.is_empty());
    let site = &loaded.site;
    let checked = site
        .languages()
        .flat_map(|s| s.articles.iter().chain(&s.withdrawn).chain(&s.held));
    warnings.extend(crate::lint::long_claims(&checked.collect::<Vec<_>>()));
    let translated: Vec<Templates> = (site.translations.iter())
        .map(|t| loaded.templates.in_language(&t.config))
        .collect();
    let templates = std::iter::once(&loaded.templates).chain(&translated);
    let renderers: Vec<Renderer> = (site.languages().zip(templates))
        .map(|(site, templates)| Renderer::new(site, templates, output.as_ref()))
        .collect();

    let t = Instant::now();
    let mut rendered = Vec::with_capacity(renderers.len());
    for renderer in &renderers {
        rendered.push(render_articles(renderer, &mut errors));
        render_unlisted(renderer, &mut errors);
        errors.extend(renderer.broken_fragments());
        warnings.extend(renderer.take_warnings());
    }
    timings.render = t.elapsed();
    diagnostic::sort(&mut warnings);
    if !errors.is_empty() || (opts.deny_warnings && !warnings.is_empty()) {
        // Warnings are shown with the errors, so a writer fixes everything in one go.
        return Err(together(errors, warnings));
    }

    let t = Instant::now();
    let mut list_pages = 0;
    for (renderer, (bodies, texts, ledger)) in renderers.iter().zip(&rendered) {
        list_pages += renderer.lists(ledger, bodies, texts.as_deref())?;
    }
    timings.lists = t.elapsed();
    let replaced: Vec<Diagnostic> = renderers.iter().flat_map(Renderer::take_replaced).collect();
    if opts.deny_warnings && !replaced.is_empty() {
        return Err(together(warnings, replaced));
    }
    warnings.extend(replaced);
    diagnostic::sort(&mut warnings);
    for renderer in &renderers {
        timings.work.add(renderer.work());
    }
    let texts = rendered.first_mut().and_then(|(_, texts, _)| texts.take());
    drop(rendered);
    drop(renderers);

    let t = Instant::now();
    let notes = write(site, output)?;
    timings.write = t.elapsed();

    let pages = site
        .languages()
        .map(|s| s.articles.len() + s.withdrawn.len())
        .sum::<usize>()
        + list_pages;
    let report = Report {
        pages,
        held_back: site.languages().map(|s| s.held.len()).sum(),
        schedule,
        warnings,
        notes,
        timings,
        elapsed: started.elapsed(),
    };
    let loaded = Loaded {
        search: texts,
        ..loaded
    };
    Ok((report, loaded))
}

/// The config, and when writing the output folder: checked before anything is loaded,
/// so that an output folder byline may not replace fails the build at once.
fn prepare(opts: &Options) -> Result<(Config, Option<Output>), Vec<Diagnostic>> {
    let config = Config::load(&opts.root, &opts.overrides)?;
    output::check_target(&config).map_err(|d| vec![d])?;
    let output = if opts.write {
        Some(Output::new(&config, opts.ownership).map_err(|d| vec![d])?)
    } else {
        None
    };
    Ok((config, output))
}

/// The templates and the site, loaded in parallel, with their warnings and the errors
/// of the articles that failed (the others are rendered still, to find every error).
fn load(
    config: Config,
    drafts: bool,
    schedule: Schedule,
) -> Result<(Loaded, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (templates, site) = rayon::join(
        || templates::load(&config),
        || site::load(config.clone(), drafts, schedule),
    );
    match (templates, site) {
        (Ok((templates, template_warnings)), Ok((site, mut problems))) => {
            problems.extend(template_warnings);
            let configs = std::iter::once(&site.config).chain(&site.config.localized);
            problems.extend(configs.flat_map(|c| c.i18n_warnings.iter().cloned()));
            let search = None;
            Ok((
                Loaded {
                    site,
                    templates,
                    search,
                },
                problems,
            ))
        }
        (Err(template_errors), Ok((site, mut errors))) => {
            // Without templates, still check every body so all mistakes show at once.
            errors.extend(template_errors);
            errors.extend(check_bodies(&site));
            diagnostic::sort(&mut errors);
            Err(errors)
        }
        (templates, site) => {
            let mut errors = templates.err().unwrap_or_default();
            errors.extend(site.err().unwrap_or_default());
            diagnostic::sort(&mut errors);
            Err(errors)
        }
    }
}

/// Every body's errors and warnings.
fn check_bodies(site: &Site) -> Vec<Diagnostic> {
    let env = site.markdown_env();
    let all = site
        .articles
        .par_iter()
        .chain(&site.withdrawn)
        .chain(&site.held);
    let results: Vec<_> = all.map(|a| check_body(a, &env)).collect();
    let mut problems = Vec::new();
    for r in results {
        match r {
            Ok((_, warnings)) => problems.extend(warnings),
            Err(e) => problems.extend(e),
        }
    }
    problems
}

/// An article's body if the feeds carry it, and its text if the site is searched.
type Kept = (Option<String>, Option<String>);

/// Renders every article page, and beside them the ledger, which needs only the front
/// matter (built beside the pages, its serial work keeps no core idle). Returns the
/// bodies the feeds carry (`None` for the others), each article's text for the search
/// index (when the build writes one) and the ledger; the articles' errors go to `errors`.
fn render_articles<'a>(
    renderer: &Renderer<'a>,
    errors: &mut Vec<Diagnostic>,
) -> (Vec<Option<String>>, Option<Vec<String>>, Ledger<'a>) {
    let site = renderer.site;
    // Feeds carry the newest articles' bodies; only those are kept.
    let in_feeds = feeds::carried(site);
    let searched = renderer.searched();
    let (results, ledger): (Vec<Result<Kept, Vec<Diagnostic>>>, _) = rayon::join(
        || {
            // Rendered in the order of their URLs, so the pages of one folder are
            // written together (the filesystem finds that folder's entries and inodes
            // at hand), then put back in publication order.
            let mut by_url: Vec<usize> = (0..site.articles.len()).collect();
            by_url.sort_unstable_by_key(|&i| &site.articles[i].path);
            let mut rendered: Vec<_> = by_url
                .into_par_iter()
                .map(|i| {
                    let html = renderer.article(&site.articles[i]);
                    let kept = html.map(|html| {
                        let text = searched.then(|| search::body_text(&html));
                        (in_feeds.contains(&i).then_some(html), text)
                    });
                    (i, kept)
                })
                .collect();
            rendered.sort_unstable_by_key(|&(i, _)| i);
            rendered.into_iter().map(|(_, r)| r).collect()
        },
        || Ledger::new(site),
    );
    let mut bodies = Vec::with_capacity(results.len());
    let mut texts = Vec::with_capacity(if searched { results.len() } else { 0 });
    for r in results {
        match r {
            Ok((html, text)) => {
                bodies.push(html);
                texts.extend(text);
            }
            Err(e) => errors.extend(e),
        }
    }
    (bodies, searched.then_some(texts), ledger)
}

/// The pages of withdrawn articles (in no list), and the bodies of those held back,
/// checked without a page: a scheduled article cannot fail the build on its day.
fn render_unlisted(renderer: &Renderer, errors: &mut Vec<Diagnostic>) {
    let site = renderer.site;
    let withdrawn = site
        .withdrawn
        .par_iter()
        .map(|a| renderer.article(a).map(drop));
    let held = site.held.par_iter().map(|a| renderer.check(a));
    let results: Vec<Result<(), Vec<Diagnostic>>> = withdrawn.chain(held).collect();
    errors.extend(results.into_iter().filter_map(Result::err).flatten());
}

/// `first` and `then`, sorted as one list.
fn together(mut first: Vec<Diagnostic>, then: Vec<Diagnostic>) -> Vec<Diagnostic> {
    first.extend(then);
    diagnostic::sort(&mut first);
    first
}

/// Copies the static files and swaps the output in (when building); returns what the
/// swap did that the writer should know.
fn write(site: &Site, output: Option<Output>) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let Some(out) = output else {
        return Ok(Vec::new());
    };
    let io = |e: std::io::Error| {
        vec![Diagnostic::error(
            "io",
            format!("cannot copy static files: {e}"),
        )]
    };
    site.statics.copy(&out).map_err(io)?;
    let swapped = out.commit().map_err(|d| vec![d])?;
    site.assets.prune_cache(&site.config.root);
    Ok(swapped)
}

/// Re-reads an article's body (bodies are not kept between phases) and renders it;
/// returns it with the article's warnings (see `lint`).
fn check_body(
    a: &Article,
    env: &Env,
) -> Result<(markdown::Rendered, Vec<Diagnostic>), Vec<Diagnostic>> {
    let file = ContentFile {
        rel_path: a.rel_path.clone(),
        fs_path: a.fs_path.clone(),
    }
    .read()
    .map_err(|d| vec![d])?;
    let split = front_matter::split(&file).map_err(|d| vec![d])?;
    let mut rendered = markdown::render(a, &file, split.body, split.body_offset, env)?;
    crate::timeline::cite(a, &mut rendered);
    let warnings = crate::lint::article(a, &rendered, &file, &split, env.config);
    Ok((rendered, warnings))
}

/// Renders pages of one site with one set of templates.
pub(crate) struct Renderer<'a> {
    site: &'a Site,
    templates: &'a Templates,
    output: Option<&'a Output>,
    warnings: std::sync::Mutex<Vec<Diagnostic>>,
    /// Warnings about static files that replace generated ones (see `claim`).
    replaced: std::sync::Mutex<Vec<Diagnostic>>,
    work: WorkClock,
    /// Every rendered page's ids, by article, and the links to parts of other
    /// articles' pages, checked once all are rendered (see `markdown::fragments`).
    fragments: std::sync::Mutex<Fragments>,
}

#[derive(Default)]
struct Fragments {
    ids: HashMap<String, HashSet<String>>,
    links: Vec<markdown::FragmentLink>,
}

impl<'a> Renderer<'a> {
    pub(crate) fn new(
        site: &'a Site,
        templates: &'a Templates,
        output: Option<&'a Output>,
    ) -> Self {
        Renderer {
            site,
            templates,
            output,
            warnings: Default::default(),
            replaced: Default::default(),
            work: WorkClock::default(),
            fragments: Default::default(),
        }
    }

    /// The work done so far, by kind.
    pub(crate) fn work(&self) -> Work {
        self.work.read()
    }

    /// The warnings of the articles rendered so far.
    pub(crate) fn take_warnings(&self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.warnings.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// The static files found so far to replace a list page or site-wide file.
    pub(crate) fn take_replaced(&self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.replaced.lock().unwrap_or_else(|e| e.into_inner()))
    }

    fn config(&self) -> &Config {
        &self.site.config
    }

    /// Renders and writes an article page; returns the rendered body.
    pub(crate) fn article(&self, a: &Article) -> Result<String, Vec<Diagnostic>> {
        let env = self.site.markdown_env();
        let (mut rendered, warnings) =
            WorkClock::time(&self.work.markdown, || check_body(a, &env))?;
        self.keep_fragments(a, &mut rendered);
        if !warnings.is_empty() {
            self.warnings
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend(warnings);
        }
        let translations = self
            .site
            .alternates
            .get(&a.rel_path)
            .map_or(&[][..], |t| &t[..]);
        let vars = context::article(a, &rendered, self.config(), translations);
        let html = self
            .render(ARTICLE_TEMPLATE, &vars, 64 * 1024)
            .map_err(|mut e| {
                // The page goes in the help, so that one template error on every page
                // folds into one diagnostic (see `diagnostic::collapse_repeats`).
                let help = e.help.take().unwrap_or_default();
                e.help = Some(format!("while rendering {}: {help}", a.display_path));
                vec![e]
            })?;
        // A static file in the page's place was reported when the site loaded.
        let file = ARTICLE.place.file(&a.path, 1);
        let prefixed = [self.config().prefix(), &file].concat();
        if self.site.statics.get(&prefixed).is_none() {
            self.write(&file, &html).map_err(|e| vec![e])?;
        }
        if let Some(out) = self.output {
            WorkClock::time(&self.work.writing, || {
                self.site.assets.publish(a, out, self.config())
            })
            .map_err(|e| vec![e])?;
        }
        Ok(rendered.html)
    }

    /// Keeps the page's ids and its links to parts of other pages.
    fn keep_fragments(&self, a: &Article, rendered: &mut markdown::Rendered) {
        let mut f = self.fragments.lock().unwrap_or_else(|e| e.into_inner());
        f.ids
            .insert(a.rel_path.clone(), std::mem::take(&mut rendered.ids));
        f.links.append(&mut rendered.fragment_links);
    }

    /// The links to parts of other articles' pages that those pages lack. A link to
    /// an article not rendered (a draft, one that failed) was reported, or is not.
    pub(crate) fn broken_fragments(&self) -> Vec<Diagnostic> {
        let f = std::mem::take(&mut *self.fragments.lock().unwrap_or_else(|e| e.into_inner()));
        let ids = f.ids;
        f.links
            .into_iter()
            .filter_map(|l| match ids.get(&l.target) {
                Some(ids) => l.check(ids),
                None => None,
            })
            .collect()
    }

    /// Renders an article's body without making its page, keeping its warnings.
    fn check(&self, a: &Article) -> Result<(), Vec<Diagnostic>> {
        let env = self.site.markdown_env();
        let (mut rendered, warnings) =
            WorkClock::time(&self.work.markdown, || check_body(a, &env))?;
        self.keep_fragments(a, &mut rendered);
        self.warnings
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(warnings);
        Ok(())
    }

    /// Every page and file but the articles, and the search index of the articles'
    /// `texts` (when the build makes one); returns how many pages.
    fn lists(
        &self,
        ledger: &Ledger,
        bodies: &[Option<String>],
        texts: Option<&[String]>,
    ) -> Result<usize, Vec<Diagnostic>> {
        let (list_pages, search) = rayon::join(
            || self.all_lists(ledger, bodies),
            || self.search_index(texts),
        );
        let list_pages = list_pages.map_err(|e| vec![e])?;
        if let Some(files) = search.map_err(|e| vec![e])? {
            self.search_files(ledger, &files).map_err(|e| vec![e])?;
        }
        Ok(list_pages)
    }

    /// Every page and file but the articles (see `site_data`), given the bodies of the
    /// articles that feeds carry (`None` for the others). `build` and
    /// `incremental::Session` both call this.
    pub(crate) fn all_lists(
        &self,
        ledger: &Ledger,
        bodies: &[Option<String>],
    ) -> Result<usize, Diagnostic> {
        site_data::render(&Input::new(self.site, ledger, bodies), true, self)
    }

    /// Whether the build makes a search index: the site has search, and the build
    /// writes (`check` has nothing to check in an index).
    pub(crate) fn searched(&self) -> bool {
        self.config().search && self.output.is_some()
    }

    /// The search index of every article (`texts`: their text, in the site's order)
    /// and their claims; `None` without texts.
    pub(crate) fn search_index(
        &self,
        texts: Option<&[String]>,
    ) -> Result<Option<search::Files>, Diagnostic> {
        let Some(texts) = texts else {
            return Ok(None);
        };
        let config = self.config();
        let records = self.site.articles.iter().zip(texts).flat_map(|(a, text)| {
            let article = search::article_record(a, text.clone(), config);
            std::iter::once(article).chain(search::claim_records(a, config))
        });
        let started = Instant::now();
        let files = search::index(records)?;
        let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.work.search.fetch_add(nanos, Ordering::Relaxed);
        Ok(Some(files))
    }

    /// Writes the search index's files (and removes none: see `incremental::prune`).
    pub(crate) fn search_files(
        &self,
        ledger: &Ledger,
        files: &search::Files,
    ) -> Result<(), Diagnostic> {
        let input = Input::new(self.site, ledger, &[]).with_search(Some(files));
        site_data::render_kind(&input, crate::generated::SEARCH_INDEX, self)
    }

    /// `site_data`'s files (feeds, sitemap, claims.json) without its pages: what can
    /// change when only an article's body did.
    pub(crate) fn site_files(
        &self,
        ledger: &Ledger,
        bodies: &[Option<String>],
    ) -> Result<(), Diagnostic> {
        site_data::render(&Input::new(self.site, ledger, bodies), false, self).map(drop)
    }

    /// Whether byline writes its own file at `file` (`what` it is, for messages): not
    /// where a static file replaces it (a warning). A static file where the file needs
    /// a folder, or static files where it goes, is an error.
    fn claim(&self, what: &str, file: &str) -> Result<bool, Diagnostic> {
        let file = &[self.config().prefix(), file].concat();
        match self.site.statics.conflict(file) {
            None => Ok(true),
            Some(Conflict::Replaced(s)) => {
                let warning = s.replaces(what, file);
                self.replaced
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(warning);
                Ok(false)
            }
            Some(Conflict::FileInTheWay(s)) => Err(Diagnostic::error(
                "url-collision",
                format!(
                    "this file stands where byline writes the folder /{}/, for {what} at /{file}",
                    s.rel,
                ),
            )
            .in_file(&s.display)
            .help("move or rename the file")),
            Some(Conflict::FolderInTheWay(s, dir)) => Err(Diagnostic::error(
                "url-collision",
                format!("this file is in the folder /{dir}/, where byline writes {what}"),
            )
            .in_file(&s.display)
            .help("move the file to another folder")),
        }
    }

    /// Writes a file (when building, not checking), in the folder of the site's
    /// language.
    fn write(&self, file: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let file = &[self.config().prefix(), file].concat();
        if let Some(out) = self.output {
            WorkClock::time(&self.work.writing, || out.write(file, bytes))
                .map_err(|e| Diagnostic::error("io", format!("cannot write /{file}: {e}")))?;
        }
        Ok(())
    }
}

impl Sink for Renderer<'_> {
    fn render(&self, template: &str, vars: &Vars, capacity: usize) -> Result<Vec<u8>, Diagnostic> {
        let mut html = Vec::with_capacity(capacity);
        WorkClock::time(&self.work.templates, || {
            self.templates.render_to(template, vars, &mut html)
        })?;
        Ok(html)
    }

    /// Writes a file byline generated (when building, not checking), unless a static
    /// file replaces it.
    fn file(&self, what: &str, file: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        if self.claim(what, file)? {
            self.write(file, bytes)?;
        }
        Ok(())
    }

    /// Streams a file byline generated (when building; `check` has nothing to check in it).
    fn stream(
        &self,
        what: &str,
        file: &str,
        write: &(dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()> + Sync),
    ) -> Result<(), Diagnostic> {
        if !self.claim(what, file)? {
            return Ok(());
        }
        let file = &[self.config().prefix(), file].concat();
        if let Some(out) = self.output {
            WorkClock::time(&self.work.writing, || out.write_with(file, write))
                .map_err(|e| Diagnostic::error("io", format!("cannot write /{file}: {e}")))?;
        }
        Ok(())
    }
}
