//! Links: destinations checked by the URL policy, `.md` links made page URLs, site
//! paths given the base path, links to the article's own files; embeds' cards and
//! the paragraphs they must be alone in.

use std::ops::Range;

use percent_encoding::percent_decode_str;
use pulldown_cmark::CowStr;
use pulldown_cmark::Event;
use pulldown_cmark::Tag;
use pulldown_cmark::TagEnd;

use crate::assets::resolve_relative;
use crate::embed;
use crate::safe_url;
use crate::safe_url::Refused;
use crate::safe_url::Start;
use crate::safe_url::Use;

use super::LinkTarget;
use super::{Open, Renderer};

impl<'a> Renderer<'a, '_> {
    /// A link or an image, its destination checked and rewritten; a claim link opens
    /// the claim's span instead.
    pub(super) fn open_link(&mut self, mut tag: Tag<'a>, range: Range<usize>) {
        let image = matches!(tag, Tag::Image { .. });
        if image {
            return self.open_image(tag, range);
        }
        if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &mut tag {
            if !image {
                if let Some(claim_id) = dest_url.strip_prefix("claim:") {
                    let claim_id = claim_id.to_string();
                    return self.open_claim(&claim_id, range);
                }
                if let Some(url) = dest_url.strip_prefix(embed::SCHEME) {
                    self.embed = Some((self.out.len(), range, url.to_string()));
                    return;
                }
                self.claim_stack.push(Open::Link);
            }
            let dest = std::mem::replace(dest_url, CowStr::Borrowed(""));
            *dest_url = self.rewrite_link(dest, range, image);
        }
        self.out.push(Event::Start(tag));
    }

    /// An embed's link closed: its text becomes the title of the card put in its place.
    pub(super) fn close_embed(&mut self) {
        let Some((start, range, url)) = self.embed.take() else {
            return;
        };
        let mut title = String::new();
        let mut plain = true;
        for event in self.out.drain(start..) {
            match event {
                Event::Text(t) | Event::Code(t) => title.push_str(&t),
                Event::Html(_) | Event::InlineHtml(_) => plain = false,
                _ => {}
            }
        }
        if !plain {
            let help =
                "write the title as plain text, and cite sources after the embed's paragraph";
            return self.error(
                "embed",
                "an embed's title cannot hold citations, claims or HTML".into(),
                range,
                help.into(),
            );
        }
        if self.paragraph.is_none() {
            let help =
                "put a blank line before and after it, outside headings, tables and tight lists";
            return self.error(
                "embed",
                "an embed must be alone in its paragraph".into(),
                range,
                help.into(),
            );
        }
        match embed::card(&title, &url) {
            Ok(card) => {
                self.cards.push((self.out.len(), range));
                self.out.push(Event::Html(card.into()));
            }
            Err((message, help)) => self.error("embed", message, range, help.into()),
        }
    }

    /// A paragraph that holds one embed's card and nothing else becomes the card, one
    /// that holds only a titled image a figure.
    pub(super) fn close_paragraph(&mut self) {
        let start = self.paragraph.take();
        let figure = self.images.figure.take();
        let cards = std::mem::take(&mut self.cards);
        match (start, cards.as_slice()) {
            (_, []) => {
                if !self.close_figure(start, figure) {
                    self.out.push(Event::End(TagEnd::Paragraph));
                }
            }
            (Some(p), [(at, _)]) if *at == p + 1 && self.out.len() == p + 2 => {
                self.out.remove(p);
            }
            _ => {
                self.out.push(Event::End(TagEnd::Paragraph));
                for (_, range) in cards {
                    self.error(
                        "embed",
                        "an embed must be alone in its paragraph".into(),
                        range,
                        "put a blank line before and after it: the card is a block of its own"
                            .into(),
                    );
                }
            }
        }
    }

    /// A link's or image's destination, checked by the URL policy: a site path gets
    /// the base path and a link to an article's `.md` file becomes its page's URL.
    pub(super) fn rewrite_link(
        &mut self,
        dest: CowStr<'a>,
        range: Range<usize>,
        image: bool,
    ) -> CowStr<'a> {
        let url = dest.as_ref();
        if url.starts_with('#') && !image {
            self.local_fragment(url, range);
            return dest;
        }
        if url.is_empty() || url.starts_with('#') {
            return dest;
        }
        let used = if image { Use::Image } else { Use::Link };
        match safe_url::check(url, used) {
            Err(refused) => {
                self.unsafe_url(url, refused, range);
                return dest;
            }
            Ok(Start::Scheme(_) | Start::OtherHost) => return dest,
            Ok(Start::SitePath | Start::Relative) => {}
        }
        let (path, fragment) = match url.find(['#', '?']) {
            Some(i) => (&url[..i], &url[i..]),
            None => (url, ""),
        };
        if path.ends_with(".md") && !image {
            return match self.md_link(url, path, range.clone()) {
                Some(page) => {
                    self.other_fragment(url, path, fragment, range);
                    format!("{page}{fragment}").into()
                }
                None => dest,
            };
        }
        if let Some(rest) = url.strip_prefix('/') {
            return self.env.config.link(rest).into();
        }
        if !image && !url.starts_with('/') {
            if let Some(src) = self.asset_link(url, path, fragment, range) {
                return src.into();
            }
        }
        dest
    }

    pub(super) fn unsafe_url(&mut self, url: &str, refused: Refused, range: Range<usize>) {
        let range = self.find_in(range, url);
        let (message, help) = match refused {
            Refused::Scheme(scheme) => (format!("`{scheme}:` links are not allowed"), "link to an address with another scheme (https://…), a site path or another article's .md file".to_string()),
            Refused::OtherHost => (format!("`{url}` has no scheme, so it leads to another host"), format!("write the scheme, https://{}, or a site path starting with one `/`", url.trim_start_matches(['/', '\\']))),
        };
        self.error("unsafe-url", message, range, help);
    }

    /// The page a link to `path`, an article's `.md` file, leads to; `None` (and an
    /// error unless the article failed to load) when it leads to no page.
    pub(super) fn md_link(&mut self, url: &str, path: &str, range: Range<usize>) -> Option<String> {
        let resolved = resolve_relative(
            &self.article.rel_path,
            &percent_decode_str(path).decode_utf8_lossy(),
        );
        match resolved.as_deref().and_then(|p| self.env.articles.get(p)) {
            Some(LinkTarget::Page(page)) => return Some(page.clone()),
            Some(LinkTarget::Broken) => return None,
            // An article held back too, and out no earlier, may link to it.
            Some(LinkTarget::Scheduled(date, page)) if date.day <= self.article.date.day => {
                return Some(page.clone())
            }
            Some(LinkTarget::Scheduled(date, _)) => {
                let range = self.find_in(range, url);
                self.error("link-to-scheduled", format!("`{path}` is dated {date}, after today, so this link would be broken until then"), range, "date this article on or after that day too, or build with --future to preview both".into());
            }
            Some(LinkTarget::Draft) => {
                let range = self.find_in(range, url);
                self.error("link-to-draft", format!("`{path}` is a draft, so this link would be broken"), range, "publish that article (remove `draft: true`), or build with --drafts to preview".into());
            }
            None => {
                let range = self.find_in(range, url);
                let target = resolved.map_or_else(
                    || "outside content/".to_string(),
                    |p| format!("content/{p}"),
                );
                self.error(
                    "broken-link",
                    format!("`{path}` links to {target}, which is not an article"),
                    range,
                    "check the file name; relative links are resolved from this article's folder"
                        .into(),
                );
            }
        }
        None
    }

    /// A relative link to one of the article's files leads to where it is published;
    /// one to any other file in `content/` is an error.
    pub(super) fn asset_link(
        &mut self,
        url: &str,
        path: &str,
        fragment: &str,
        range: Range<usize>,
    ) -> Option<String> {
        if path.is_empty() {
            return None;
        }
        let decoded = percent_decode_str(path).decode_utf8_lossy();
        let why = match self.env.assets.resolve(&self.article.rel_path, &decoded) {
            Ok((name, _)) => {
                let src = self.env.config.url(&format!("{}{name}", self.article.path));
                return Some(format!("{src}{fragment}"));
            }
            Err(why) => why,
        };
        let resolved = resolve_relative(&self.article.rel_path, &decoded)?;
        if self.env.assets.is_file(&resolved) {
            let (code, message, help) = self.unresolved(path, why);
            let code = if code == "missing-image" {
                "outside-article"
            } else {
                code
            };
            let at = self.find_in(range, url);
            self.error(code, message, at, help);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::tests::{error_lines, render_body};

    #[test]
    fn md_links_resolve_to_pages_and_site_paths_get_the_base_path() {
        let r = render_body("[b](b.md#part) [c](../x/%62.md) [t](/tags/) [e](https://e.org)\n")
            .unwrap();
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
    fn link_schemes_are_read_as_browsers_read_them() {
        let e = error_lines("[a](<java\tscript:alert(1)>) [b](java&#9;script:alert(1))\n");
        assert_eq!(
            e,
            [
                "content/x/a.md:14:6 `javascript:` links are not allowed",
                "content/x/a.md:14:29 `javascript:` links are not allowed",
            ]
        );
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
    }
}
