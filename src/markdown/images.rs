//! Images: the site's own found, measured and given resized copies, their alt text
//! checked; a titled image alone in its paragraph becomes a figure.

use std::fmt::Write as _;
use std::ops::Range;

use percent_encoding::percent_decode_str;
use pulldown_cmark::CowStr;
use pulldown_cmark::Event;
use pulldown_cmark::Tag;
use pulldown_cmark::TagEnd;

use crate::assets;
use crate::assets::{Size, Unresolved};
use crate::figure::{self, Credit};
use crate::html::escape;
use crate::html::escape_into;
use crate::safe_url;
use crate::safe_url::Start;
use crate::safe_url::Use;

use super::citation_syntax::Item;
use super::Renderer;

/// The images of a body as it is rendered: how many of the site's own so far (the
/// first loads at once, the others lazily: below the first screen), the one open,
/// and the titled image that makes the open paragraph a figure if alone in it.
#[derive(Default)]
pub(super) struct Images<'a> {
    local: usize,
    pub(super) open: Option<OpenImage<'a>>,
    /// Images inside an open image's alt text, rendered as their text.
    nested: usize,
    pub(super) figure: Option<Figure<'a>>,
}

pub(super) struct OpenImage<'a> {
    /// Where its `Tag::Image` is in `out`.
    start: usize,
    range: Range<usize>,
    title: CowStr<'a>,
    /// An image of the site: its URL and size; `None` for another host's.
    local: Option<Local>,
}

pub(super) struct Local {
    src: String,
    size: Option<Size>,
    /// `srcset` and `sizes`, escaped, when it has resized copies (see `resize`).
    srcset: Option<String>,
}

/// A titled image, and where its events are in `out`.
pub(super) struct Figure<'a> {
    start: usize,
    end: usize,
    img: Img,
    title: CowStr<'a>,
    range: Range<usize>,
}

/// What an `<img>` byline writes says.
pub(super) struct Img {
    src: String,
    alt: String,
    size: Option<Size>,
    srcset: Option<String>,
    lazy: bool,
}

impl Img {
    pub(super) fn html(&self, title: &str) -> String {
        let mut html = String::with_capacity(self.src.len() + self.alt.len() + 96);
        html.push_str("<img src=\"");
        pulldown_cmark_escape::escape_href(&mut html, &self.src).expect("a String");
        html.push_str("\" alt=\"");
        escape_into(&mut html, &self.alt);
        html.push('"');
        if let Some(Size { width, height }) = self.size {
            let _ = write!(html, " width=\"{width}\" height=\"{height}\"");
        }
        if let Some(srcset) = &self.srcset {
            html.push_str(srcset);
        }
        if !title.is_empty() {
            html.push_str(" title=\"");
            escape_into(&mut html, title);
            html.push('"');
        }
        if self.lazy {
            html.push_str(" loading=\"lazy\"");
        }
        if self.size.is_some() {
            html.push_str(" decoding=\"async\"");
        }
        html.push('>');
        html
    }
}

/// What marks an image as decoration, to be skipped by screen readers: `![decorative](x.png)`.
const DECORATIVE: &str = "decorative";

impl<'a> Renderer<'a, '_> {
    /// An image: one of the site's is found (the article's own files, or static
    /// files for a site path) and measured; its events are collected for its alt text.
    pub(super) fn open_image(&mut self, tag: Tag<'a>, range: Range<usize>) {
        let Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        } = tag
        else {
            return;
        };
        if self.images.open.is_some() {
            self.images.nested += 1;
            return;
        }
        let url = dest_url.as_ref();
        let local = match safe_url::check(url, Use::Image) {
            _ if url.is_empty() || url.starts_with('#') => None,
            Err(refused) => {
                self.unsafe_url(url, refused, range.clone());
                None
            }
            Ok(Start::SitePath | Start::Relative) => Some(self.local_image(url, range.clone())),
            Ok(_) => None,
        };
        let start = self.out.len();
        let dest_url = match &local {
            Some(l) => CowStr::from(l.src.clone()),
            None => dest_url,
        };
        let tag = Tag::Image {
            link_type,
            dest_url,
            title: title.clone(),
            id,
        };
        self.out.push(Event::Start(tag));
        self.images.open = Some(OpenImage {
            start,
            range,
            title,
            local,
        });
    }

    /// Where `url`, an image of the site, is published, and its size.
    pub(super) fn local_image(&mut self, url: &str, range: Range<usize>) -> Local {
        let (path, fragment) = match url.find(['#', '?']) {
            Some(i) => (&url[..i], &url[i..]),
            None => (url, ""),
        };
        let decoded = percent_decode_str(path).decode_utf8_lossy();
        let svg = decoded.to_ascii_lowercase().ends_with(".svg");
        let found = match url.strip_prefix('/') {
            Some(rest) => match self.env.statics.get(decoded.trim_start_matches('/')) {
                Some(file) => Ok((self.env.config.link(rest), file.read_head(assets::HEAD))),
                None => Err(("missing-image", format!("`{path}` is not a static file"), format!("put the file at static/{}, or keep it beside the article, in its folder, and write its name", decoded.trim_start_matches('/')))),
            },
            None => match self.env.assets.resolve(&self.article.rel_path, &decoded) {
                Ok((name, asset)) => {
                    let src = self.env.config.url(&format!("{}{name}", self.article.path));
                    Ok((format!("{src}{fragment}"), assets::read_head(&asset.fs_path)))
                }
                Err(why) => Err(self.unresolved(path, why)),
            },
        };
        let at = self.find_in(range, url);
        let (src, head) = match found {
            Ok(found) => found,
            Err((code, message, help)) => {
                self.error(code, message, at, help);
                return Local {
                    src: url.to_string(),
                    size: None,
                    srcset: None,
                };
            }
        };
        let size = head
            .map_err(|e| format!("it cannot be read ({e})"))
            .and_then(|head| assets::image_size(&head, svg));
        let size = match size {
            Ok(size) => Some(size),
            Err(why) => {
                let help = "save it as a JPEG, PNG, WebP, AVIF, GIF or SVG of at most 20000 pixels a side (an SVG needs a width and a height, or a viewBox)";
                self.error(
                    "image-size",
                    format!("byline cannot tell the size of `{path}`: {why}"),
                    at,
                    help.into(),
                );
                None
            }
        };
        let srcset = match (&size, url.starts_with('/')) {
            (Some(size), false) => self.srcset(&decoded, *size),
            _ => None,
        };
        Local { src, size, srcset }
    }

    /// The ` srcset="…" sizes="…"` of the article's image `path` (of `size`), when the
    /// site makes resized copies of it.
    pub(super) fn srcset(&self, path: &str, size: Size) -> Option<String> {
        let (name, _) = self.env.assets.resolve(&self.article.rel_path, path).ok()?;
        let policy = &self.env.config.images;
        let url = |name: &str| {
            let mut url = String::new();
            let unescaped = self.env.config.url(&format!("{}{name}", self.article.path));
            pulldown_cmark_escape::escape_href(&mut url, &unescaped).expect("a String");
            url
        };
        let set = crate::resize::srcset(&url, &name, size, policy)?;
        let mut attrs = format!(" srcset=\"{set}\" sizes=\"");
        escape_into(&mut attrs, &policy.sizes);
        attrs.push('"');
        Some(attrs)
    }

    /// The error for a relative URL that names none of the article's files.
    pub(super) fn unresolved(&self, path: &str, why: Unresolved) -> (&'static str, String, String) {
        self.env.assets.explain(
            &self.article.rel_path,
            &self.article.display_path,
            path,
            why,
        )
    }

    /// Closes an image: one of the site's is written with its size and alt text
    /// checked; any titled one may make its paragraph a figure.
    pub(super) fn close_image(&mut self) {
        if self.images.nested > 0 {
            self.images.nested -= 1;
            return;
        }
        let Some(open) = self.images.open.take() else {
            return self.out.push(Event::End(TagEnd::Image));
        };
        let alt: String = self.out[open.start + 1..]
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let img = match open.local {
            None => {
                self.out.push(Event::End(TagEnd::Image));
                let src = match &self.out[open.start] {
                    Event::Start(Tag::Image { dest_url, .. }) => dest_url.to_string(),
                    _ => String::new(),
                };
                Img {
                    src,
                    alt,
                    size: None,
                    srcset: None,
                    lazy: false,
                }
            }
            Some(local) => {
                let alt = self.checked_alt(alt, open.range.clone());
                let lazy = self.images.local > 0;
                self.images.local += 1;
                let img = Img {
                    src: local.src,
                    alt,
                    size: local.size,
                    srcset: local.srcset,
                    lazy,
                };
                self.out.truncate(open.start);
                self.out.push(Event::Html(img.html(&open.title).into()));
                img
            }
        };
        if !open.title.trim().is_empty() {
            let (start, end) = (open.start, self.out.len());
            let (title, range) = (open.title, open.range);
            self.images.figure = Some(Figure {
                start,
                end,
                img,
                title,
                range,
            });
        }
    }

    /// An image of the site must say what it shows, or be marked decorative.
    pub(super) fn checked_alt(&mut self, alt: String, range: Range<usize>) -> String {
        if alt.trim().eq_ignore_ascii_case(DECORATIVE) {
            return String::new();
        }
        if alt.trim().is_empty() {
            let at = range.start..range.start + 2;
            self.error("missing-alt", "this image has no alt text".into(), at, format!("describe what it shows for readers who cannot see it, `![Bar chart of …](chart.png)`; an image that is only decoration is written `![{DECORATIVE}](…)`"));
        }
        alt
    }

    /// Makes the paragraph that started at `paragraph` a figure if it holds only the
    /// titled image `figure`; whether it did.
    pub(super) fn close_figure(
        &mut self,
        paragraph: Option<usize>,
        figure: Option<Figure>,
    ) -> bool {
        let (Some(p), Some(f)) = (paragraph, figure) else {
            return false;
        };
        if f.start != p + 1 || f.end != self.out.len() {
            return false;
        }
        let html = self.figure(f);
        self.out.truncate(p);
        self.out.push(Event::Html(html.into()));
        true
    }

    pub(super) fn figure(&mut self, f: Figure) -> String {
        let caption = figure::caption(&f.title);
        let credit = match caption.credit {
            None => None,
            Some(Credit::Text(text)) => Some(escape(text)),
            Some(Credit::Source(id)) => {
                let name = self.article.source_index(id).map(|i| {
                    let s = &self.article.sources[i];
                    escape(s.publisher.as_deref().unwrap_or(&s.title))
                });
                let marker = self.citation(&[Item::bare(id)], &format!("@{id}"), f.range.clone());
                Some(format!("{}{marker}", name.unwrap_or_default()))
            }
        };
        figure::html(&f.img.html(""), caption.text, credit.as_deref())
    }
}
