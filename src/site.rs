//! The site as a whole, before any page is rendered: every article's front matter
//! checked, URLs assigned and checked for collisions, tags gathered, articles in
//! publication order. Bodies are not kept here (they are re-read when rendered),
//! so memory grows with the metadata, not with the Markdown.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::archives::Archives;
use crate::article::{Article, Source};
use crate::assets::{self, Assets};
use crate::bibliography::{self, Keyed};
use crate::config::Config;
use crate::config::RawHtml;
use crate::content::{self, ContentFile};
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::front_matter::{self, Claimants, Location, Shared};
use crate::generated;
use crate::markdown::LinkTarget;
use crate::names::slugify;
use crate::schedule::{Schedule, State};
use crate::site_fs;
use crate::statics::{Conflict, Statics};
use crate::translations::{self, Alternates, Version};
use crate::yaml::Seg;

pub struct Site {
    pub config: Config,
    /// Articles to publish and list, newest first (ties broken by path).
    pub articles: Vec<Article>,
    /// Articles whose `expires` day has come: published at their URL, in no list.
    pub withdrawn: Vec<Article>,
    /// Articles dated after today (see `schedule`): checked, not published.
    pub held: Vec<Article>,
    /// The day and rule that put articles in these three lists.
    pub schedule: Schedule,
    /// Content-relative `.md` path → where a link to it leads.
    pub links: HashMap<String, LinkTarget>,
    /// Tags by slug, each with the indices (into `articles`) of its articles, newest first.
    pub tags: Vec<Tag>,
    /// The theme's and the site's static files.
    pub statics: Arc<Statics>,
    /// Every article's own files.
    pub assets: Arc<Assets>,
    /// The site in each of its other languages (`Config::translations`, in order),
    /// published under its folder: empty for a site in one language.
    pub translations: Vec<Site>,
    /// Each article's versions in every language, the same for every language's site.
    pub alternates: Arc<Alternates>,
}

pub struct Tag {
    pub name: String,
    pub slug: String,
    pub articles: Vec<usize>,
}

impl Tag {
    pub fn path(&self) -> String {
        format!("tags/{}/", self.slug)
    }
}

/// Reads and checks all articles. Drafts are checked too, and kept only with `drafts`;
/// `schedule` sorts the others into listed, withdrawn and held back. On a site in
/// several languages, the articles of each other language make a `Site` of their own
/// in `translations` (see `translations::version`).
///
/// Articles that fail are left out and their errors returned beside the site, so the
/// caller can still check the bodies of the others and report everything in one run.
/// Warnings (which do not fail the build) are returned with the errors.
pub fn load(
    config: Config,
    drafts: bool,
    schedule: Schedule,
) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (found, mut errors) = content::discover(&config.root)?;
    let (files, versions) = versions(found.articles, &config, &mut errors);
    let (statics, problems) = Statics::load(&config);
    errors.extend(problems);
    let (mut assets, problems) = Assets::gather(&files, found.others);
    errors.extend(problems);
    for (file, v) in files.iter().zip(&versions).filter(|(_, v)| v.lang > 0) {
        assets.share_bundle(&file.rel_path, &v.original);
    }
    if config.markdown.raw_html != RawHtml::Trusted {
        errors.extend(assets.check_svgs());
    }
    let shared = load_shared(&config, &mut errors);
    let archives = Archives::load(&config).unwrap_or_else(|e| {
        errors.extend(e);
        Archives::default()
    });
    let results: Vec<_> = files
        .par_iter()
        .zip(&versions)
        .map(|(f, v)| {
            let path = content::site_path(&v.original);
            load_article(f, &path, &config, &shared, &archives)
        })
        .collect();

    let configs: Vec<Config> = std::iter::once(config.clone())
        .chain(config.translations.iter().map(|l| config.in_language(l)))
        .collect();
    let mut loaded: Vec<Loaded> = configs.iter().map(|_| Loaded::default()).collect();
    for ((r, file), v) in results.into_iter().zip(&files).zip(versions) {
        let into = &mut loaded[v.lang];
        match r {
            Ok((a, warnings)) => {
                errors.extend(warnings);
                into.articles.push((a, v));
            }
            Err(e) => {
                errors.extend(e);
                into.failed.push(file.rel_path.clone());
            }
        }
    }
    let mut parts = Parts {
        statics: Arc::new(statics),
        assets: Arc::new(assets),
        drafts,
        schedule,
        alternates: Arc::default(),
    };
    parts.alternates = Arc::new(alternates_of(&configs, &loaded, &parts));
    let mut sites = Vec::with_capacity(configs.len());
    let mut default_links = None;
    for (config, loaded) in configs.into_iter().zip(loaded) {
        let (site, problems) = assemble(config, loaded, &parts, default_links.as_ref());
        errors.extend(problems);
        default_links.get_or_insert_with(|| site.links.clone());
        sites.push(site);
    }
    let mut sites = sites.into_iter();
    let mut site = sites.next().expect("the default language's site");
    site.translations = sites.collect();
    errors.extend(site.in_the_way_of_translations());
    Ok((site, errors))
}

/// What every language's `Site` shares.
struct Parts {
    statics: Arc<Statics>,
    assets: Arc<Assets>,
    drafts: bool,
    schedule: Schedule,
    alternates: Arc<Alternates>,
}

/// One language's articles as they were read, and the files that failed.
#[derive(Default)]
struct Loaded {
    articles: Vec<(Article, Version)>,
    failed: Vec<String>,
}

/// Each article file with its language, those whose name is refused left out (their
/// errors added to `errors`).
fn versions(
    files: Vec<ContentFile>,
    config: &Config,
    errors: &mut Vec<Diagnostic>,
) -> (Vec<ContentFile>, Vec<Version>) {
    let mut kept = Vec::with_capacity(files.len());
    let mut versions = Vec::with_capacity(files.len());
    for file in files {
        match translations::version(&file, config) {
            Ok(v) => {
                kept.push(file);
                versions.push(v);
            }
            Err(d) => errors.push(d),
        }
    }
    (kept, versions)
}

/// One language's site from its articles; a translation's links lead to its own
/// articles, and to the default language's (`default_links`) where it has none.
fn assemble(
    config: Config,
    loaded: Loaded,
    parts: &Parts,
    default_links: Option<&HashMap<String, LinkTarget>>,
) -> (Site, Vec<Diagnostic>) {
    let (drafts, schedule) = (parts.drafts, parts.schedule);
    let (mut all, versions): (Vec<Article>, Vec<Version>) = loaded.articles.into_iter().unzip();
    let mut errors = assets::share_images(&mut all, &parts.assets, &config);
    let published: Vec<&Article> = all.iter().filter(|a| drafts || !a.draft).collect();
    errors.extend(check_urls(&published, &parts.statics));
    if default_links.is_none() {
        errors.extend(parts.assets.check_places(&published, &parts.statics));
    }

    let mut links = default_links.cloned().unwrap_or_default();
    for (a, v) in all.iter().zip(&versions) {
        let target = if a.draft && !drafts {
            LinkTarget::Draft
        } else if schedule.state(a) == State::Held {
            LinkTarget::Scheduled(a.date.clone(), config.url(&a.path))
        } else {
            LinkTarget::Page(config.url(&a.path))
        };
        if v.original != a.rel_path && matches!(target, LinkTarget::Page(_)) {
            links.insert(v.original.clone(), target.clone());
        }
        links.insert(a.rel_path.clone(), target);
    }
    links.extend(loaded.failed.into_iter().map(|f| (f, LinkTarget::Broken)));

    let (mut articles, mut withdrawn, mut held) = (Vec::new(), Vec::new(), Vec::new());
    for a in all.into_iter().filter(|a| drafts || !a.draft) {
        match schedule.state(&a) {
            State::Listed => articles.push(a),
            State::Withdrawn => withdrawn.push(a),
            State::Held => held.push(a),
        }
    }
    unlist_claims(&articles, &mut withdrawn);
    unlist_claims(&articles, &mut held);
    articles.sort_by(publication_order);
    withdrawn.sort_by(publication_order);
    held.sort_by(publication_order);
    let tags = gather_tags(&articles);
    let site = Site {
        config,
        articles,
        withdrawn,
        held,
        schedule,
        links,
        tags,
        statics: parts.statics.clone(),
        assets: parts.assets.clone(),
        translations: Vec::new(),
        alternates: parts.alternates.clone(),
    };
    (site, errors)
}

/// The versions of every article with a page, in every language.
fn alternates_of(configs: &[Config], loaded: &[Loaded], parts: &Parts) -> Alternates {
    if configs.len() < 2 {
        return Alternates::new();
    }
    let has_page =
        |a: &Article| (parts.drafts || !a.draft) && parts.schedule.state(a) != State::Held;
    let published: Vec<_> = configs
        .iter()
        .zip(loaded)
        .map(|(config, l)| {
            let pages = l.articles.iter().filter(|(a, _)| has_page(a));
            (config, pages.map(|(a, v)| (a, v)).collect())
        })
        .collect();
    translations::alternates(&published)
}

/// The claims of articles in no list are in no ledger and have no page, but for a
/// site-wide claim a listed article names too, whose page that article gives it.
fn unlist_claims(listed: &[Article], others: &mut [Article]) {
    let named: HashSet<&str> = (listed.iter().flat_map(|a| &a.claims))
        .filter(|c| c.site_wide)
        .map(|c| c.id.as_str())
        .collect();
    for c in others.iter_mut().flat_map(|a| &mut a.claims) {
        c.listed = c.site_wide && named.contains(c.id.as_str());
    }
}

/// What an article's page may collide with.
enum Owner<'a> {
    Article(&'a Article),
    /// A file byline generates, and what it is.
    Generated(&'static str),
}

/// Refuses an article whose page would land on a file byline writes itself, in a
/// folder whose pages it writes, on another article's page or on a static file; a
/// static file in an article's page's place is a warning. (The static files in the
/// way of other generated files are found as they are written: `Renderer::claim`.)
fn check_urls(articles: &[&Article], statics: &Statics) -> Vec<Diagnostic> {
    let (files, placed, mut errors) = place(articles);
    for a in placed {
        errors.extend(in_the_way(a, &files, statics));
    }
    errors
}

/// Every page file (`a/index.html`) with its owner: byline's own files at the root,
/// then each article that can take its page; returns them, those articles, and the
/// errors of the others.
fn place<'a>(
    articles: &[&'a Article],
) -> (
    HashMap<String, Owner<'a>>,
    Vec<&'a Article>,
    Vec<Diagnostic>,
) {
    let mut errors = Vec::new();
    let mut files: HashMap<String, Owner> = generated::fixed_files()
        .map(|(file, what)| (file, Owner::Generated(what)))
        .collect();
    let folders = generated::folders();
    let mut placed = Vec::with_capacity(articles.len());
    for &a in articles {
        let collision = |why: String, help: &str| {
            Diagnostic::error("url-collision", why)
                .in_file(&a.display_path)
                .help(help)
        };
        if a.path.is_empty() {
            errors.push(collision(
                "this article would replace the home page".into(),
                "rename the file, or give it a `slug`",
            ));
        } else if let Some(what) = generated::reserved(a.path.split('/').next().unwrap_or("")) {
            let name = a.path.split('/').next().unwrap_or("");
            errors.push(collision(format!("this article would be published at /{}, and byline keeps the name /{name} for {what}", a.path), "rename the file, or give it a different `slug`"));
        } else if let Some(r) = folders.iter().find(|r| a.path.starts_with(r.as_str())) {
            errors.push(collision(format!("this article would be published at /{}, which byline uses for its own pages under /{r}", a.path), "move the file to another folder, or give it a different `slug`"));
        } else {
            match files.entry(format!("{}index.html", a.path)) {
                Entry::Occupied(o) => {
                    let other = match o.get() {
                        Owner::Article(other) => other.display_path.as_str(),
                        Owner::Generated(what) => what,
                    };
                    errors.push(collision(
                        format!(
                            "this article and {other} would both be published at /{}",
                            a.path
                        ),
                        "give one of them a different `slug`",
                    ));
                }
                Entry::Vacant(v) => {
                    v.insert(Owner::Article(a));
                    placed.push(a);
                }
            }
        }
    }
    (files, placed, errors)
}

/// What stands in the way of `a`'s page: a static file, or a file of `files` where
/// the page needs a folder (`atom.xml` for `atom.xml/index.html`).
fn in_the_way(a: &Article, files: &HashMap<String, Owner>, statics: &Statics) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let page = format!("{}index.html", a.path);
    let collision = |what: String| {
        Diagnostic::error(
            "url-collision",
            format!(
                "this article would be published at /{}, which collides with {what}",
                a.path
            ),
        )
        .in_file(&a.display_path)
        .help("rename the file, or give it a different `slug`")
    };
    match statics.conflict(&page) {
        Some(Conflict::Replaced(s)) => {
            errors.push(s.replaces(&format!("the page of {}", a.display_path), &page))
        }
        Some(Conflict::FileInTheWay(s) | Conflict::FolderInTheWay(s, _)) => {
            errors.push(collision(format!("the static file {}", s.display)))
        }
        None => {}
    }
    let folders = page.match_indices('/').map(|(i, _)| &page[..i]);
    if let Some((folder, owner)) = folders.filter_map(|f| Some((f, files.get(f)?))).next() {
        let what = match owner {
            Owner::Article(other) => format!("the page of {}", other.display_path),
            Owner::Generated(what) => what.to_string(),
        };
        errors.push(collision(format!("{what} (/{folder})")));
    }
    errors
}

/// The shared sources (`content/sources.yaml`, `.bib`, `.json`), `content/claimants.yaml` and `content/claims.yaml`, those the site has, their
/// errors added to `errors` (an empty list for a file with any).
pub(crate) fn load_shared(config: &Config, errors: &mut Vec<Diagnostic>) -> Shared {
    let sources = load_shared_sources(config, errors);
    let claimants = load_claimants(config).unwrap_or_else(|e| {
        errors.extend(e);
        Default::default()
    });
    let (claims, problems) = match shared_file(config, "claims.yaml") {
        Ok(Some(file)) => front_matter::parse_site_claims(&file, config, &sources, &claimants),
        Ok(None) => Default::default(),
        Err(e) => (Default::default(), e),
    };
    errors.extend(problems);
    Shared {
        sources,
        claimants,
        claims,
    }
}

/// A file of `content/` that is not an article, read if the site has it.
fn shared_file(config: &Config, name: &str) -> Result<Option<SourceFile>, Vec<Diagnostic>> {
    let fs_path = match site_fs::entry(&config.root, &format!("{}/{name}", content::DIR)) {
        site_fs::Entry::File(path) => path,
        site_fs::Entry::Link(d) => return Err(vec![d]),
        site_fs::Entry::Missing | site_fs::Entry::Dir(_) => return Ok(None),
    };
    let file = ContentFile {
        rel_path: name.into(),
        fs_path,
    };
    file.read().map(Some).map_err(|d| vec![d])
}

/// The shared sources of `content/sources.yaml`, `sources.bib` (BibTeX) and
/// `sources.json` (CSL-JSON), those the site has, in that order; a file with errors
/// adds none, and its errors (and every file's warnings) go to `errors`.
pub(crate) fn load_shared_sources(config: &Config, errors: &mut Vec<Diagnostic>) -> Vec<Source> {
    type Parse = fn(&SourceFile, &Config, &mut Vec<Diagnostic>) -> Result<Keyed, Vec<Diagnostic>>;
    let readers: [(&str, Parse); 3] = [
        ("sources.yaml", shared_yaml),
        (bibliography::BIB_FILE, bibliography::parse_bibtex),
        (bibliography::JSON_FILE, bibliography::parse_csl_json),
    ];
    let mut files = Vec::new();
    for (name, parse) in readers {
        let read = shared_file(config, name).and_then(|file| match file {
            Some(file) => parse(&file, config, errors).map(|sources| Some((file, sources))),
            None => Ok(None),
        });
        match read {
            Ok(found) => files.extend(found),
            Err(e) => errors.extend(e),
        }
    }
    bibliography::merge(files, errors)
}

/// `content/sources.yaml`, each source with the span of its `id`.
fn shared_yaml(
    file: &SourceFile,
    config: &Config,
    _warnings: &mut Vec<Diagnostic>,
) -> Result<Keyed, Vec<Diagnostic>> {
    let sources = front_matter::parse_shared_sources(file, config)?;
    // Placed only for a key another file defines too (a second YAML parse).
    let locator = std::cell::OnceCell::new();
    let place = |i: usize| {
        let locator = locator.get_or_init(|| crate::yaml::Locator::new(&file.text));
        let path = [Seg::Key("sources"), Seg::Index(i), Seg::Key("id")];
        locator.value(&path).map_or(0..0, |p| {
            let start = file.offset_of(p.line, p.col);
            start..start + p.width
        })
    };
    Ok(sources
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let key = place(i);
            (s, bibliography::Spans { key, url: None })
        })
        .collect())
}

/// `content/claimants.yaml`, if the site has one.
fn load_claimants(config: &Config) -> Result<Claimants, Vec<Diagnostic>> {
    match shared_file(config, "claimants.yaml")? {
        Some(file) => front_matter::parse_claimants(&file, config),
        None => Ok(Claimants::default()),
    }
}

/// Reads and checks the article in `file`, published at `path` unless its `slug` says
/// otherwise.
pub(crate) fn load_article(
    file: &ContentFile,
    path: &str,
    config: &Config,
    shared: &Shared,
    archives: &Archives,
) -> Result<(Article, Vec<Diagnostic>), Vec<Diagnostic>> {
    let source = file.read().map_err(|d| vec![d])?;
    let split = front_matter::split(&source).map_err(|d| vec![d])?;
    let loc = Location {
        rel_path: &file.rel_path,
        fs_path: &file.fs_path,
        path,
    };
    let (mut article, warnings) = front_matter::parse_with(&source, &split, &loc, config, shared)?;
    archives.apply(&mut article.sources);
    Ok((article, warnings))
}

/// Newest first, ties broken by path.
fn publication_order(a: &Article, b: &Article) -> std::cmp::Ordering {
    b.date.cmp(&a.date).then_with(|| a.path.cmp(&b.path))
}

impl Site {
    /// What Markdown needs of the site to render an article's body.
    pub fn markdown_env(&self) -> crate::markdown::Env<'_> {
        crate::markdown::Env {
            config: &self.config,
            articles: &self.links,
            assets: &self.assets,
            statics: &self.statics,
        }
    }

    /// Puts `article` in place of the one with the same `rel_path` (which must be
    /// published at the same path) and restores the order and the tags; returns the
    /// old article. For rebuilding one edited article without re-reading the others.
    pub fn replace(&mut self, article: Article) -> Option<Article> {
        debug_assert!(self.translations.is_empty());
        let i = self
            .articles
            .iter()
            .position(|a| a.rel_path == article.rel_path)?;
        let old = std::mem::replace(&mut self.articles[i], article);
        self.articles.sort_by(publication_order);
        self.tags = gather_tags(&self.articles);
        Some(old)
    }
}

impl Site {
    /// The default language's articles published in another language's folder
    /// (`fr/…`), where that language's pages go.
    fn in_the_way_of_translations(&self) -> Vec<Diagnostic> {
        let folders: Vec<String> = self
            .translations
            .iter()
            .map(|t| t.config.prefix().to_string())
            .collect();
        let pages = self.articles.iter().chain(&self.withdrawn);
        pages
            .filter_map(|a| {
                let folder = folders.iter().find(|f| a.path.starts_with(f.as_str()))?;
                Some(
                    Diagnostic::error(
                        "url-collision",
                        format!(
                            "this article would be published at /{}, in the folder of the site's pages in `{}`",
                            a.path,
                            folder.trim_end_matches('/')
                        ),
                    )
                    .in_file(&a.display_path)
                    .help("move the file to another folder, or give it a different `slug`"),
                )
            })
            .collect()
    }

    /// The site in every language, the default first.
    pub fn languages(&self) -> impl Iterator<Item = &Site> {
        std::iter::once(self).chain(&self.translations)
    }
}

fn gather_tags(articles: &[Article]) -> Vec<Tag> {
    let mut by_slug: BTreeMap<String, Tag> = BTreeMap::new();
    for (i, a) in articles.iter().enumerate() {
        for name in &a.tags {
            let slug = slugify(name);
            let tag = by_slug.entry(slug.clone()).or_insert_with(|| Tag {
                name: name.clone(),
                slug,
                articles: Vec::new(),
            });
            // Several spellings of one tag: the smallest name wins, whatever the file order.
            if *name < tag.name {
                tag.name = name.clone();
            }
            if tag.articles.last() != Some(&i) {
                tag.articles.push(i);
            }
        }
    }
    by_slug.into_values().collect()
}
