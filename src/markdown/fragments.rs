//! Links to a part of a page: `#id` must name an id of this page, checked when the
//! body is rendered; `other.md#id` an id of that article's page, which is rendered
//! in parallel, so the link is handed back (`Rendered::fragment_links`) and checked
//! once every page has been (`pipeline`). A missing anchor is an error, as Zola makes
//! it by default: the link would lead to the top of the page, silently.

use std::collections::HashSet;
use std::ops::Range;

use percent_encoding::percent_decode_str;

use crate::article::{claim_anchor, source_anchor, Article};
use crate::assets::resolve_relative;
use crate::diagnostic::{did_you_mean, Diagnostic};

use super::headings::is_reserved_id;
use super::Renderer;

/// A link to a part of another article's page, with the error to report if that
/// page has no such id (its help is made then, from the ids it has).
#[derive(Debug)]
pub struct FragmentLink {
    /// The target's content-relative path (`guides/x.md`).
    pub target: String,
    pub fragment: String,
    pub error: Diagnostic,
}

impl FragmentLink {
    /// The error when `ids`, the target page's, lack the fragment.
    pub fn check(self, ids: &HashSet<String>) -> Option<Diagnostic> {
        if has(ids, &self.fragment) {
            return None;
        }
        let mut error = self.error;
        error.help = Some(help(&self.fragment, ids));
        Some(error)
    }
}

/// Whether a page with `ids` has `fragment`: one of them, or an id byline makes on
/// every page (`main`, `cite-3`, `byline-note-1`) but a source's or claim's anchor.
fn has(ids: &HashSet<String>, fragment: &str) -> bool {
    ids.contains(fragment) || (is_reserved_id(fragment) && !is_anchor(fragment))
}

fn help(fragment: &str, ids: &HashSet<String>) -> String {
    match did_you_mean(fragment, ids.iter().map(String::as_str)) {
        Some(id) => format!("did you mean `#{id}`? A heading's id is made from its text, or set with `{{#id}}`"),
        None => "link to a heading's id (made from its text, or set with `{#id}`) or a source's or claim's anchor (`#source-id`, `#claim-id`)".into(),
    }
}

/// The ids a page of `a` has besides its body's own: its sources' and claims' anchors.
fn article_ids(a: &Article) -> impl Iterator<Item = String> + '_ {
    let sources = a.sources.iter().map(|s| source_anchor(&s.id));
    sources.chain(a.claims.iter().map(|c| claim_anchor(&c.id)))
}

impl Renderer<'_, '_> {
    /// Notes a link to `#fragment` of this page, checked once the body is rendered.
    pub(super) fn local_fragment(&mut self, url: &str, range: Range<usize>) {
        let fragment = decode(&url[1..]);
        if !fragment.is_empty() {
            let at = self.find_in(range, url);
            self.fragments.push((fragment, at));
        }
    }

    /// Notes a link to `#fragment` of the article `path` (as written in `url`).
    pub(super) fn other_fragment(
        &mut self,
        url: &str,
        path: &str,
        fragment: &str,
        range: Range<usize>,
    ) {
        let Some(fragment) = fragment
            .strip_prefix('#')
            .map(decode)
            .filter(|f| !f.is_empty())
        else {
            return;
        };
        let decoded = percent_decode_str(path).decode_utf8_lossy();
        let Some(target) = resolve_relative(&self.article.rel_path, &decoded) else {
            return;
        };
        if target == self.article.rel_path {
            let at = self.find_in(range, url);
            return self.fragments.push((fragment, at));
        }
        let at = self.find_in(range, url);
        let error = Diagnostic::error(
            "broken-anchor",
            format!("`{url}` links to `#{fragment}`, which content/{target} does not have"),
        )
        .at(self.file, self.span(at));
        self.rendered.fragment_links.push(FragmentLink {
            target,
            fragment,
            error,
        });
    }

    /// The ids of this page: its body's and its sources' and claims' anchors.
    pub(super) fn page_ids(&self) -> HashSet<String> {
        let body = self.heading_ids.taken.iter().cloned();
        body.chain(article_ids(self.article)).collect()
    }

    /// Reports the links to parts of this page that it does not have.
    pub(super) fn check_fragments(&mut self) {
        let fragments = std::mem::take(&mut self.fragments);
        if fragments.is_empty() {
            return;
        }
        let ids = self.page_ids();
        for (fragment, at) in fragments {
            if has(&ids, &fragment) {
                continue;
            }
            let message = format!("`#{fragment}` names no id on this page");
            self.error("broken-anchor", message, at, help(&fragment, &ids));
        }
    }
}

/// Whether `id` is a source's or claim's anchor, which must name one of the article's.
fn is_anchor(id: &str) -> bool {
    id.starts_with("source-") || (id.starts_with("claim-") && !id.starts_with("claim-ref-"))
}

fn decode(fragment: &str) -> String {
    percent_decode_str(fragment)
        .decode_utf8_lossy()
        .into_owned()
}
