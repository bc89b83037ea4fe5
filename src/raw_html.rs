//! Raw HTML in Markdown, under the site's policy (`[markdown] raw_html`). Two parts:
//!
//! - `Scanner` reads the raw HTML fragments of a body in order, as a browser would
//!   tokenize them, to find what the policy checks at `path:line:col`: a comment,
//!   `<script>`, `<style>`, `<title>`, `<textarea>` (…) or tag left open, which would
//!   swallow the rest of the page, the ids raw HTML sets, and the pages iframes show.
//! - `sanitize` passes a rendered body through ammonia with an allow-list that keeps
//!   everything byline writes itself, and keeps a URL exactly when the URL policy
//!   (`safe_url::check`) does. It takes the whole body, because raw HTML arrives in
//!   pieces (`<span>`, Markdown, `</span>`) that only make sense together.

use std::cell::RefCell;
use std::collections::HashSet;
use std::ops::Range;

use html5ever::tokenizer::{
    BufferQueue, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use crate::config::MarkdownPolicy;
use crate::safe_url::{self, Start, Use};

/// Elements whose content is text up to their end tag, so an unclosed one swallows
/// everything after it (`plaintext` cannot be closed at all).
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "title",
    "textarea",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// Something the scanner found in raw HTML, with where it is written in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// A construct open at the end of the body (or a tag at the end of an HTML
    /// block), with how it is written (`<script>`, `<!--`, `<div`).
    Unclosed {
        opener: String,
        at: Range<usize>,
    },
    Id {
        id: String,
        at: Range<usize>,
    },
    IframeSrc {
        src: String,
        at: Range<usize>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Data,
    /// Inside a tag; `quote` is the open quote of an attribute value.
    Tag {
        quote: Option<u8>,
        after_eq: bool,
    },
    /// `<!x` or `<?x`, up to the next `>`.
    Bogus,
    Comment,
    RawText(&'static str),
}

/// Reads raw HTML fragments in the order they appear in a body.
pub struct Scanner {
    state: State,
    /// Where the construct the state is in was opened.
    opened: Range<usize>,
    /// The text of the tag being read, which may span fragments, and for each piece
    /// of it (position in `tag`, offset in the body).
    tag: String,
    pieces: Vec<(usize, usize)>,
    pub findings: Vec<Finding>,
}

impl Default for Scanner {
    fn default() -> Self {
        Scanner {
            state: State::Data,
            opened: 0..0,
            tag: String::new(),
            pieces: Vec::new(),
            findings: Vec::new(),
        }
    }
}

impl Scanner {
    /// Reads `text`, written at `offset` in the body.
    pub fn feed(&mut self, text: &str, offset: usize) {
        if matches!(self.state, State::Tag { .. }) {
            self.tag.push(' ');
        }
        let mut i = 0;
        while i < text.len() {
            i = match self.state {
                State::Data => self.data(text, offset, i),
                State::Tag { .. } => self.in_tag(text, offset, i),
                State::Bogus => match text[i..].find('>') {
                    Some(j) => self.back_to_data(i + j + 1),
                    None => text.len(),
                },
                State::Comment => match close_comment(&text[i..]) {
                    Some(j) => self.back_to_data(i + j),
                    None => text.len(),
                },
                State::RawText(name) => match find_end_tag(&text[i..], name) {
                    Some(j) => self.open_tag(text, offset, i + j),
                    None => text.len(),
                },
            };
        }
    }

    /// An HTML block ended: a tag still open would take in the Markdown after it.
    pub fn block_end(&mut self) {
        if matches!(self.state, State::Tag { .. } | State::Bogus) {
            self.unclosed();
        }
    }

    /// The body ended: whatever is still open would swallow the rest of the page.
    pub fn finish(&mut self) {
        if self.state != State::Data {
            self.unclosed();
        }
    }

    fn unclosed(&mut self) {
        let opener = match self.state {
            State::RawText(name) => format!("<{name}>"),
            State::Comment => "<!--".into(),
            _ => self.tag.split_whitespace().next().unwrap_or("<").into(),
        };
        self.findings.push(Finding::Unclosed {
            opener,
            at: self.opened.clone(),
        });
        self.state = State::Data;
    }

    fn back_to_data(&mut self, i: usize) -> usize {
        self.state = State::Data;
        i
    }

    fn data(&mut self, text: &str, offset: usize, i: usize) -> usize {
        let Some(lt) = memchr::memchr(b'<', &text.as_bytes()[i..]).map(|j| i + j) else {
            return text.len();
        };
        let rest = &text[lt + 1..];
        let at = offset + lt;
        if let Some(comment) = rest.strip_prefix("!--") {
            // `<!-->` and `<!--->` are whole (empty) comments.
            if comment.starts_with('>') {
                return lt + 5;
            }
            if comment.starts_with("->") {
                return lt + 6;
            }
            self.state = State::Comment;
            self.opened = at..at + 4;
            return lt + 4;
        }
        let first = rest.bytes().next();
        let after_slash = rest.strip_prefix('/').and_then(|r| r.bytes().next());
        if first.is_some_and(|b| b.is_ascii_alphabetic())
            || after_slash.is_some_and(|b| b.is_ascii_alphabetic())
        {
            return self.open_tag(text, offset, lt);
        }
        if matches!(first, Some(b'!' | b'?')) || after_slash.is_some() {
            self.state = State::Bogus;
            self.opened = at..at + 2;
            self.tag = text[lt..lt + 2].to_string();
            return lt + 2;
        }
        lt + 1
    }

    fn open_tag(&mut self, text: &str, offset: usize, lt: usize) -> usize {
        self.state = State::Tag {
            quote: None,
            after_eq: false,
        };
        let name_len = text[lt + 1..]
            .find(|c: char| c.is_ascii_whitespace() || c == '>')
            .unwrap_or(text.len() - lt - 1);
        self.opened = offset + lt..offset + lt + 1 + name_len;
        self.tag.clear();
        self.pieces.clear();
        lt + self.in_tag(&text[lt..], offset + lt, 0)
    }

    fn in_tag(&mut self, text: &str, offset: usize, i: usize) -> usize {
        let State::Tag {
            mut quote,
            mut after_eq,
        } = self.state
        else {
            return i;
        };
        self.pieces.push((self.tag.len(), offset + i));
        for (j, b) in text.bytes().enumerate().skip(i) {
            match (quote, b) {
                (Some(q), b) if b == q => quote = None,
                (Some(_), _) => {}
                (None, b'>') => {
                    self.tag.push_str(&text[i..=j]);
                    self.close_tag();
                    return j + 1;
                }
                (None, b'"' | b'\'') if after_eq => quote = Some(b),
                (None, b'=') => after_eq = true,
                (None, b) if b.is_ascii_whitespace() => {}
                (None, _) => after_eq = false,
            }
        }
        self.tag.push_str(&text[i..]);
        self.state = State::Tag { quote, after_eq };
        text.len()
    }

    /// A whole tag has been read: note its id and iframe source, and enter the raw
    /// text of `<script>` and its kind.
    fn close_tag(&mut self) {
        self.state = State::Data;
        let tag = std::mem::take(&mut self.tag);
        let Some(body) = tag.strip_prefix('<').filter(|t| !t.starts_with('/')) else {
            return;
        };
        let name_end = body
            .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
            .unwrap_or(body.len());
        let name = body[..name_end].to_ascii_lowercase();
        for (attr, value, pos) in attributes(&body[name_end..]) {
            let pos = 1 + name_end + pos;
            let at = self.body_offset(pos)..self.body_offset(pos) + value.len();
            match attr.as_str() {
                "id" => self.findings.push(Finding::Id { id: value, at }),
                "src" if name == "iframe" => {
                    self.findings.push(Finding::IframeSrc { src: value, at })
                }
                _ => {}
            }
        }
        if let Some(raw) = RAW_TEXT.iter().find(|r| **r == name) {
            self.state = State::RawText(raw);
        }
    }

    /// The body offset of a position in the tag's text.
    fn body_offset(&self, pos: usize) -> usize {
        let (start, offset) = self
            .pieces
            .iter()
            .rev()
            .find(|(start, _)| *start <= pos)
            .copied()
            .unwrap_or((0, self.opened.start));
        offset + pos - start
    }
}

/// The attributes of a start tag after its name: (lowercase name, value, where the
/// value starts in `text`).
fn attributes(text: &str) -> Vec<(String, String, usize)> {
    let bytes = text.as_bytes();
    let mut attrs = Vec::new();
    let mut i = 0;
    let skip = |i: &mut usize, stop: &dyn Fn(u8) -> bool| {
        while *i < bytes.len() && !stop(bytes[*i]) {
            *i += 1;
        }
    };
    loop {
        skip(&mut i, &|b| !(b.is_ascii_whitespace() || b == b'/'));
        if i >= bytes.len() || bytes[i] == b'>' {
            return attrs;
        }
        let name_start = i;
        i += 1;
        skip(&mut i, &|b| {
            b.is_ascii_whitespace() || matches!(b, b'=' | b'>' | b'/')
        });
        let name = text[name_start..i].to_ascii_lowercase();
        skip(&mut i, &|b| !b.is_ascii_whitespace());
        if bytes.get(i) != Some(&b'=') {
            attrs.push((name, String::new(), i));
            continue;
        }
        i += 1;
        skip(&mut i, &|b| !b.is_ascii_whitespace());
        let (start, end) = match bytes.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = text[i + 1..]
                    .find(q as char)
                    .map_or(text.len(), |j| i + 1 + j);
                (i + 1, end)
            }
            _ => {
                let start = i;
                skip(&mut i, &|b| b.is_ascii_whitespace() || b == b'>');
                (start, i)
            }
        };
        attrs.push((name, text[start..end].to_string(), start));
        i = end + 1;
    }
}

/// Where the comment in `text` ends, just after `-->` or `--!>`.
fn close_comment(text: &str) -> Option<usize> {
    let a = text.find("-->").map(|i| i + 3);
    let b = text.find("--!>").map(|i| i + 4);
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Where `</name` (any case, then a space, `/` or `>`) starts in `text`.
fn find_end_tag(text: &str, name: &str) -> Option<usize> {
    if name == "plaintext" {
        return None;
    }
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, b"</").find(|&i| {
        let rest = &bytes[i + 2..];
        rest.len() > name.len()
            && rest[..name.len()].eq_ignore_ascii_case(name.as_bytes())
            && matches!(
                rest[name.len()],
                b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | 0x0c
            )
    })
}

/// Whether raw HTML may embed `src` in an iframe: an https page of a listed host.
pub fn iframe_allowed(src: &str, hosts: &[String]) -> bool {
    let src = safe_url::read(src);
    let Some(rest) = src.strip_prefix("https://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    let host = host.split(':').next().unwrap_or_default();
    !authority.contains('@') && hosts.iter().any(|h| h.eq_ignore_ascii_case(host))
}

/// Whether an attribute holds a URL: those ammonia checks, and `cite`.
fn is_url_attribute(attribute: &str) -> bool {
    matches!(
        attribute,
        "href"
            | "src"
            | "cite"
            | "xlink:href"
            | "action"
            | "formaction"
            | "data"
            | "ping"
            | "poster"
    )
}

/// The rendered body with only the allowed elements and attributes of raw HTML left;
/// what byline writes itself (citations, claims, headings, footnotes, tables, code)
/// passes through unchanged in meaning, though not byte for byte. A URL is kept
/// exactly when the URL policy (`safe_url::check`) allows it.
pub fn sanitize(html: &str, policy: &MarkdownPolicy) -> String {
    let hosts = policy.iframe_hosts.clone();
    let schemes = allowed_schemes(html);
    let mut b = ammonia::Builder::default();
    allow_list(&mut b)
        .url_schemes(schemes.iter().map(String::as_str).collect())
        .attribute_filter(move |element, attribute, value| {
            let used = match (element, attribute) {
                ("iframe", "src") if !iframe_allowed(value, &hosts) => return None,
                ("img", "src") => Use::Image,
                _ if is_url_attribute(attribute) => Use::Link,
                _ => return Some(value.into()),
            };
            safe_url::check(value, used).ok().map(|_| value.into())
        });
    b.clean(html).to_string()
}

/// The elements and attributes raw HTML may keep: ammonia's defaults, and what
/// byline writes itself.
fn allow_list<'b, 'a>(b: &'b mut ammonia::Builder<'a>) -> &'b mut ammonia::Builder<'a> {
    b.add_tags(["iframe", "input", "section", "tfoot"])
        .add_generic_attributes([
            "id",
            "class",
            "dir",
            "role",
            "tabindex",
            "aria-label",
            "aria-hidden",
            "aria-describedby",
            "aria-labelledby",
        ])
        .add_tag_attributes("pre", ["data-lang"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .add_tag_attributes("details", ["open"])
        .add_tag_attributes("ol", ["reversed"])
        .add_tag_attributes("time", ["datetime"])
        .add_tag_attributes("img", ["loading", "decoding", "srcset", "sizes"])
        .add_tag_attributes("input", ["checked", "disabled"])
        .add_tag_attribute_values("input", "type", ["checkbox"])
        // An embed's card (see `embed`): no Referer tells the other host who sent the reader.
        .add_tag_attribute_values("a", "rel", ["noreferrer"])
        .add_tag_attributes(
            "iframe",
            [
                "src",
                "width",
                "height",
                "allowfullscreen",
                "loading",
                "referrerpolicy",
            ],
        )
        .add_clean_content_tags([
            "title",
            "textarea",
            "noscript",
            "template",
            "xmp",
            "noembed",
            "noframes",
            "plaintext",
            "object",
            "embed",
            "select",
        ])
        .filter_style_properties(["text-align"].into())
        .link_rel(None)
}

/// The schemes of the URLs in `html`'s attributes that the URL policy allows. Ammonia
/// keeps a URL only if its scheme is listed, and only the policy lists none it would
/// refuse: with these listed, the attribute filter alone decides.
fn allowed_schemes(html: &str) -> HashSet<String> {
    struct Schemes(RefCell<HashSet<String>>);
    impl TokenSink for Schemes {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            if let Token::TagToken(tag) = token {
                for attr in &tag.attrs {
                    if let Ok(Start::Scheme(scheme)) = safe_url::check(&attr.value, Use::Image) {
                        self.0.borrow_mut().insert(scheme.to_ascii_lowercase());
                    }
                }
            }
            TokenSinkResult::Continue
        }
    }
    let input = BufferQueue::default();
    input.push_back(html.into());
    let tokenizer = Tokenizer::new(Schemes(RefCell::default()), TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(fragments: &[&str]) -> Vec<Finding> {
        let mut s = Scanner::default();
        let mut offset = 0;
        for f in fragments {
            s.feed(f, offset);
            offset += f.len() + 1;
        }
        s.finish();
        s.findings
    }

    fn unclosed(opener: &str, at: Range<usize>) -> Finding {
        Finding::Unclosed {
            opener: opener.into(),
            at,
        }
    }

    #[test]
    fn closed_constructs_swallow_nothing() {
        let fragments = [
            "<!-- a -->",
            "<!---->",
            "<!-->",
            "<script>if (a < b) {}</script >",
            "<STYLE>p{}</style>",
            "<p title='>' class=\"a\">",
            "<",
            "<!doctype html>",
            "</div>",
        ];
        assert_eq!(scan(&fragments), []);
        assert_eq!(scan(&["<title>", "x", "</title>"]), []);
    }

    #[test]
    fn open_constructs_are_found_where_they_open() {
        assert_eq!(scan(&["a <!-- b"]), [unclosed("<!--", 2..6)]);
        assert_eq!(scan(&["<script>", "x"]), [unclosed("<script>", 0..7)]);
        assert_eq!(scan(&["<textarea rows=2>"]), [unclosed("<textarea>", 0..9)]);
        assert_eq!(
            scan(&["<plaintext>", "</plaintext>"]),
            [unclosed("<plaintext>", 0..10)]
        );
        assert_eq!(scan(&["<style>", "</styles>"]), [unclosed("<style>", 0..6)]);
        let mut s = Scanner::default();
        s.feed("<div class=\"a", 0);
        s.block_end();
        s.finish();
        assert_eq!(s.findings, [unclosed("<div", 0..4)]);
    }

    #[test]
    fn ids_and_iframe_sources_are_found_across_lines() {
        let found = scan(&[
            "<div",
            "  id=\"main\"><iframe src=https://x.org/a>",
            "</iframe>",
        ]);
        assert_eq!(
            found,
            [
                Finding::Id {
                    id: "main".into(),
                    at: 11..15
                },
                Finding::IframeSrc {
                    src: "https://x.org/a".into(),
                    at: 29..44
                },
            ]
        );
    }

    #[test]
    fn attributes_are_read_with_and_without_quotes() {
        let attrs = attributes(" a=1 B = 'x y' c d=\"\" />");
        let names: Vec<(&str, &str)> = attrs
            .iter()
            .map(|(n, v, _)| (n.as_str(), v.as_str()))
            .collect();
        assert_eq!(names, [("a", "1"), ("b", "x y"), ("c", ""), ("d", "")]);
    }

    #[test]
    fn sanitized_urls_follow_the_url_policy_in_any_spelling() {
        let html = "<a href=\"&#105;rc://h/x\">a</a><a href=\"ir&#9;c://h/y\">b</a><a href=\" /&#92;evil.example/\">c</a><a href=\"JAVA&#10;SCRIPT:x\">d</a><img src=\"data:image/gif;base64,R0\"><a href=\"data:image/gif;base64,R0\">e</a><q cite=\"vbscript:x\">f</q>";
        assert_eq!(
            sanitize(html, &MarkdownPolicy::default()),
            "<a href=\"irc://h/x\">a</a><a href=\"ir\tc://h/y\">b</a><a>c</a><a>d</a><img src=\"data:image/gif;base64,R0\"><a>e</a><q>f</q>"
        );
    }

    #[test]
    fn iframes_may_show_https_pages_of_listed_hosts_only() {
        let hosts = ["www.youtube-nocookie.com".to_string()];
        assert!(iframe_allowed(
            "https://www.youtube-nocookie.com/embed/x",
            &hosts
        ));
        assert!(iframe_allowed(
            "https://WWW.youtube-nocookie.com:443/",
            &hosts
        ));
        for src in [
            "http://www.youtube-nocookie.com/embed/x",
            "https://www.youtube-nocookie.com.evil.org/",
            "https://www.youtube-nocookie.com@evil.org/",
            "https://evil.org\\@www.youtube-nocookie.com/",
            "javascript:alert(1)",
            "//www.youtube-nocookie.com/",
        ] {
            assert!(!iframe_allowed(src, &hosts), "{src}");
        }
    }
}
