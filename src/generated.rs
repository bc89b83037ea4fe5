//! What a build writes, as one registry (`KINDS`): every kind of page and file, with
//! where it goes, what it is (for messages), whether the sitemap lists it and how it
//! is made. Rendering (`site_data`, and the pipeline for articles), the sitemap, the
//! URL-collision checks (`site`), the templates a theme must have (`templates`) and
//! serve's removal of pages no longer made (`incremental`) all read it, so a new kind
//! of page is one entry here, with its variables in `context` and its template in the
//! theme.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io;
use std::sync::OnceLock;

use crate::context::{self, Summary, Vars};
use crate::corrections::{self, LogEntry, CORRECTIONS_FEED, CORRECTIONS_PATH};
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::feeds;
use crate::ledger::{Ledger, CLAIMANTS_PATH, CLAIMS_JSON, CLAIMS_PATH, SOURCES_PATH};
use crate::paginate::{self, Pagination};
use crate::search;
use crate::site::Site;
use crate::translations::ClaimTexts;

/// The folder of the tag pages (and their feeds).
pub const TAGS: &str = "tags/";

/// The search page.
pub const SEARCH: &str = "search/";

/// The kind of the search index's files, written apart (see `site_data::render_kind`).
pub static SEARCH_INDEX: &Kind = &Kind {
    name: "search_index",
    place: Place::FilesIn(search::FOLDER),
    what: "a file of the search index",
    sitemap: false,
    replaceable: false,
    each: search_files,
    make: Make::Bytes(|input, file| match input.search {
        Some(files) => files.0[file.index].1.clone(),
        None => Vec::new(),
    }),
};

/// One kind of page or file a build writes.
pub struct Kind {
    /// `page_kind` in its template's variables (and the name of the kinds that are not pages).
    pub name: &'static str,
    pub place: Place,
    /// What it is, for messages: "the site's Atom feed".
    pub what: &'static str,
    /// Whether `sitemap.xml` lists its pages.
    pub sitemap: bool,
    /// Whether a static file in its place replaces it as documented, so silently (and
    /// it is then neither written nor counted): robots.txt. Any other is warned about.
    /// Only for the files byline makes itself (`Make::Bytes`, `Make::Stream`).
    pub replaceable: bool,
    /// What of the site it is made for: once, or for each tag, status, … in order.
    pub each: for<'a> fn(&Input<'a>) -> Vec<Instance<'a>>,
    pub make: Make,
}

/// Where a kind's files go.
#[derive(Debug, Clone, Copy)]
pub enum Place {
    /// Each article's page, `<path>index.html`.
    Articles,
    /// One file: `atom.xml`.
    File(&'static str),
    /// One page: `tags/`, written as `tags/index.html`.
    Page(&'static str),
    /// A list, `paginate::PER_PAGE` entries a page: `claims/`, `claims/page/2/`, …
    /// (`""` for the home page).
    List(&'static str),
    /// A list for each instance, in a folder: `tags/<slug>/`, `tags/<slug>/page/2/`, …
    Lists(&'static str),
    /// A page for each instance, in a folder: `claims/<article path><id>/`.
    Pages(&'static str),
    /// A file for each instance, in a folder: `tags/<slug>/atom.xml`.
    Files(&'static str, &'static str),
    /// A file for each instance, named by its key, in a folder: `claims/claims-2.json`.
    FilesIn(&'static str),
    /// A file for each instance at the site's root, its key a number between a prefix
    /// and a suffix: `sitemap-2.xml`. No article may take a name of that shape.
    Numbered(&'static str, &'static str),
}

/// How a kind is made.
#[derive(Clone, Copy)]
pub enum Make {
    /// This template, with each article's body: by the pipeline, as articles are rendered.
    Article(&'static str),
    /// A template, rendered for each page with the variables the function makes.
    Template(&'static str, fn(&Page) -> Vars),
    /// A template for pages of a listing's entries (given as HTML, see `Listing`).
    Entries(&'static str, Listing, fn(&Page, String) -> Vars),
    /// Bytes byline makes itself.
    Bytes(for<'a> fn(&Input<'a>, &Instance<'a>) -> Vec<u8>),
    /// Bytes written as they are made, too many to hold at once (a file of claims.json).
    Stream(for<'a> fn(&Input<'a>, &Instance<'a>, &mut dyn io::Write) -> io::Result<()>),
}

impl Make {
    /// Whether it makes files rather than pages.
    pub fn is_file(&self) -> bool {
        matches!(self, Make::Bytes(_) | Make::Stream(_))
    }
}

/// Entries listed by group (a claim on its status's page, a source on its publisher's)
/// and on a whole list: rendered by their own template, whole on the group's page, and
/// on the whole list as a compact row (claims) or, for entries in no group, whole.
/// Each listing has two kinds in `KINDS`, a `List` and a `Lists`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    Claims,
    Sources,
}

impl Listing {
    /// The template of one entry.
    pub fn entry_template(self) -> &'static str {
        match self {
            Listing::Claims => "claim_entry.html",
            Listing::Sources => "source_entry.html",
        }
    }

    /// Its two kinds: the whole list's, then the groups'.
    pub fn kinds(self) -> (ListKind, ListKind) {
        let of = |whole: bool| {
            KINDS.iter().find_map(|&kind| match kind.make {
                Make::Entries(template, listing, vars)
                    if listing == self && matches!(kind.place, Place::List(_)) == whole =>
                {
                    Some(ListKind {
                        kind,
                        template,
                        vars,
                    })
                }
                _ => None,
            })
        };
        let whole = of(true).expect("a listing has a whole list in KINDS");
        let groups = of(false).expect("a listing has group lists in KINDS");
        (whole, groups)
    }
}

/// A kind that makes pages of a listing's entries, with how it makes them.
#[derive(Clone, Copy)]
pub struct ListKind {
    pub kind: &'static Kind,
    pub template: &'static str,
    pub vars: fn(&Page, String) -> Vars,
}

/// The article pages' template.
pub const ARTICLE_TEMPLATE: &str = "article.html";

/// The article pages' kind, which the pipeline renders apart from the others.
pub static ARTICLE: Kind = Kind {
    name: "article",
    place: Place::Articles,
    what: "an article's page",
    sitemap: true,
    replaceable: false,
    each: articles,
    make: Make::Article(ARTICLE_TEMPLATE),
};

/// Everything a build writes, in the order the sitemap lists pages.
pub static KINDS: &[&Kind] = &[
    &Kind {
        name: "index",
        place: Place::List(""),
        what: "the home page",
        sitemap: true,
        replaceable: false,
        each: |input| vec![Instance::once(input.site.articles.len(), input.newest)],
        make: Make::Template("index.html", context::home),
    },
    &ARTICLE,
    &Kind {
        name: "tags",
        place: Place::Page(TAGS),
        what: "the tag index",
        sitemap: true,
        replaceable: false,
        each: |input| vec![Instance::once(input.site.tags.len(), input.newest)],
        make: Make::Template("tags.html", context::tags),
    },
    &Kind {
        name: "tag",
        place: Place::Lists(TAGS),
        what: "a tag's page",
        sitemap: true,
        replaceable: false,
        each: tags,
        make: Make::Template("tag.html", context::tag),
    },
    &Kind {
        name: "claims",
        place: Place::List(CLAIMS_PATH),
        what: "the claims ledger",
        sitemap: true,
        replaceable: false,
        each: |input| vec![Instance::once(input.ledger.claims.len(), input.newest)],
        make: Make::Entries("claims.html", Listing::Claims, context::claims),
    },
    &Kind {
        name: "claims_status",
        place: Place::Lists(CLAIMS_PATH),
        what: "a status's page of the claims ledger",
        sitemap: true,
        replaceable: false,
        each: statuses,
        make: Make::Entries(
            "claims_status.html",
            Listing::Claims,
            context::claims_status,
        ),
    },
    &Kind {
        name: "claim",
        place: Place::Pages(CLAIMS_PATH),
        what: "a claim's page",
        sitemap: true,
        replaceable: false,
        each: claim_pages,
        make: Make::Template("claim.html", context::claim),
    },
    &Kind {
        name: "claimants",
        place: Place::Page(CLAIMANTS_PATH),
        what: "the claimants index",
        sitemap: true,
        replaceable: false,
        each: |input| vec![Instance::once(input.ledger.claimants.len(), input.newest)],
        make: Make::Template("claimants.html", context::claimants),
    },
    &Kind {
        name: "claimant",
        place: Place::Lists(CLAIMANTS_PATH),
        what: "a claimant's page",
        sitemap: true,
        replaceable: false,
        each: claimant_pages,
        make: Make::Template("claimant.html", context::claimant),
    },
    &Kind {
        name: "sources",
        place: Place::List(SOURCES_PATH),
        what: "the sources index",
        sitemap: true,
        replaceable: false,
        each: |input| vec![Instance::once(input.ledger.unpublished, input.newest)],
        make: Make::Entries("sources.html", Listing::Sources, context::sources),
    },
    &Kind {
        name: "publisher",
        place: Place::Lists(SOURCES_PATH),
        what: "a publisher's page of the sources index",
        sitemap: true,
        replaceable: false,
        each: publishers,
        make: Make::Entries("publisher.html", Listing::Sources, context::publisher),
    },
    &Kind {
        name: "corrections",
        place: Place::List(CORRECTIONS_PATH),
        what: "the corrections log",
        sitemap: true,
        replaceable: false,
        each: |input| vec![Instance::once(input.corrections().len(), input.newest)],
        make: Make::Template("corrections.html", context::corrections),
    },
    &Kind {
        name: "404",
        place: Place::File("404.html"),
        what: "the not-found page",
        sitemap: false,
        replaceable: false,
        each: once,
        make: Make::Template("404.html", context::not_found),
    },
    &Kind {
        name: "search",
        place: Place::Page(SEARCH),
        what: "the search page",
        sitemap: false,
        replaceable: false,
        each: |input| match input.site.config.search {
            true => vec![Instance::once(0, None)],
            false => Vec::new(),
        },
        make: Make::Template("search.html", context::search),
    },
    &Kind {
        name: "atom",
        place: Place::File(feeds::ATOM),
        what: "the site's Atom feed",
        sitemap: false,
        replaceable: false,
        each: once,
        make: Make::Bytes(|input, _| feeds::site_feed(input)),
    },
    &Kind {
        name: "tag_atom",
        place: Place::Files(TAGS, feeds::ATOM),
        what: "a tag's Atom feed",
        sitemap: false,
        replaceable: false,
        each: tags,
        make: Make::Bytes(|input, tag| feeds::tag_feed(input, tag.index)),
    },
    &Kind {
        name: "corrections_atom",
        place: Place::File(CORRECTIONS_FEED),
        what: "the corrections log's Atom feed",
        sitemap: false,
        replaceable: false,
        each: once,
        make: Make::Bytes(|input, _| feeds::corrections_feed(input)),
    },
    &Kind {
        name: "sitemap",
        place: Place::File(feeds::SITEMAP),
        what: "the sitemap",
        sitemap: false,
        replaceable: false,
        each: once,
        make: Make::Bytes(|input, _| {
            let pages = input.sitemap_pages();
            match pages.parts.len() {
                1 => feeds::sitemap(&input.site.config, &pages.pages),
                parts => feeds::sitemap_index(&input.site.config, parts, input.newest),
            }
        }),
    },
    &Kind {
        name: "sitemap_part",
        place: Place::Numbered(feeds::SITEMAP_PART.0, feeds::SITEMAP_PART.1),
        what: "a file of the sitemap",
        sitemap: false,
        replaceable: false,
        each: sitemap_parts,
        make: Make::Bytes(|input, part| {
            let pages = input.sitemap_pages();
            feeds::sitemap(
                &input.site.config,
                &pages.pages[pages.parts[part.index].clone()],
            )
        }),
    },
    &Kind {
        name: "robots",
        place: Place::File(feeds::ROBOTS),
        what: "the file for crawlers",
        sitemap: false,
        replaceable: true,
        each: once,
        make: Make::Bytes(|input, _| feeds::robots(&input.site.config).into_bytes()),
    },
    &Kind {
        name: "claims_json",
        place: Place::File(CLAIMS_JSON),
        what: "the claims export",
        sitemap: false,
        replaceable: false,
        each: once,
        make: Make::Bytes(|input, _| input.ledger.json_index(&input.site.config)),
    },
    &Kind {
        name: "claims_json_page",
        place: Place::FilesIn(CLAIMS_PATH),
        what: "a file of the claims export",
        sitemap: false,
        replaceable: false,
        each: json_pages,
        make: Make::Stream(|input, page, out| {
            let texts = input.claim_texts();
            (input.ledger).write_json_page(&input.site.config, texts, page.index + 1, out)
        }),
    },
    SEARCH_INDEX,
];

/// What the kinds are made from.
pub struct Input<'a> {
    pub site: &'a Site,
    pub ledger: &'a Ledger<'a>,
    /// The rendered bodies of the articles the site's feed carries (`None` for others).
    pub bodies: &'a [Option<String>],
    /// When the newest published article last changed.
    pub newest: Option<&'a Date>,
    /// The search index's files, when the build writes them.
    pub search: Option<&'a search::Files>,
    summaries: OnceLock<Vec<Summary<'a>>>,
    sitemap: OnceLock<SitemapPages<'a>>,
    corrections: OnceLock<Vec<LogEntry<'a>>>,
    claim_texts: OnceLock<ClaimTexts<'a>>,
}

/// The pages the sitemap lists, and how they are split between its files.
pub struct SitemapPages<'a> {
    pub pages: Vec<feeds::SitemapPage<'a>>,
    /// The pages each file lists: one range for `sitemap.xml` alone, or one for each
    /// of its parts when `sitemap.xml` is an index of them.
    pub parts: Vec<std::ops::Range<usize>>,
}

impl<'a> Input<'a> {
    pub fn new(site: &'a Site, ledger: &'a Ledger<'a>, bodies: &'a [Option<String>]) -> Self {
        Input {
            site,
            ledger,
            bodies,
            newest: latest(site, 0..site.articles.len()),
            search: None,
            summaries: OnceLock::new(),
            sitemap: OnceLock::new(),
            corrections: OnceLock::new(),
            claim_texts: OnceLock::new(),
        }
    }

    /// The sitemap's pages and files, made once.
    pub fn sitemap_pages(&self) -> &SitemapPages<'a> {
        self.sitemap.get_or_init(|| {
            let pages = sitemap(self);
            let parts = feeds::sitemap_parts(&self.site.config, &pages);
            SitemapPages { pages, parts }
        })
    }

    /// The corrections log, newest first, made once when a page first needs it.
    pub fn corrections(&self) -> &[LogEntry<'a>] {
        (self.corrections).get_or_init(|| corrections::log(&self.site.articles, &self.site.config))
    }

    /// The claims' texts in the site's other languages, made once.
    pub fn claim_texts(&self) -> &ClaimTexts<'a> {
        (self.claim_texts).get_or_init(|| ClaimTexts::new(self.site))
    }

    /// With the search index's files to write.
    pub fn with_search(mut self, files: Option<&'a search::Files>) -> Self {
        self.search = files;
        self
    }

    /// Every article's summary, made once when a page first needs them.
    pub fn summaries(&self) -> &[Summary<'a>] {
        self.summaries.get_or_init(|| {
            let config = &self.site.config;
            self.site
                .articles
                .iter()
                .map(|a| Summary::new(a, config))
                .collect()
        })
    }
}

/// When the published articles among `indices` last changed.
fn latest(site: &Site, indices: impl Iterator<Item = usize>) -> Option<&Date> {
    indices
        .filter(|&i| !site.articles[i].draft)
        .map(|i| site.articles[i].modified())
        .max()
}

/// What one file or list of a kind is made for: the site, an article, a tag, ….
pub struct Instance<'a> {
    /// Its name in the kind's folder (a tag's slug), or an article's path.
    pub key: Cow<'a, str>,
    /// Which tag, status, publisher or article: its index in the site's or ledger's list.
    pub index: usize,
    /// How many entries its list holds.
    pub items: usize,
    /// When what it shows last changed, for the sitemap.
    pub lastmod: Option<&'a Date>,
    /// Whether the sitemap lists it (drafts, built with `--drafts`, are not).
    pub listed: bool,
}

impl<'a> Instance<'a> {
    /// The one instance of a kind made once.
    fn once(items: usize, lastmod: Option<&'a Date>) -> Self {
        Instance {
            key: Cow::Borrowed(""),
            index: 0,
            items,
            lastmod,
            listed: true,
        }
    }
}

fn once<'a>(_: &Input<'a>) -> Vec<Instance<'a>> {
    vec![Instance::once(0, None)]
}

fn articles<'a>(input: &Input<'a>) -> Vec<Instance<'a>> {
    let site = input.site;
    let each = site.articles.iter().enumerate().map(|(index, a)| Instance {
        key: Cow::Borrowed(a.path.as_str()),
        index,
        items: 0,
        lastmod: Some(a.modified()),
        listed: !a.draft,
    });
    each.collect()
}

fn tags<'a>(input: &Input<'a>) -> Vec<Instance<'a>> {
    let site = input.site;
    let each = site.tags.iter().enumerate().map(|(index, tag)| Instance {
        key: Cow::Borrowed(tag.slug.as_str()),
        index,
        items: tag.articles.len(),
        lastmod: latest(site, tag.articles.iter().copied()),
        listed: true,
    });
    each.collect()
}

fn statuses<'a>(input: &Input<'a>) -> Vec<Instance<'a>> {
    let each = input.ledger.statuses.iter().enumerate().map(|(index, s)| {
        let slug = crate::status::page_slug(index, s.key);
        Instance {
            key: Cow::Owned(slug),
            index,
            items: s.count,
            lastmod: input.newest,
            listed: true,
        }
    });
    each.collect()
}

/// A page per claim, at its article's path and its id (`ledger::claim_page_path`), on
/// a site with claim pages (`[claims] pages`).
fn claim_pages<'a>(input: &Input<'a>) -> Vec<Instance<'a>> {
    if !input.site.config.claim_pages {
        return Vec::new();
    }
    let each = input.ledger.claims.iter().enumerate().map(|(index, c)| {
        let (a, claim) = (c.article.article, c.claim());
        Instance {
            key: Cow::Owned(crate::ledger::claim_page_key(a, claim)),
            index,
            items: 0,
            lastmod: claim.as_of.as_ref().or(Some(a.modified())),
            listed: !a.draft,
        }
    });
    each.collect()
}

fn claimant_pages<'a>(input: &Input<'a>) -> Vec<Instance<'a>> {
    let ledger = input.ledger;
    let each = ledger
        .claimants
        .iter()
        .enumerate()
        .map(|(index, c)| Instance {
            key: Cow::Borrowed(c.claimant.slug.as_str()),
            index,
            items: c.claims.len(),
            lastmod: input.newest,
            listed: true,
        });
    each.collect()
}

fn json_pages<'a>(input: &Input<'a>) -> Vec<Instance<'a>> {
    let each = (0..input.ledger.json_pages()).map(|index| Instance {
        key: Cow::Owned(crate::ledger::json_page_name(index + 1)),
        index,
        items: 0,
        lastmod: None,
        listed: false,
    });
    each.collect()
}

/// The files `sitemap.xml` indexes: none while it holds every page itself.
fn sitemap_parts<'a>(input: &Input<'a>) -> Vec<Instance<'a>> {
    let parts = input.sitemap_pages().parts.len();
    let each = (0..parts).filter(|_| parts > 1).map(|index| Instance {
        key: Cow::Owned((index + 1).to_string()),
        index,
        items: 0,
        lastmod: None,
        listed: false,
    });
    each.collect()
}

fn search_files<'a>(input: &Input<'a>) -> Vec<Instance<'a>> {
    let files = input.search.map(|f| f.0.as_slice()).unwrap_or_default();
    let each = files.iter().enumerate().map(|(index, (name, _))| Instance {
        key: Cow::Borrowed(name.as_str()),
        index,
        items: 0,
        lastmod: None,
        listed: false,
    });
    each.collect()
}

fn publishers<'a>(input: &Input<'a>) -> Vec<Instance<'a>> {
    let each = input
        .ledger
        .publishers
        .iter()
        .enumerate()
        .map(|(index, p)| Instance {
            key: Cow::Borrowed(p.slug.as_str()),
            index,
            items: p.count,
            lastmod: input.newest,
            listed: true,
        });
    each.collect()
}

impl Place {
    /// Site path of an instance's first page (`tags/x/`), or of its file.
    pub fn base(&self, key: &str) -> String {
        match *self {
            Place::Articles => key.to_string(),
            Place::File(file) => file.to_string(),
            Place::Page(path) | Place::List(path) => path.to_string(),
            Place::Lists(folder) | Place::Pages(folder) => format!("{folder}{key}/"),
            Place::Files(folder, name) => format!("{folder}{key}/{name}"),
            Place::FilesIn(folder) => format!("{folder}{key}"),
            Place::Numbered(prefix, suffix) => format!("{prefix}{key}{suffix}"),
        }
    }

    /// Whether a file or folder at the site's root has the name of one of its files.
    fn reserves(&self, name: &str) -> bool {
        let Place::Numbered(prefix, suffix) = *self else {
            return false;
        };
        let number = name
            .strip_prefix(prefix)
            .and_then(|n| n.strip_suffix(suffix));
        number.is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    }

    fn paginated(&self) -> bool {
        matches!(self, Place::List(_) | Place::Lists(_))
    }

    /// Site path of page `n` of an instance (`tags/x/page/2/`), or of its file.
    pub fn page_path(&self, key: &str, n: usize) -> String {
        paginate::page_path(&self.base(key), n)
    }

    /// The file of page `n` of an instance: `tags/x/page/2/index.html`, `404.html`.
    pub fn file(&self, key: &str, n: usize) -> String {
        match self {
            Place::File(_) | Place::Files(..) | Place::FilesIn(_) | Place::Numbered(..) => {
                self.base(key)
            }
            _ => format!("{}index.html", self.page_path(key, n)),
        }
    }

    /// The file it writes wherever the site's content, if any: `atom.xml`, `tags/index.html`.
    fn fixed_file(&self) -> Option<String> {
        match self {
            Place::File(_) | Place::Page(_) | Place::List(_) => Some(self.file("", 1)),
            Place::Articles
            | Place::Lists(_)
            | Place::Pages(_)
            | Place::Files(..)
            | Place::FilesIn(_)
            | Place::Numbered(..) => None,
        }
    }

    /// The folder whose every file it may write: `tags/`, or the `page/` folder of a list.
    fn folder(&self) -> Option<String> {
        match *self {
            Place::List(base) => Some(format!("{base}page/")),
            Place::Lists(folder)
            | Place::Pages(folder)
            | Place::Files(folder, _)
            | Place::FilesIn(folder) => Some(folder.to_string()),
            Place::Articles | Place::File(_) | Place::Page(_) | Place::Numbered(..) => None,
        }
    }
}

impl Kind {
    /// How many pages (or files) an instance of this kind takes.
    pub fn pages(&self, instance: &Instance) -> usize {
        if self.place.paginated() {
            paginate::page_count(instance.items)
        } else {
            1
        }
    }
}

/// Page `n` of an instance of a kind, as it is rendered.
pub struct Page<'r, 'a> {
    pub input: &'r Input<'a>,
    pub kind: &'static Kind,
    pub instance: &'r Instance<'a>,
    pub n: usize,
}

impl Page<'_, '_> {
    /// The file it is written to.
    pub fn file(&self) -> String {
        self.kind.place.file(&self.instance.key, self.n)
    }

    /// Where it is among its list's pages.
    pub fn pagination(&self) -> Pagination {
        let base = self.kind.place.base(&self.instance.key);
        let config = &self.input.site.config;
        paginate::pagination(config, &base, self.n, self.instance.items)
    }

    /// Its variables: `data`'s fields, `page_kind`, and as `page_title` the `title` of
    /// its list, numbered beyond the first page ("Claims (page 2 of 7)").
    pub fn vars(&self, title: &str, data: &impl serde::Serialize) -> Vars {
        let title = paginate::numbered(title, self.n, self.kind.pages(self.instance));
        context::page(self.kind.name, &title, data)
    }
}

/// Two of byline's own files at one place, or one where another needs a folder: a
/// claim page whose article's path and id spell a status page's (`claims/<status>/page/2/`)
/// or a file of the export (`claims/claims-1.json/`). Articles are checked by `site`.
pub fn collision(input: &Input) -> Option<Diagnostic> {
    let mut files: HashMap<String, &'static str> = HashMap::new();
    let mut folders: HashSet<String> = HashSet::new();
    for kind in KINDS {
        for instance in (kind.each)(input) {
            for n in 1..=kind.pages(&instance) {
                let file = kind.place.file(&instance.key, n);
                let mut folder = file.as_str();
                while let Some((parent, _)) = folder.rsplit_once('/') {
                    if !folders.insert(parent.to_string()) {
                        break;
                    }
                    folder = parent;
                }
                if let Some(other) = files.insert(file.clone(), kind.what) {
                    return Some(collided(&file, other, kind.what));
                }
            }
        }
    }
    let taken = files
        .iter()
        .find(|(file, _)| folders.contains(file.as_str()))?;
    Some(collided(taken.0, taken.1, "pages in a folder of that name"))
}

fn collided(file: &str, first: &str, second: &str) -> Diagnostic {
    Diagnostic::error(
        "url-collision",
        format!("byline would write /{file} twice: as {first} and as {second}"),
    )
    .help("rename the article or the claim whose path makes it, so that their claim pages go elsewhere")
}

/// Every page the sitemap lists, in `KINDS` order: its site path and last change.
fn sitemap<'a>(input: &Input<'a>) -> Vec<feeds::SitemapPage<'a>> {
    let mut pages = Vec::new();
    let site = input.site;
    for kind in KINDS.iter().filter(|k| k.sitemap) {
        for instance in (kind.each)(input).into_iter().filter(|i| i.listed) {
            let alternates = match kind.place {
                Place::Articles => site
                    .alternates
                    .get(&site.articles[instance.index].rel_path)
                    .map(|a| &a[..]),
                _ => None,
            };
            pages.extend((1..=kind.pages(&instance)).map(|n| {
                let path = kind.place.page_path(&instance.key, n);
                (path, instance.lastmod, alternates)
            }));
        }
    }
    pages
}

/// The kinds only the default language makes, for the whole site: robots.txt and the
/// claims export (which holds a claim's texts in every language).
pub const WHOLE_SITE: [&str; 3] = ["robots", "claims_json", "claims_json_page"];

/// Whether `input`'s language makes `kind`.
pub fn made_in(kind: &Kind, input: &Input) -> bool {
    input.site.config.prefix().is_empty() || !WHOLE_SITE.contains(&kind.name)
}

/// The files byline writes wherever the site's content, with what each is: the home
/// page, `atom.xml`, `tags/index.html`, …
pub fn fixed_files() -> impl Iterator<Item = (String, &'static str)> {
    KINDS
        .iter()
        .filter_map(|k| Some((k.place.fixed_file()?, k.what)))
}

/// What byline writes, or may write, at a name of the site's root that is neither a
/// fixed file nor a folder of its own: `sitemap-3.xml` is a file of the sitemap.
pub fn reserved(name: &str) -> Option<&'static str> {
    KINDS
        .iter()
        .find(|k| k.place.reserves(name))
        .map(|k| k.what)
}

/// The folders whose every file byline writes itself (`tags/`, `page/`), none inside another.
pub fn folders() -> Vec<String> {
    let all: Vec<String> = KINDS.iter().filter_map(|k| k.place.folder()).collect();
    let mut folders: Vec<String> = Vec::new();
    for folder in &all {
        let inside = |other: &String| other != folder && folder.starts_with(other.as_str());
        if !all.iter().any(inside) && !folders.contains(folder) {
            folders.push(folder.clone());
        }
    }
    folders
}

/// Every template the kinds render, which a theme must have.
pub fn templates() -> Vec<&'static str> {
    let mut names = Vec::new();
    let mut entries = Vec::new();
    for kind in KINDS {
        match kind.make {
            Make::Article(t) | Make::Template(t, _) => names.push(t),
            Make::Entries(t, listing, _) => {
                names.push(t);
                if !entries.contains(&listing.entry_template()) {
                    entries.push(listing.entry_template());
                }
            }
            Make::Bytes(_) | Make::Stream(_) => {}
        }
    }
    names.extend(entries);
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byline_s_own_folders_and_files_at_the_root() {
        assert_eq!(
            folders(),
            [
                "page/",
                "tags/",
                "claims/",
                "claimants/",
                "sources/",
                "corrections/page/",
                "pagefind/"
            ]
        );
        let files: Vec<(String, &str)> = fixed_files().collect();
        let root: Vec<&(String, &str)> = files.iter().filter(|(f, _)| !f.contains('/')).collect();
        let expected = [
            ("index.html", "the home page"),
            ("404.html", "the not-found page"),
            ("atom.xml", "the site's Atom feed"),
            ("sitemap.xml", "the sitemap"),
            ("robots.txt", "the file for crawlers"),
            ("claims.json", "the claims export"),
        ];
        assert_eq!(root.len(), expected.len());
        for (file, what) in expected {
            assert!(root.contains(&&(file.to_string(), what)), "{file}");
        }
    }

    #[test]
    fn places_make_the_paths_of_pages_and_files() {
        let tag = Place::Lists(TAGS);
        assert_eq!(tag.file("x", 1), "tags/x/index.html");
        assert_eq!(tag.file("x", 2), "tags/x/page/2/index.html");
        assert_eq!(Place::List("").file("", 3), "page/3/index.html");
        assert_eq!(
            Place::Files(TAGS, "atom.xml").file("x", 1),
            "tags/x/atom.xml"
        );
        assert_eq!(Place::Articles.page_path("a/b/", 1), "a/b/");
    }

    #[test]
    fn every_listing_has_a_whole_list_and_group_lists_and_every_kind_its_own_name() {
        for listing in [Listing::Claims, Listing::Sources] {
            let (whole, groups) = listing.kinds();
            assert!(matches!(whole.kind.place, Place::List(_)));
            assert!(matches!(groups.kind.place, Place::Lists(_)));
        }
        assert!(KINDS.iter().all(|k| !k.replaceable || k.make.is_file()));
        let mut names: Vec<&str> = KINDS.iter().map(|k| k.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), KINDS.len());
    }

    #[test]
    fn a_theme_needs_every_template_once() {
        let names = templates();
        assert_eq!(names.len(), 16);
        assert!(names.contains(&"claim_entry.html") && names.contains(&"404.html"));
    }
}
