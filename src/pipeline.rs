//! One build, start to finish: config → templates → site → pages → output.
//! `build` and `check` run the same pipeline; `check` simply has nowhere to write.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tera::{Context, Tera};

use crate::article::Article;
use crate::config::{Config, Overrides};
use crate::content::ContentFile;
use crate::context::{ArticleContext, SiteContext, Summary, TagContext};
use crate::diagnostic::{self, Diagnostic};
use crate::front_matter;
use crate::markdown::{self, Env};
use crate::output::{self, Output};
use crate::site::{self, Site};
use crate::templates;

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    pub overrides: Overrides,
    pub drafts: bool,
    /// `false` for `check`: everything is rendered, nothing is written.
    pub write: bool,
}

#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub load: Duration,
    pub render: Duration,
    pub lists: Duration,
    pub write: Duration,
}

#[derive(Debug)]
pub struct Report {
    pub pages: usize,
    pub files: usize,
    pub output_dir: Option<PathBuf>,
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
    pub elapsed: Duration,
}

pub fn build(opts: &Options) -> Result<Report, Vec<Diagnostic>> {
    let started = Instant::now();
    let mut timings = Timings::default();
    let config = Config::load(&opts.root, &opts.overrides)?;
    output::check_target(&config).map_err(|d| vec![d])?;
    let (tera, site) = rayon::join(
        || templates::load(&config),
        || site::load(config.clone(), opts.drafts),
    );
    let (tera, (site, mut errors)) = match (tera, site) {
        (Ok(t), Ok(s)) => (t, s),
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
            errors.extend(results.into_iter().filter_map(Result::err).flatten());
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

    // A site with errors is still rendered, to find every error, but never written.
    let output = if opts.write && errors.is_empty() {
        Some(Output::new(&site.config).map_err(|d| vec![d])?)
    } else {
        None
    };
    let renderer = Renderer::new(&site, &tera, output.as_ref());

    let t = Instant::now();
    let results: Vec<Result<(), Vec<Diagnostic>>> = site
        .articles
        .par_iter()
        .map(|a| renderer.article(a))
        .collect();
    errors.extend(results.into_iter().filter_map(Result::err).flatten());
    timings.render = t.elapsed();
    if !errors.is_empty() {
        diagnostic::sort(&mut errors);
        return Err(errors);
    }

    let t = Instant::now();
    let list_pages = renderer.lists().map_err(|e| vec![e])?;
    timings.lists = t.elapsed();

    let t = Instant::now();
    let mut files = 0;
    if let Some(out) = &output {
        let io = |e: std::io::Error| {
            vec![Diagnostic::error(
                "io",
                format!("cannot copy static files: {e}"),
            )]
        };
        files += out
            .copy_tree(&templates::theme_dir(&site.config).join("static"))
            .map_err(io)?;
        files += out
            .copy_tree(&site.config.root.join("static"))
            .map_err(io)?;
    }
    let output_dir = output.as_ref().map(|o| o.target().to_path_buf());
    if let Some(out) = output {
        out.commit().map_err(|e| {
            vec![Diagnostic::error(
                "io",
                format!("cannot replace the output folder: {e}"),
            )]
        })?;
    }
    timings.write = t.elapsed();

    let pages = site.articles.len() + list_pages;
    Ok(Report {
        pages,
        files: files + pages,
        output_dir,
        warnings: Vec::new(),
        timings,
        elapsed: started.elapsed(),
    })
}

/// Re-reads an article's body (bodies are not kept between phases) and renders it.
fn check_body(a: &Article, env: &Env) -> Result<markdown::Rendered, Vec<Diagnostic>> {
    let file = ContentFile {
        rel_path: a.rel_path.clone(),
        fs_path: a.fs_path.clone(),
    }
    .read()
    .map_err(|d| vec![d])?;
    let split = front_matter::split(&file).map_err(|d| vec![d])?;
    markdown::render(a, &file, split.body, split.body_offset, env)
}

/// Renders pages of one site with one set of templates.
struct Renderer<'a> {
    site: &'a Site,
    tera: &'a Tera,
    output: Option<&'a Output>,
    base: Context,
}

impl<'a> Renderer<'a> {
    fn new(site: &'a Site, tera: &'a Tera, output: Option<&'a Output>) -> Self {
        let mut base = Context::new();
        base.insert("site", &SiteContext::new(&site.config));
        base.insert("statuses", &site.config.vocabulary);
        base.insert("byline_version", env!("CARGO_PKG_VERSION"));
        Renderer {
            site,
            tera,
            output,
            base,
        }
    }

    fn config(&self) -> &Config {
        &self.site.config
    }

    fn article(&self, a: &Article) -> Result<(), Vec<Diagnostic>> {
        let env = Env {
            config: self.config(),
            articles: &self.site.links,
        };
        let rendered = check_body(a, &env)?;
        let ctx = ArticleContext::new(a, &rendered, self.config());
        let mut context = self.base.clone();
        context.insert("page_kind", "article");
        context.insert("page_title", &a.title);
        context.insert("article", &ctx);
        self.page("article.html", &context, &a.path)
            .map_err(|mut e| {
                e.message = format!("while rendering {}: {}", a.display_path, e.message);
                vec![e]
            })
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

        let mut context = self.base.clone();
        context.insert("page_kind", "index");
        context.insert("page_title", &config.title);
        context.insert("articles", &summaries);
        self.page("index.html", &context, "")?;

        let tags: Vec<TagContext> = self
            .site
            .tags
            .iter()
            .map(|t| TagContext::new(t, config, None))
            .collect();
        let mut context = self.base.clone();
        context.insert("page_kind", "tags");
        context.insert("page_title", "Tags");
        context.insert("tags", &tags);
        self.page("tags.html", &context, "tags/")?;

        self.site.tags.par_iter().try_for_each(|tag| {
            let mut context = self.base.clone();
            context.insert("page_kind", "tag");
            context.insert("page_title", &format!("Tagged “{}”", tag.name));
            context.insert("tag", &TagContext::new(tag, config, Some(&summaries)));
            self.page("tag.html", &context, &tag.path())
        })?;
        Ok(2 + self.site.tags.len())
    }

    /// Renders `template` and writes it to `path/index.html`.
    fn page(&self, template: &str, context: &Context, path: &str) -> Result<(), Diagnostic> {
        let html = self
            .tera
            .render(template, context)
            .map_err(|e| templates::template_error(&e, &format!("templates/{template}")))?;
        if let Some(out) = self.output {
            out.write(&format!("{path}index.html"), html.as_bytes())
                .map_err(|e| Diagnostic::error("io", format!("cannot write /{path}: {e}")))?;
        }
        Ok(())
    }
}
