//! Markdown bodies, with byline's two additions: citations (`[@lavrov; @un]`) become
//! numbered markers that link into the sources sidebar, and claim links
//! (`[words](claim:id)`) become highlighted spans with a badge naming the status.
//! Links to other articles' `.md` files become links to their pages, site paths get
//! the base path, and every id and URL is checked, with errors at `path:line:col`.

mod citation_syntax;
mod citations;
mod claims;
mod code;
mod footnotes;
mod fragments;
mod headings;
mod images;
mod links;
mod quotes;
mod raw;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::callout;
use crate::contents::Contents;
use crate::notes::Notes;

use crate::article::Article;
use crate::assets::Assets;
use crate::config::Config;
use crate::config::RawHtml;
use crate::diagnostic::{more_in_file, Diagnostic, Severity, SourceFile, MAX_PER_FILE};
use crate::html;
use crate::math;
use crate::raw_html::{self, Scanner};
use crate::statics::Statics;
use code::code_lang;
use headings::{HeadingIds, OpenHeading};
use images::Images;

pub use fragments::FragmentLink;

/// Where a `.md` link can lead: the page URL, or a reason it cannot be linked.
#[derive(Debug, Clone)]
pub enum LinkTarget {
    Page(String),
    Draft,
    /// An article dated after today, held back (see `schedule`): its date and the
    /// page it will have from that day.
    Scheduled(crate::date::Date, String),
    /// An article that failed to load: already reported, so links to it are not.
    Broken,
}

/// Everything the renderer needs to know about the rest of the site.
pub struct Env<'a> {
    pub config: &'a Config,
    /// Content-relative `.md` path → target.
    pub articles: &'a HashMap<String, LinkTarget>,
    /// Every article's own files (see `assets`).
    pub assets: &'a Assets,
    /// The static files, which site-path images (`/images/x.png`) name.
    pub statics: &'a Statics,
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    /// Per source (by index in the article): anchors of the markers citing it.
    pub citations: Vec<Vec<String>>,
    /// Per claim (by index): anchors of its spans in the body.
    pub mentions: Vec<Vec<String>>,
    /// The body's `##` and `###` headings.
    pub contents: Contents,
    /// Words in the body's text (see `reading`).
    pub words: usize,
    /// The locator of each marker that has one (`p. 3`), by the marker's anchor.
    pub locators: HashMap<String, String>,
    /// Links to parts of other articles' pages, checked once those are rendered.
    pub fragment_links: Vec<FragmentLink>,
    /// The page's ids, which a link from another article may name (see `fragments`).
    pub ids: HashSet<String>,
}

const TABLE_SCROLL_OPEN: &str =
    "<div class=\"table-scroll\" role=\"region\" aria-label=\"Table\" tabindex=\"0\">\n";

const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_HEADING_ATTRIBUTES)
    .union(Options::ENABLE_MATH)
    .union(Options::ENABLE_GFM);

/// The body's text outside code, as written (escapes kept), a line per block: where
/// a scan for citations may look without meeting `[@id]` shown as code.
pub fn text_outside_code(body: &str) -> String {
    let mut text = String::with_capacity(body.len());
    let mut in_code = false;
    for (event, range) in Parser::new_ext(body, OPTIONS).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(_) if !in_code => text.push_str(&body[range]),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push('\n'),
            _ => {}
        }
    }
    text
}

pub fn render(
    article: &Article,
    file: &SourceFile,
    body: &str,
    body_offset: usize,
    env: &Env,
) -> Result<Rendered, Vec<Diagnostic>> {
    let mut r = Renderer::new(article, file, body, body_offset, env);
    let written = r.check_written_chars();
    r.events(body);
    r.flush_text();
    r.check_raw_html_end();
    r.check_notes();
    r.check_fragments();
    r.rendered.ids = r.page_ids();
    if r.dropped > 0 {
        let more = more_in_file(&file.name, Severity::Error, r.dropped);
        r.errors.push(more);
    }
    if !r.errors.is_empty() {
        return Err(r.errors);
    }
    r.write_html();
    if written {
        r.check_references();
    }
    if r.errors.is_empty() {
        Ok(r.rendered)
    } else {
        Err(r.errors)
    }
}

/// How deep blocks and inline elements may nest (quotes in lists in quotes, …):
/// `> > > …` or `- - - …` a million deep on one line made gigabytes of events.
pub const MAX_NESTING: usize = 100;

const FORBIDDEN_HELP: &str =
    "remove it: no web page or feed can carry it (write a space, a newline or a visible character instead)";

/// What a link's `[…]` opened: an ordinary link, a claim's span (by claim index), or
/// the span of a claim link naming no claim (already reported).
#[derive(Debug, PartialEq)]
enum Open {
    Link,
    Claim(usize),
    UnknownClaim,
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
    /// Open links and claim links.
    claim_stack: Vec<Open>,
    /// An open heading: its tag and where its events start in `out`.
    heading: Option<OpenHeading<'a>>,
    heading_ids: HeadingIds,
    /// The footnotes, which become endnotes.
    notes: Notes<'a>,
    /// An open footnote definition: its label, where its events start in `out`, and
    /// where it is written.
    note: Option<(CowStr<'a>, usize, Range<usize>)>,
    /// Per open block quote, whether it is a callout's box.
    quotes: Vec<bool>,
    /// Where the last ordinary quote opened in `out`, while its marker may follow.
    quote_start: Option<usize>,
    /// A callout's marker was its first paragraph's only text: an empty paragraph to drop.
    marker_only: bool,
    /// Reads the body's raw HTML, once there is some.
    raw_html: Option<Scanner>,
    code: Option<(Option<String>, String)>,
    /// Consecutive text events, merged so `[@a; @b]` is seen whole.
    text: Option<(Cow<'a, str>, Range<usize>)>,
    /// Where the merged text has a `[` or `@` written escaped (`\[`, `&#91;`), which
    /// starts no citation; in increasing order.
    literal: Vec<usize>,
    /// Links to parts of this page, and where they are written.
    fragments: Vec<(String, Range<usize>)>,
    /// Embeds (see `embed`): the open one, where its events start and its URL; the
    /// open paragraph's start; the cards placed in it, each alone or an error.
    embed: Option<(usize, Range<usize>, String)>,
    paragraph: Option<usize>,
    cards: Vec<(usize, Range<usize>)>,
    /// Images, figures and the paragraphs around them (see `figure`).
    images: Images<'a>,
}

impl<'a, 'e> Renderer<'a, 'e> {
    fn new(
        article: &'a Article,
        file: &'a SourceFile,
        body: &'a str,
        body_offset: usize,
        env: &'a Env<'e>,
    ) -> Self {
        Renderer {
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
                contents: Contents::default(),
                words: 0,
                locators: HashMap::new(),
                fragment_links: Vec::new(),
                ids: HashSet::new(),
            },
            cite_count: 0,
            claim_stack: Vec::new(),
            heading: None,
            heading_ids: HeadingIds::default(),
            notes: Notes::default(),
            note: None,
            quotes: Vec::new(),
            quote_start: None,
            marker_only: false,
            raw_html: None,
            code: None,
            text: None,
            literal: Vec::new(),
            fragments: Vec::new(),
            embed: None,
            paragraph: None,
            cards: Vec::new(),
            images: Images::default(),
        }
    }
}

impl<'a> Renderer<'a, '_> {
    /// Writes the body's events as HTML, then its notes; an article with raw HTML is
    /// sanitized as a whole, its formulas kept out of the sanitizer's way.
    fn write_html(&mut self) {
        let out = std::mem::take(&mut self.out);
        let notes = std::mem::take(&mut self.notes).section(&self.env.config.words);
        let policy = &self.env.config.markdown;
        let html = &mut self.rendered.html;
        if self.raw_html.is_some() && policy.raw_html == RawHtml::Sanitize {
            let (out, maths) = math::placeholders(out);
            pulldown_cmark::html::push_html(html, out.into_iter());
            html.push_str(&notes);
            *html = math::restore(&raw_html::sanitize(html, policy), &maths);
        } else {
            pulldown_cmark::html::push_html(html, out.into_iter().map(math::as_html));
            html.push_str(&notes);
        }
    }

    fn span(&self, range: Range<usize>) -> Range<usize> {
        range.start + self.body_offset..range.end + self.body_offset
    }

    /// Renders the body's events; what nests past [`MAX_NESTING`] is an error, left out.
    fn events(&mut self, body: &'a str) {
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
                self.event(event, range);
            } else if depth == MAX_NESTING + 1 && matches!(event, Event::Start(_)) {
                self.too_deep(range);
            }
        }
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

    /// Reports characters no page or feed may carry written in the body; true when
    /// there are none, and the output is still to be checked for references to them.
    fn check_written_chars(&mut self) -> bool {
        let Some((at, c)) = html::forbidden_char(self.body) else {
            return true;
        };
        let count = self.body.chars().filter(|&c| html::is_forbidden(c)).count();
        let what = if c < ' ' {
            "control character"
        } else {
            "character"
        };
        let mut message = format!("the text contains the {what} {}", html::code_point(c));
        if count > 1 {
            message.push_str(&format!(" ({count} in this file)"));
        }
        self.error(
            "control-character",
            message,
            at..at + c.len_utf8(),
            FORBIDDEN_HELP.into(),
        );
        false
    }

    /// Reports the first character reference (`&#11;`) in the body to a character no
    /// page or feed may carry, when the page has one: written ones are reported by
    /// `check_written_chars`, and references are the other way to put one in.
    fn check_references(&mut self) {
        let references = memchr::memmem::find(self.body.as_bytes(), b"&#").is_some();
        if !references || html::forbidden_char(&self.rendered.html).is_none() {
            return;
        }
        if let Some((at, c)) = forbidden_reference(self.body) {
            let reference = &self.body[at.clone()];
            let message = format!(
                "`{reference}` is the control character {}",
                html::code_point(c)
            );
            self.error("control-character", message, at, FORBIDDEN_HELP.into());
        }
    }

    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        if self.code.is_some() {
            return self.code_event(event);
        }
        match event {
            Event::Text(text) => return self.text(text, range),
            // A soft break is written as a newline either way; as text, it keeps a
            // citation wrapped onto the next line in one piece.
            Event::SoftBreak => return self.text(self.newline(&range), range),
            _ => {}
        }
        self.flush_text();
        if std::mem::take(&mut self.marker_only)
            && matches!(event, Event::End(TagEnd::Paragraph))
            && matches!(self.out.last(), Some(Event::Start(Tag::Paragraph)))
        {
            self.out.pop();
            return;
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                self.code = Some((code_lang(kind), String::new()))
            }
            Event::Start(tag @ Tag::Heading { .. }) => {
                let start = self.out.len();
                self.heading = Some(OpenHeading { tag, start, range });
            }
            Event::End(TagEnd::Heading(_)) => self.close_heading(),
            Event::Html(_)
            | Event::InlineHtml(_)
            | Event::Start(Tag::HtmlBlock)
            | Event::End(TagEnd::HtmlBlock) => self.raw_html(event, range),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.note = Some((label, self.out.len(), range));
            }
            Event::End(TagEnd::FootnoteDefinition) => self.close_note(),
            Event::FootnoteReference(label) => self.note_reference(&label, range),
            Event::InlineMath(tex) => self.math(&tex, false, range),
            Event::DisplayMath(tex) => self.math(&tex, true, range),
            Event::Start(Tag::BlockQuote(kind)) => self.open_quote(kind),
            Event::End(TagEnd::BlockQuote(_)) => match self.quotes.pop() {
                Some(true) => self.out.push(Event::Html(callout::CLOSE.into())),
                _ => self.out.push(event),
            },
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                self.open_link(tag, range)
            }
            Event::End(TagEnd::Image) => self.close_image(),
            Event::Start(Tag::Paragraph) => {
                self.paragraph = Some(self.out.len());
                self.out.push(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::Paragraph) => self.close_paragraph(),
            Event::End(TagEnd::Link) if self.embed.is_some() => self.close_embed(),
            Event::End(TagEnd::Link) => match self.claim_stack.pop() {
                Some(Open::Claim(index)) => self.close_claim(index),
                _ => self.out.push(Event::End(TagEnd::Link)),
            },
            Event::Start(Tag::Table(_)) | Event::End(TagEnd::Table) => self.table(event),
            other => self.out.push(other),
        }
    }

    /// A table wider than the page scrolls in a box of its own, which keyboard users
    /// must be able to focus to scroll (WCAG 2.1.1).
    fn table(&mut self, event: Event<'a>) {
        if let Event::Start(_) = event {
            self.out.push(Event::Html(TABLE_SCROLL_OPEN.into()));
            self.out.push(event);
        } else {
            self.out.push(event);
            self.out.push(Event::Html("</div>\n".into()));
        }
    }

    /// The newline a soft break stands for, as written when it is one byte.
    fn newline(&self, range: &Range<usize>) -> CowStr<'a> {
        match &self.body[range.clone()] {
            newline @ "\n" => CowStr::Borrowed(newline),
            _ => CowStr::Borrowed("\n"),
        }
    }

    /// Adds text to the text being merged, copying nothing while it is one slice of
    /// the body.
    fn text(&mut self, t: CowStr<'a>, range: Range<usize>) {
        let body = self.body;
        let escaped = self.escaped(&t, &range);
        match &mut self.text {
            Some((buf, r)) => {
                if escaped {
                    self.literal.push(buf.len());
                }
                match (follows_in(body, buf, &t), t) {
                    (Some(whole), _) => *buf = Cow::Borrowed(whole),
                    (None, t) => buf.to_mut().push_str(&t),
                }
                r.end = range.end;
            }
            None => {
                if escaped {
                    self.literal.push(0);
                }
                let t = match t {
                    CowStr::Borrowed(b) => Cow::Borrowed(b),
                    owned => Cow::Owned(owned.into_string()),
                };
                self.text = Some((t, range));
            }
        }
    }

    /// Whether the text `t`, written at `range`, starts with a `[` or `@` written
    /// escaped (`\[`) or as a character reference (`&#91;`): pulldown-cmark gives it
    /// as text of its own, starting after the backslash or in place of the reference.
    fn escaped(&self, t: &str, range: &Range<usize>) -> bool {
        if !t.starts_with(['[', '@']) {
            return false;
        }
        let written = self.body.get(range.clone()).unwrap_or_default();
        let follows = self
            .text
            .as_ref()
            .is_some_and(|(_, r)| r.end == range.start);
        written.starts_with('&')
            || (!follows && range.start > 0 && self.body.as_bytes()[range.start - 1] == b'\\')
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
}

impl<'a> Renderer<'a, '_> {}

/// The first character reference (`&#11;`, `&#x0B;`) in `text` that stands for a
/// character no page or feed may carry, and where it is written.
fn forbidden_reference(text: &str) -> Option<(Range<usize>, char)> {
    text.match_indices("&#").find_map(|(i, _)| {
        let rest = &text[i + 2..];
        let (start, radix) = match rest.strip_prefix(['x', 'X']) {
            Some(_) => (i + 3, 16),
            None => (i + 2, 10),
        };
        let digits = text[start..]
            .bytes()
            .take_while(|b| b.is_ascii_digit() || (radix == 16 && b.is_ascii_hexdigit()))
            .count();
        let value = u32::from_str_radix(&text[start..start + digits], radix).ok()?;
        let c = char::from_u32(value).filter(|&c| html::is_forbidden(c))?;
        let end = start + digits + usize::from(text[start + digits..].starts_with(';'));
        Some((i..end, c))
    })
}

/// Where `s` starts in `body`, when it is a slice of it.
fn offset_in(body: &str, s: &str) -> Option<usize> {
    let start = (s.as_ptr() as usize).checked_sub(body.as_ptr() as usize)?;
    (start + s.len() <= body.len()).then_some(start)
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
