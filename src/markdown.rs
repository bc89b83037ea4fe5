//! Markdown bodies, with byline's two additions: citations (`[@lavrov; @un]`) become
//! numbered markers that link into the sources sidebar, and claim links
//! (`[words](claim:id)`) become highlighted spans with a badge naming the status.
//! Links to other articles' `.md` files become links to their pages, site paths get
//! the base path, and every id and URL is checked, with errors at `path:line:col`.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::article::{claim_anchor, Article, SOURCE_ANCHOR};
use crate::config::Config;
use crate::diagnostic::{
    did_you_mean, more_in_file, some_of, Diagnostic, Severity, SourceFile, MAX_PER_FILE,
};
use crate::front_matter::{is_valid_id, scheme_of, slugify, unknown_source_help};
use crate::highlight;
use crate::html::{escape, escape_into};

/// Where a `.md` link can lead: the page URL, or a reason it cannot be linked.
#[derive(Debug, Clone)]
pub enum LinkTarget {
    Page(String),
    Draft,
    /// An article that failed to load: already reported, so links to it are not.
    Broken,
}

/// Everything the renderer needs to know about the rest of the site.
pub struct Env<'a> {
    pub config: &'a Config,
    /// Content-relative `.md` path → target.
    pub articles: &'a HashMap<String, LinkTarget>,
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    /// Per source (by index in the article): anchors of the markers citing it.
    pub citations: Vec<Vec<String>>,
    /// Per claim (by index): anchors of its spans in the body.
    pub mentions: Vec<Vec<String>>,
}

const TABLE_SCROLL_OPEN: &str =
    "<div class=\"table-scroll\" role=\"region\" aria-label=\"Table\" tabindex=\"0\">\n";

const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_HEADING_ATTRIBUTES);

pub fn render(
    article: &Article,
    file: &SourceFile,
    body: &str,
    body_offset: usize,
    env: &Env,
) -> Result<Rendered, Vec<Diagnostic>> {
    let mut r = Renderer {
        article,
        file,
        body,
        body_offset,
        env,
        out: Vec::new(),
        errors: Vec::new(),
        dropped: 0,
        rendered: Rendered {
            html: String::with_capacity(body.len() * 3 / 2),
            citations: vec![Vec::new(); article.sources.len()],
            mentions: vec![Vec::new(); article.claims.len()],
        },
        cite_count: 0,
        claim_stack: Vec::new(),
        heading: None,
        heading_ids: HashSet::new(),
        code: None,
        text: None,
    };
    let mut depth = 0;
    for (event, range) in Parser::new_ext(body, OPTIONS).into_offset_iter() {
        let deeper = match &event {
            Event::Start(_) => {
                depth += 1;
                depth > MAX_NESTING
            }
            Event::End(_) => {
                depth -= 1;
                depth >= MAX_NESTING
            }
            _ => depth > MAX_NESTING,
        };
        if !deeper {
            r.event(event, range);
        } else if depth == MAX_NESTING + 1 && matches!(event, Event::Start(_)) {
            r.too_deep(range);
        }
    }
    r.flush_text();
    if r.dropped > 0 {
        let more = more_in_file(&file.name, Severity::Error, r.dropped);
        r.errors.push(more);
    }
    if !r.errors.is_empty() {
        return Err(r.errors);
    }
    pulldown_cmark::html::push_html(&mut r.rendered.html, r.out.into_iter());
    Ok(r.rendered)
}

/// How deep blocks and inline elements may nest (quotes in lists in quotes, …):
/// `> > > …` or `- - - …` a million deep on one line made gigabytes of events.
pub const MAX_NESTING: usize = 100;

/// A heading whose events are being collected, to derive its id from its text.
struct OpenHeading<'a> {
    level: HeadingLevel,
    id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    /// Where the heading's content starts in `out`.
    start: usize,
}

struct Renderer<'a, 'e> {
    article: &'a Article,
    file: &'a SourceFile,
    body: &'a str,
    body_offset: usize,
    env: &'a Env<'e>,
    out: Vec<Event<'a>>,
    errors: Vec<Diagnostic>,
    /// Errors past [`MAX_PER_FILE`], counted but not made.
    dropped: usize,
    rendered: Rendered,
    cite_count: usize,
    /// Open links: `Some(claim index)` for claim links, `None` for ordinary ones.
    claim_stack: Vec<Option<usize>>,
    /// An open heading: its tag and where its events start in `out`.
    heading: Option<OpenHeading<'a>>,
    heading_ids: HashSet<String>,
    code: Option<(Option<String>, String)>,
    /// Consecutive text events, merged so `[@a; @b]` is seen whole.
    text: Option<(Cow<'a, str>, Range<usize>)>,
}

impl<'a> Renderer<'a, '_> {
    fn span(&self, range: Range<usize>) -> Range<usize> {
        range.start + self.body_offset..range.end + self.body_offset
    }

    /// Whether another error may be made; if not, it is counted. Errors whose help or
    /// position takes work ask first.
    fn room(&mut self) -> bool {
        let room = self.errors.len() < MAX_PER_FILE;
        if !room {
            self.dropped += 1;
        }
        room
    }

    fn error(&mut self, code: &'static str, message: String, range: Range<usize>, help: String) {
        if !self.room() {
            return;
        }
        let span = self.span(range);
        self.errors.push(
            Diagnostic::error(code, message)
                .at(self.file, span)
                .help(help),
        );
    }

    /// Reports an element nested past [`MAX_NESTING`]; what it holds is left out.
    fn too_deep(&mut self, range: Range<usize>) {
        self.error(
            "too-deep",
            format!("the Markdown nests more than {MAX_NESTING} levels deep here"),
            range.start..range.start + 1,
            format!("byline renders quotes, lists and other elements nested at most {MAX_NESTING} deep: flatten them"),
        );
    }

    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        if let Some((_, code)) = &mut self.code {
            match event {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, code) = self.code.take().unwrap_or_default();
                    self.out.push(Event::Html(
                        highlight::code_block(lang.as_deref(), &code).into(),
                    ));
                }
                _ => {}
            }
            return;
        }
        // A soft break is written as a newline either way; as text, it keeps a
        // citation wrapped onto the next line in one piece.
        let event = match event {
            Event::SoftBreak => Event::Text(match &self.body[range.clone()] {
                newline @ "\n" => CowStr::Borrowed(newline),
                _ => CowStr::Borrowed("\n"),
            }),
            other => other,
        };
        if let Event::Text(t) = event {
            let body = self.body;
            match &mut self.text {
                Some((buf, r)) => {
                    match (follows_in(body, buf, &t), t) {
                        (Some(whole), _) => *buf = Cow::Borrowed(whole),
                        (None, t) => buf.to_mut().push_str(&t),
                    }
                    r.end = range.end;
                }
                None => {
                    let t = match t {
                        CowStr::Borrowed(b) => Cow::Borrowed(b),
                        owned => Cow::Owned(owned.into_string()),
                    };
                    self.text = Some((t, range));
                }
            }
            return;
        }
        self.flush_text();
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    pulldown_cmark::CodeBlockKind::Fenced(info) => info
                        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                        .next()
                        .filter(|l| !l.is_empty())
                        .map(str::to_string),
                    pulldown_cmark::CodeBlockKind::Indented => None,
                };
                self.code = Some((lang, String::new()));
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                self.heading = Some(OpenHeading {
                    level,
                    id,
                    classes,
                    attrs,
                    start: self.out.len(),
                });
            }
            Event::End(TagEnd::Heading(_)) => self.close_heading(),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if let Some(claim_id) = dest_url.strip_prefix("claim:") {
                    let claim_id = claim_id.to_string();
                    self.open_claim(&claim_id, range);
                    return;
                }
                self.claim_stack.push(None);
                let dest_url = self.rewrite_link(dest_url, range, false);
                self.out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Link) => match self.claim_stack.pop().flatten() {
                Some(index) => self.close_claim(index),
                None => self.out.push(Event::End(TagEnd::Link)),
            },
            // A table wider than the page scrolls in a box of its own, which keyboard
            // users must be able to focus to scroll (WCAG 2.1.1).
            Event::Start(Tag::Table(alignments)) => {
                self.out.push(Event::Html(TABLE_SCROLL_OPEN.into()));
                self.out.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                self.out.push(Event::End(TagEnd::Table));
                self.out.push(Event::Html("</div>\n".into()));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.rewrite_link(dest_url, range, true);
                self.out.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            other => self.out.push(other),
        }
    }

    fn close_heading(&mut self) {
        let Some(OpenHeading {
            level,
            id,
            classes,
            attrs,
            start,
        }) = self.heading.take()
        else {
            return;
        };
        let id = match id {
            Some(id) => Some(id),
            None => {
                let text: String = self.out[start..]
                    .iter()
                    .filter_map(|e| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let base = heading_id(&slugify(&text));
                let mut candidate = base.clone();
                let mut n = 1;
                while self.heading_ids.contains(&candidate) {
                    n += 1;
                    candidate = format!("{base}-{n}");
                }
                Some(CowStr::from(candidate))
            }
        };
        if let Some(id) = &id {
            self.heading_ids.insert(id.to_string());
        }
        self.out.insert(
            start,
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }),
        );
        self.out.push(Event::End(TagEnd::Heading(level)));
    }

    fn open_claim(&mut self, id: &str, range: Range<usize>) {
        let Some(index) = self.article.claim_index(id) else {
            self.claim_stack.push(None);
            self.out.push(Event::Html("<span>".into()));
            if !self.room() {
                return;
            }
            let ids: Vec<&str> = self.article.claims.iter().map(|c| c.id.as_str()).collect();
            let help = match did_you_mean(id, ids.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None if ids.is_empty() => {
                    "this article lists no claims; add one under `claims:` with this id".into()
                }
                None => format!("the article's claims are: {}", some_of(&ids)),
            };
            let range = self.find_in(range, &format!("claim:{id}"));
            self.errors.push(
                Diagnostic::error(
                    "unknown-claim",
                    format!("`claim:{id}` names no claim of this article"),
                )
                .at(self.file, self.span(range))
                .help(help),
            );
            return;
        };
        let claim = &self.article.claims[index];
        let tone = self.status_tone(&claim.status);
        let mentions = &mut self.rendered.mentions[index];
        let anchor = format!("claim-ref-{}-{}", claim.id, mentions.len() + 1);
        self.out.push(Event::Html(
            format!("<span class=\"claim claim--{tone}\" id=\"{anchor}\">").into(),
        ));
        mentions.push(anchor);
        self.claim_stack.push(Some(index));
    }

    fn close_claim(&mut self, index: usize) {
        let claim = &self.article.claims[index];
        let (tone, label) = match self.env.config.vocabulary.get(&claim.status) {
            Some(s) => (tone_name(s.tone), s.label.as_str()),
            None => ("unverified", claim.status.as_str()),
        };
        self.out.push(Event::Html(
            format!(
                " <a class=\"badge badge--{tone}\" href=\"#{}\"><span class=\"visually-hidden\">Claim status: </span>{}</a></span>",
                claim_anchor(&claim.id),
                escape(label)
            )
            .into(),
        ));
    }

    fn status_tone(&self, status: &str) -> &'static str {
        self.env
            .config
            .vocabulary
            .get(status)
            .map_or("unverified", |s| tone_name(s.tone))
    }

    /// Narrows an event's range to where `needle` is written, for carets. Text merged
    /// across lines has lost each next line's indentation, so a needle with line
    /// breaks is found from its first line to its last.
    fn find_in(&self, range: Range<usize>, needle: &str) -> Range<usize> {
        let Some(hay) = self.body.get(range.clone()) else {
            return range;
        };
        let mut lines = needle.split('\n');
        let first = lines.next().unwrap_or_default();
        let last = lines.next_back().unwrap_or_default();
        let Some(start) = hay.find(first) else {
            return range;
        };
        let end = start + first.len();
        let end = match hay[end..].find(last) {
            Some(i) if !last.is_empty() => end + i + last.len(),
            _ => end,
        };
        range.start + start..range.start + end
    }

    fn rewrite_link(&mut self, dest: CowStr<'a>, range: Range<usize>, image: bool) -> CowStr<'a> {
        let url = dest.as_ref();
        if url.is_empty() || url.starts_with('#') {
            return dest;
        }
        if let Some(scheme) = scheme_of(url) {
            let scheme_lower = scheme.to_ascii_lowercase();
            let allowed = matches!(scheme_lower.as_str(), "http" | "https" | "mailto" | "tel")
                || (image && scheme_lower == "data" && url[5..].trim_start().starts_with("image/"));
            if !allowed {
                let range = self.find_in(range, url);
                self.error("unsafe-url", format!("`{scheme}:` links are not allowed"), range, "link to an http:// or https:// address, a site path or another article's .md file".into());
            }
            return dest;
        }
        if url.starts_with("//") {
            return dest;
        }
        let (path, fragment) = match url.find(['#', '?']) {
            Some(i) => (&url[..i], &url[i..]),
            None => (url, ""),
        };
        if path.ends_with(".md") && !image {
            let resolved = resolve_relative(&self.article.rel_path, &percent_decode(path));
            return match resolved.as_deref().and_then(|p| self.env.articles.get(p)) {
                Some(LinkTarget::Page(page)) => format!("{page}{fragment}").into(),
                Some(LinkTarget::Broken) => dest,
                Some(LinkTarget::Draft) => {
                    let range = self.find_in(range, url);
                    self.error("link-to-draft", format!("`{path}` is a draft, so this link would be broken"), range, "publish that article (remove `draft: true`), or build with --drafts to preview".into());
                    dest
                }
                None => {
                    let range = self.find_in(range, url);
                    let target = resolved.map_or_else(
                        || "outside content/".to_string(),
                        |p| format!("content/{p}"),
                    );
                    self.error("broken-link", format!("`{path}` links to {target}, which is not an article"), range, "check the file name; relative links are resolved from this article's folder".into());
                    dest
                }
            };
        }
        if let Some(rest) = url.strip_prefix('/') {
            return self.env.config.url(rest).into();
        }
        dest
    }

    fn flush_text(&mut self) {
        let Some((text, range)) = self.text.take() else {
            return;
        };
        if find_citation(&text).is_none() {
            self.out.push(Event::Text(match text {
                Cow::Borrowed(b) => CowStr::Borrowed(b),
                Cow::Owned(o) => o.into(),
            }));
            return;
        }
        let mut rest = text.as_ref();
        let mut plain = String::new();
        while let Some(start) = find_citation(rest) {
            let Some(len) = rest[start..].find(']') else {
                break;
            };
            let inner = &rest[start + 1..start + len];
            plain.push_str(&rest[..start]);
            let ids: Option<Vec<&str>> = inner
                .split(';')
                .map(|part| part.trim().strip_prefix('@').filter(|id| is_valid_id(id)))
                .collect();
            let written = &rest[start..=start + len];
            match ids {
                Some(ids) => {
                    if !plain.is_empty() {
                        self.out
                            .push(Event::Text(std::mem::take(&mut plain).into()));
                    }
                    let html = self.citation(&ids, written, range.clone());
                    self.out.push(Event::Html(html.into()));
                }
                None if self.errors.len() >= MAX_PER_FILE => {
                    self.dropped += 1;
                    plain.push_str(written);
                }
                None => {
                    let r = self.find_in(range.clone(), written);
                    self.error(
                        "malformed-citation",
                        format!("`{written}` is not a citation byline understands"),
                        r,
                        "write [@source-id], or [@one; @two] for several sources".into(),
                    );
                    plain.push_str(written);
                }
            }
            rest = &rest[start + len + 1..];
        }
        plain.push_str(rest);
        if !plain.is_empty() {
            self.out.push(Event::Text(plain.into()));
        }
    }

    fn citation(&mut self, ids: &[&str], written: &str, range: Range<usize>) -> String {
        let mut html = String::with_capacity(32 + 192 * ids.len());
        html.push_str("<sup class=\"citation\">");
        for id in ids {
            let Some(index) = self.article.source_index(id) else {
                if !self.room() {
                    continue;
                }
                let known: Vec<&str> = self.article.sources.iter().map(|s| s.id.as_str()).collect();
                let r = self.find_in(range.clone(), written);
                let r = self.body[r.clone()]
                    .find(&format!("@{id}"))
                    .map_or(r.clone(), |i| r.start + i + 1..r.start + i + 1 + id.len());
                self.errors.push(
                    Diagnostic::error(
                        "unknown-source",
                        format!("citation `@{id}` names no source of this article"),
                    )
                    .at(self.file, self.span(r))
                    .help(unknown_source_help(id, &known)),
                );
                continue;
            };
            self.cite_count += 1;
            let anchor = format!("cite-{}", self.cite_count);
            let source = &self.article.sources[index];
            let n = index + 1;
            // Written in place: a page has dozens of markers.
            let _ = write!(
                html,
                "<a href=\"#{SOURCE_ANCHOR}{id}\" id=\"{anchor}\" class=\"citation__marker\" aria-label=\"Source {n}: "
            );
            escape_into(&mut html, &source.title);
            let _ = write!(html, "\">[{n}]</a>");
            self.rendered.citations[index].push(anchor);
        }
        html.push_str("</sup>");
        html
    }
}

/// Page ids byline and themes use, which generated heading ids must not take.
const RESERVED_IDS: &[&str] = &["main", "top", "content"];
const RESERVED_PREFIXES: &[&str] = &["source-", "claim-", "cite-", "byline-"];

/// Where the first `[@` of a citation is: found by its `[`, which prose seldom has.
fn find_citation(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'[', bytes).find(|&i| bytes.get(i + 1) == Some(&b'@'))
}

/// `a` and `b` as one slice of `body`, when both are slices of it and `b` starts where
/// `a` ends, as a paragraph's lines and the newlines between them are: merging them
/// then copies nothing.
fn follows_in<'a>(body: &'a str, a: &str, b: &str) -> Option<&'a str> {
    let start = (a.as_ptr() as usize).checked_sub(body.as_ptr() as usize)?;
    let end = start + a.len();
    if b.as_ptr() as usize != body.as_ptr() as usize + end {
        return None;
    }
    body.get(start..end + b.len())
}

/// A heading id from its slug, kept clear of the ids that anchors and themes use.
fn heading_id(slug: &str) -> String {
    if slug.is_empty() {
        return "section".into();
    }
    if RESERVED_IDS.contains(&slug) || RESERVED_PREFIXES.iter().any(|p| slug.starts_with(p)) {
        return format!("section-{slug}");
    }
    slug.to_string()
}

pub fn tone_name(tone: crate::status::Tone) -> &'static str {
    use crate::status::Tone;
    match tone {
        Tone::Confirmed => "confirmed",
        Tone::Disputed => "disputed",
        Tone::Unverified => "unverified",
        Tone::False => "false",
    }
}

/// Resolves `../b.md` against the folder of `from` (`a/x.md`); `/b.md` is from the
/// content root. `None` when the path climbs out of `content/`.
fn resolve_relative(from: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = if link.starts_with('/') {
        Vec::new()
    } else {
        from.split('/')
            .collect::<Vec<_>>()
            .split_last()
            .map(|(_, dir)| dir.to_vec())
            .unwrap_or_default()
    };
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front_matter::{self, Location};
    use std::path::Path;

    #[test]
    fn a_citation_starts_at_the_first_bracket_followed_by_an_at_sign() {
        assert_eq!(find_citation("a [b] [@c]"), Some(6));
        assert_eq!(find_citation("[@c"), Some(0));
        assert_eq!(find_citation("a [ @c] [[@"), Some(9));
        assert_eq!(find_citation("a [b] c@ d["), None);
        assert_eq!(find_citation(""), None);
    }

    #[test]
    fn adjacent_slices_of_the_body_merge_without_a_copy() {
        let body = "one\ntwo";
        assert_eq!(follows_in(body, &body[..3], &body[3..4]), Some("one\n"));
        assert_eq!(follows_in(body, &body[..4], &body[4..]), Some(body));
        assert_eq!(follows_in(body, &body[..3], &body[4..]), None);
        assert_eq!(follows_in(body, "one", "\n"), None);
    }

    const ARTICLE: &str = "---\ntitle: T\ndate: 2016-12-08\nsources:\n  - id: lavrov\n    title: \"Statement <b>\"\n  - id: un\n    title: UN\nclaims:\n  - id: halted\n    text: Halted\n    status: disputed\n---\n";

    fn render_body(body: &str) -> Result<Rendered, Vec<Diagnostic>> {
        let config = crate::front_matter::testing::config("https://e.org/sub/");
        let text = format!("{ARTICLE}{body}");
        let file = SourceFile::new("content/x/a.md", text.as_str());
        let split = front_matter::split(&file).unwrap();
        let loc = Location {
            rel_path: "x/a.md",
            fs_path: Path::new("/s/content/x/a.md"),
            path: "x/a/",
        };
        let article = front_matter::parse(&file, &split, &loc, &config).unwrap();
        let mut articles = HashMap::new();
        articles.insert("x/b.md".to_string(), LinkTarget::Page("/sub/x/b/".into()));
        articles.insert("d.md".to_string(), LinkTarget::Draft);
        let env = Env {
            config: &config,
            articles: &articles,
        };
        render(&article, &file, split.body, split.body_offset, &env)
    }

    fn error_lines(body: &str) -> Vec<String> {
        render_body(body)
            .unwrap_err()
            .iter()
            .map(|d| format!("{} {}", d.location().unwrap(), d.message))
            .collect()
    }

    #[test]
    fn citations_become_numbered_markers() {
        let r = render_body("Said so [@lavrov; @un], again [@un].\n").unwrap();
        assert_eq!(
            r.html,
            "<p>Said so <sup class=\"citation\"><a href=\"#source-lavrov\" id=\"cite-1\" class=\"citation__marker\" aria-label=\"Source 1: Statement &lt;b&gt;\">[1]</a><a href=\"#source-un\" id=\"cite-2\" class=\"citation__marker\" aria-label=\"Source 2: UN\">[2]</a></sup>, again <sup class=\"citation\"><a href=\"#source-un\" id=\"cite-3\" class=\"citation__marker\" aria-label=\"Source 2: UN\">[2]</a></sup>.</p>\n"
        );
        assert_eq!(r.citations, vec![vec!["cite-1"], vec!["cite-2", "cite-3"]]);
    }

    // A citation wrapped onto the next line stayed literal text: the soft break
    // between its lines split the text it is found in.
    #[test]
    fn citations_wrapped_across_lines_are_citations() {
        let r = render_body("Said so [@lavrov;\n  @un] and\nagain [@un].\n").unwrap();
        assert_eq!(r.citations, vec![vec!["cite-1"], vec!["cite-2", "cite-3"]]);
        assert!(!r.html.contains("[@"), "{}", r.html);
        assert!(r.html.contains("</sup> and\nagain <sup"), "{}", r.html);
        let e = error_lines("Line one.\nSee [@un;\n  @lavrof] there.\n");
        assert_eq!(
            e,
            vec!["content/x/a.md:16:4 citation `@lavrof` names no source of this article"]
        );
    }

    #[test]
    fn claim_links_become_spans_with_a_worded_badge() {
        let r = render_body("They [*halted* it](claim:halted).\n").unwrap();
        assert_eq!(
            r.html,
            "<p>They <span class=\"claim claim--disputed\" id=\"claim-ref-halted-1\"><em>halted</em> it <a class=\"badge badge--disputed\" href=\"#claim-halted\"><span class=\"visually-hidden\">Claim status: </span>Disputed</a></span>.</p>\n"
        );
        assert_eq!(r.mentions, vec![vec!["claim-ref-halted-1"]]);
    }

    #[test]
    fn tables_scroll_in_a_focusable_region() {
        let r = render_body("| a | b |\n|---|---|\n| 1 | 2 |\n").unwrap();
        assert!(
            r.html.starts_with(&format!("{TABLE_SCROLL_OPEN}<table>")),
            "{}",
            r.html
        );
        assert!(r.html.ends_with("</table>\n</div>\n"), "{}", r.html);
    }

    #[test]
    fn code_keeps_citation_syntax_literal() {
        let r = render_body("`[@nobody]`\n\n```\n[@nobody]\n```\n").unwrap();
        assert!(r.html.contains("<code>[@nobody]</code>"), "{}", r.html);
    }

    #[test]
    fn unknown_ids_are_reported_where_they_are_written() {
        let e = error_lines("Line one.\nSee [@lavrof] and [x](claim:halt).\n");
        assert_eq!(
            e,
            vec![
                "content/x/a.md:15:7 citation `@lavrof` names no source of this article",
                "content/x/a.md:15:23 `claim:halt` names no claim of this article",
            ]
        );
    }

    #[test]
    fn md_links_resolve_to_pages_and_site_paths_get_the_base_path() {
        let r =
            render_body("[b](b.md#part) [c](../x/b.md) [t](/tags/) [e](https://e.org)\n").unwrap();
        assert!(r.html.contains("href=\"/sub/x/b/#part\""), "{}", r.html);
        assert!(r.html.contains("href=\"/sub/x/b/\""), "{}", r.html);
        assert!(r.html.contains("href=\"/sub/tags/\""), "{}", r.html);
        assert!(r.html.contains("href=\"https://e.org\""), "{}", r.html);
    }

    #[test]
    fn bad_links_are_errors() {
        let e =
            error_lines("[a](missing.md) [b](../../d.md) [c](../d.md) [d](javascript:alert(1))\n");
        assert_eq!(e.len(), 4, "{e:?}");
        assert!(e[0].contains("content/x/missing.md, which is not an article"));
        assert!(e[1].contains("outside content/"));
        assert!(e[2].contains("is a draft"));
        assert!(e[3].contains("`javascript:` links are not allowed"));
    }

    #[test]
    fn headings_get_unique_ids_that_do_not_clash_with_anchors() {
        let r =
            render_body("## Claim: halted\n\n## Intro\n\n## Intro\n\n## Main\n\n## Source code\n")
                .unwrap();
        assert!(
            r.html
                .contains("<h2 id=\"section-main\">Main</h2>\n<h2 id=\"section-source-code\">"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<h2 id=\"section-claim-halted\">"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<h2 id=\"intro\">Intro</h2>\n<h2 id=\"intro-2\">"),
            "{}",
            r.html
        );
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_an_error_where_it_goes_too_deep() {
        let quotes = |n: usize| format!("{} a\n", "> ".repeat(n));
        assert!(render_body(&quotes(MAX_NESTING - 1)).is_ok());
        let e = error_lines(&quotes(MAX_NESTING + 50));
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].contains("nests more than 100 levels deep"), "{e:?}");
        let column = format!(":{} ", 2 * MAX_NESTING + 1);
        assert!(e[0].contains(&column), "at the first `>` too many: {e:?}");
        let e = error_lines(&format!("{}a\n", "- ".repeat(10 * MAX_NESTING)));
        assert!(e[0].contains("nests more than 100 levels deep"), "{e:?}");
    }

    #[test]
    fn malformed_citations_are_errors() {
        let e = error_lines("See [@lavrov, p. 3].\n");
        assert!(e[0].contains("is not a citation"), "{e:?}");
    }

    #[test]
    fn relative_resolution() {
        assert_eq!(
            resolve_relative("a/b.md", "../c.md").as_deref(),
            Some("c.md")
        );
        assert_eq!(
            resolve_relative("a/b.md", "./c/d.md").as_deref(),
            Some("a/c/d.md")
        );
        assert_eq!(resolve_relative("b.md", "../c.md"), None);
        assert_eq!(resolve_relative("a/b.md", "/c.md").as_deref(), Some("c.md"));
        assert_eq!(percent_decode("a%20b.md"), "a b.md");
    }
}
