//! One build, start to finish: config → templates → site → pages → output.
//! `build` and `check` run the same pipeline; `check` simply has nowhere to write.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::article::Article;
use crate::config::{Config, Overrides};
use crate::content::ContentFile;
use crate::context::{self, ArticleContext, Summary, TagContext, Vars};
use crate::diagnostic::{self, Diagnostic};
use crate::front_matter;
use crate::ledger::Ledger;
use crate::markdown::{self, Env};
use crate::output::{self, Output, Ownership};
use crate::paginate;
use crate::site::{self, Site, Tag};
use crate::site_data;
use crate::statics::Conflict;
use crate::templates::{self, Templates};

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    pub overrides: Overrides,
    pub drafts: bool,
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
}

/// `Work` as the threads add to it.
#[derive(Default)]
struct WorkClock {
    markdown: AtomicU64,
    templates: AtomicU64,
    writing: AtomicU64,
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
        }
    }
}

#[derive(Debug)]
pub struct Report {
    pub pages: usize,
    pub files: usize,
    pub output_dir: Option<PathBuf>,
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
}

/// `build`, handing back the site and templates it loaded.
pub(crate) fn build_keeping(opts: &Options) -> Result<(Report, Loaded), Vec<Diagnostic>> {
    let started = Instant::now();
    let mut timings = Timings::default();
    let config = Config::load(&opts.root, &opts.overrides)?;
    output::check_target(&config).map_err(|d| vec![d])?;
    // Before anything is loaded, so that an output folder byline may not replace
    // fails the build at once.
    let output = if opts.write {
        Some(Output::new(&config, opts.ownership).map_err(|d| vec![d])?)
    } else {
        None
    };
    let (tera, site) = rayon::join(
        || templates::load(&config),
        || site::load(config.clone(), opts.drafts),
    );
    let (tera, (site, errors)) = match (tera, site) {
        (Ok((t, template_warnings)), Ok((site, mut errors))) => {
            errors.extend(template_warnings);
            (t, (site, errors))
        }
        (Err(t), Ok((site, mut errors))) => {
            // Without templates, still check every body so all mistakes show at once.
            errors.extend(t);
            let env = Env {
                config: &site.config,
                articles: &site.links,
            };
            let results: Vec<_> = site
                .articles
                .par_iter()
                .map(|a| check_body(a, &env))
                .collect();
            for r in results {
                match r {
                    Ok((_, warnings)) => errors.extend(warnings),
                    Err(e) => errors.extend(e),
                }
            }
            diagnostic::sort(&mut errors);
            return Err(errors);
        }
        (t, s) => {
            let mut errors = t.err().unwrap_or_default();
            errors.extend(s.err().unwrap_or_default());
            diagnostic::sort(&mut errors);
            return Err(errors);
        }
    };
    timings.load = started.elapsed();
    let (mut warnings, mut errors): (Vec<_>, Vec<_>) =
        errors.into_iter().partition(|d| !d.is_error());

    // A site with errors is still rendered, to find every error, but never written.
    let output = output.filter(|_| errors.is_empty());
    let renderer = Renderer::new(&site, &tera, output.as_ref());

    let t = Instant::now();
    // Feeds carry the newest articles' bodies; only those are kept.
    let in_feeds = site_data::feed_articles(&site);
    // The ledger needs only the front matter: built beside the article pages, its
    // serial work keeps no core idle.
    let (results, ledger): (Vec<Result<Option<String>, Vec<Diagnostic>>>, _) = rayon::join(
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
                    (i, html.map(|html| in_feeds.contains(&i).then_some(html)))
                })
                .collect();
            rendered.sort_unstable_by_key(|&(i, _)| i);
            rendered.into_iter().map(|(_, r)| r).collect()
        },
        || Ledger::new(&site),
    );
    let mut bodies = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(html) => bodies.push(html),
            Err(e) => errors.extend(e),
        }
    }
    timings.render = t.elapsed();
    warnings.extend(renderer.take_warnings());
    diagnostic::sort(&mut warnings);
    if !errors.is_empty() || (opts.deny_warnings && !warnings.is_empty()) {
        // Warnings are shown with the errors, so a writer fixes everything in one go.
        errors.extend(warnings);
        diagnostic::sort(&mut errors);
        return Err(errors);
    }

    let t = Instant::now();
    let (list_pages, data_files) = renderer.all_lists(&ledger, &bodies).map_err(|e| vec![e])?;
    drop(bodies);
    timings.lists = t.elapsed();
    let replaced = renderer.take_replaced();
    if opts.deny_warnings && !replaced.is_empty() {
        let mut errors = warnings;
        errors.extend(replaced);
        diagnostic::sort(&mut errors);
        return Err(errors);
    }
    warnings.extend(replaced);
    diagnostic::sort(&mut warnings);
    timings.work = renderer.work();

    let t = Instant::now();
    let mut files = 0;
    if let Some(out) = &output {
        let io = |e: std::io::Error| {
            vec![Diagnostic::error(
                "io",
                format!("cannot copy static files: {e}"),
            )]
        };
        files += site.statics.copy(out).map_err(io)?;
    }
    let output_dir = output.as_ref().map(|o| o.target().to_path_buf());
    let notes = match output {
        Some(out) => out.commit().map_err(|d| vec![d])?,
        None => Vec::new(),
    };
    timings.write = t.elapsed();

    let pages = site.articles.len() + list_pages;
    let report = Report {
        pages,
        files: files + pages + data_files,
        output_dir,
        warnings,
        notes,
        timings,
        elapsed: started.elapsed(),
    };
    Ok((
        report,
        Loaded {
            site,
            templates: tera,
        },
    ))
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
    let rendered = markdown::render(a, &file, split.body, split.body_offset, env)?;
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
        let env = Env {
            config: self.config(),
            articles: &self.site.links,
        };
        let (rendered, warnings) = WorkClock::time(&self.work.markdown, || check_body(a, &env))?;
        if !warnings.is_empty() {
            self.warnings
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend(warnings);
        }
        let article = ArticleContext::new(a, &rendered, self.config());
        let vars = context::page("article", &a.title, &context::ArticlePage { article });
        let html = self
            .render("article.html", &vars, 64 * 1024)
            .map_err(|mut e| {
                // The page goes in the help, so that one template error on every page
                // folds into one diagnostic (see `diagnostic::collapse_repeats`).
                let help = e.help.take().unwrap_or_default();
                e.help = Some(format!("while rendering {}: {help}", a.display_path));
                vec![e]
            })?;
        // A static file in the page's place was reported when the site loaded.
        let file = format!("{}index.html", a.path);
        if self.site.statics.get(&file).is_none() {
            self.write(&file, &html).map_err(|e| vec![e])?;
        }
        Ok(rendered.html)
    }

    /// Every page that lists articles, given the bodies of the articles that feeds
    /// carry (`None` for the others); returns (pages, other files). `build` and
    /// `incremental::Session` both call this, so a new list page is added here once.
    pub(crate) fn all_lists(
        &self,
        ledger: &Ledger,
        bodies: &[Option<String>],
    ) -> Result<(usize, usize), Diagnostic> {
        let (list_pages, data) = rayon::join(|| self.lists(), || self.site_data(ledger, bodies));
        let (list_pages, (data_pages, data_files)) = (list_pages?, data?);
        Ok((list_pages + data_pages, data_files))
    }

    /// Home, tag index and tag pages; returns how many were rendered.
    fn lists(&self) -> Result<usize, Diagnostic> {
        let config = self.config();
        let summaries: Vec<Summary> = self
            .site
            .articles
            .iter()
            .map(|a| Summary::new(a, config))
            .collect();

        let tags: Vec<TagContext> = self
            .site
            .tags
            .iter()
            .map(|t| TagContext::new(t, config, None))
            .collect();
        let vars = context::page("tags", "Tags", &context::TagsPage { tags });
        self.page("tags.html", &vars, "tags/")?;

        // Home and tag pages, a hundred articles a page, all rendered in parallel.
        let home = (1..=paginate::page_count(summaries.len())).map(|n| (None, n));
        let tagged =
            self.site.tags.iter().flat_map(|t| {
                (1..=paginate::page_count(t.articles.len())).map(move |n| (Some(t), n))
            });
        let jobs: Vec<(Option<&Tag>, usize)> = home.chain(tagged).collect();
        jobs.par_iter().try_for_each(|&(tag, n)| match tag {
            None => {
                let pagination = paginate::pagination(config, "", n, summaries.len());
                let title = paginate::numbered(&config.title, &pagination);
                let articles = paginate::slice(&summaries, n);
                let data = context::HomePage {
                    articles,
                    pagination,
                };
                let vars = context::page("index", &title, &data);
                self.page("index.html", &vars, &paginate::page_path("", n))
            }
            Some(tag) => {
                let pagination = paginate::pagination(config, &tag.path(), n, tag.articles.len());
                let title = format!("Tagged “{}”", tag.name);
                let title = paginate::numbered(&title, &pagination);
                let page = paginate::slice(&tag.articles, n);
                let articles = page.iter().map(|&i| &summaries[i]).collect();
                let tag_vars = TagContext::new(tag, config, Some(articles));
                let data = context::TagPage {
                    tag: tag_vars,
                    pagination,
                };
                let vars = context::page("tag", &title, &data);
                self.page("tag.html", &vars, &paginate::page_path(&tag.path(), n))
            }
        })?;
        Ok(1 + jobs.len())
    }

    /// Renders `template` and writes it to `path/index.html`.
    fn page(&self, template: &str, vars: &Vars, path: &str) -> Result<(), Diagnostic> {
        self.page_at(template, vars, &format!("{path}index.html"))
    }

    /// Renders `template` and writes it to the file `file`.
    fn page_at(&self, template: &str, vars: &Vars, file: &str) -> Result<(), Diagnostic> {
        // Room for a whole article page, so the buffer is seldom grown and copied.
        let html = self.render(template, vars, 64 * 1024)?;
        self.file(file, &html)
    }

    /// Streams a file byline generated (when building; `check` has nothing to check in it).
    fn stream(
        &self,
        file: &str,
        write: &dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic> {
        if !self.claim(file)? {
            return Ok(());
        }
        if let Some(out) = self.output {
            WorkClock::time(&self.work.writing, || out.write_with(file, write))
                .map_err(|e| Diagnostic::error("io", format!("cannot write /{file}: {e}")))?;
        }
        Ok(())
    }

    /// Writes a file byline generated (when building, not checking), unless a static
    /// file replaces it.
    fn file(&self, file: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        if self.claim(file)? {
            self.write(file, bytes)?;
        }
        Ok(())
    }

    /// Whether byline writes its own file at `file`: not where a static file replaces
    /// it (a warning, but for robots.txt, which is documented). A static file where
    /// the file needs a folder, or static files where it goes, is an error.
    fn claim(&self, file: &str) -> Result<bool, Diagnostic> {
        let what = || crate::site_data::describe(file);
        match self.site.statics.conflict(file) {
            None => Ok(true),
            Some(Conflict::Replaced(s)) => {
                if file != crate::feeds::ROBOTS {
                    let warning = s.replaces(&what(), file);
                    self.replaced
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(warning);
                }
                Ok(false)
            }
            Some(Conflict::FileInTheWay(s)) => Err(Diagnostic::error(
                "url-collision",
                format!(
                    "this file stands where byline writes the folder /{}/, for {} at /{file}",
                    s.rel,
                    what()
                ),
            )
            .in_file(&s.display)
            .help("move or rename the file")),
            Some(Conflict::FolderInTheWay(s, dir)) => Err(Diagnostic::error(
                "url-collision",
                format!(
                    "this file is in the folder /{dir}/, where byline writes {}",
                    what()
                ),
            )
            .in_file(&s.display)
            .help("move the file to another folder")),
        }
    }

    /// Writes a file (when building, not checking).
    fn write(&self, file: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        if let Some(out) = self.output {
            WorkClock::time(&self.work.writing, || out.write(file, bytes))
                .map_err(|e| Diagnostic::error("io", format!("cannot write /{file}: {e}")))?;
        }
        Ok(())
    }

    /// `site_data`'s files (feeds, sitemap, claims.json) without its pages: what can
    /// change when only an article's body did. Returns how many files were written.
    pub(crate) fn site_files(
        &self,
        ledger: &Ledger,
        bodies: &[Option<String>],
    ) -> Result<usize, Diagnostic> {
        site_data::render(self.site, ledger, bodies, false, self).map(|(_, files)| files)
    }

    /// The ledger, sources index, 404 page, claims.json, feeds, sitemap and robots.txt
    /// (see `site_data`); returns how many pages and other files were written.
    fn site_data(
        &self,
        ledger: &Ledger,
        bodies: &[Option<String>],
    ) -> Result<(usize, usize), Diagnostic> {
        site_data::render(self.site, ledger, bodies, true, self)
    }

    /// Renders `template` into a buffer of `capacity` bytes to start with.
    fn render(&self, template: &str, vars: &Vars, capacity: usize) -> Result<Vec<u8>, Diagnostic> {
        let mut html = Vec::with_capacity(capacity);
        WorkClock::time(&self.work.templates, || {
            self.templates.render_to(template, vars, &mut html)
        })?;
        Ok(html)
    }
}

impl site_data::Sink for Renderer<'_> {
    fn emit(&self, item: site_data::Emit<'_>) -> Result<(), Diagnostic> {
        match item {
            site_data::Emit::Page {
                template,
                vars,
                file,
            } => self.page_at(template, &vars, &file),
            site_data::Emit::File { file, bytes } => self.file(&file, &bytes),
            site_data::Emit::Stream { file, write } => self.stream(&file, write),
        }
    }

    fn fragment(&self, template: &'static str, vars: Vars) -> Result<String, Diagnostic> {
        let html = self.render(template, &vars, 2 * 1024)?;
        // Tera writes only `str`s.
        Ok(String::from_utf8(html)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
    }
}
