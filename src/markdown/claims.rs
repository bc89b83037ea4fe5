//! Claim links: `[words](claim:id)` become a highlighted span with a badge naming
//! the claim's status.

use std::ops::Range;

use pulldown_cmark::Event;

use crate::article::claim_anchor;
use crate::diagnostic::unknown_id_help;
use crate::diagnostic::Diagnostic;
use crate::html::escape;
use crate::ledger::claim_page_path;

use super::{Open, Renderer};

impl<'a> Renderer<'a, '_> {
    pub(super) fn open_claim(&mut self, id: &str, range: Range<usize>) {
        let Some(index) = self.article.claim_index(id) else {
            self.claim_stack.push(Open::UnknownClaim);
            self.out.push(Event::Html("<span>".into()));
            if !self.room() {
                return;
            }
            let ids: Vec<&str> = self.article.claims.iter().map(|c| c.id.as_str()).collect();
            let help = unknown_id_help(id, &ids, "claims");
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
        let tone = self.env.config.status(claim.status).tone.name();
        let mentions = &mut self.rendered.mentions[index];
        let anchor = format!("claim-ref-{}-{}", claim.id, mentions.len() + 1);
        self.out.push(Event::Html(
            format!("<span class=\"claim claim--{tone}\" id=\"{anchor}\">").into(),
        ));
        mentions.push(anchor);
        self.claim_stack.push(Open::Claim(index));
    }

    /// Ends a claim span with its badge, which links to the claim's entry in the
    /// sidebar, and, on a site with claim pages, an arrow linking to the claim's page:
    /// two links, each with a name of its own, neither needing JavaScript.
    pub(super) fn close_claim(&mut self, index: usize) {
        let claim = &self.article.claims[index];
        let config = self.env.config;
        let status = config.status(claim.status);
        let (tone, label) = (status.tone.name(), status.label.as_str());
        let words = &config.words;
        let mut html = format!(
            " <a class=\"badge badge--{tone}\" href=\"#{}\"><span class=\"visually-hidden\">{}</span>{}</a>",
            claim_anchor(&claim.id),
            escape(words.text("claim_status_hidden")),
            escape(label)
        );
        if config.claim_pages {
            let page = config.url(&claim_page_path(self.article, claim));
            html.push_str(&format!(
                "<a class=\"claim__page\" href=\"{}\" aria-label=\"{}\">↗</a>",
                escape(&page),
                escape(&words.format("claim_page_label", &[("status", label)]))
            ));
        }
        html.push_str("</span>");
        self.out.push(Event::Html(html.into()));
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::tests::{render_body, render_in};

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
    fn with_claim_pages_an_arrow_after_the_badge_links_to_the_claims_page() {
        let r = render_in("They [halted it](claim:halted).\n", |c| {
            c.claim_pages = true
        })
        .unwrap();
        assert_eq!(
            r.html,
            "<p>They <span class=\"claim claim--disputed\" id=\"claim-ref-halted-1\">halted it <a class=\"badge badge--disputed\" href=\"#claim-halted\"><span class=\"visually-hidden\">Claim status: </span>Disputed</a><a class=\"claim__page\" href=\"/sub/claims/x/a/halted/\" aria-label=\"Disputed: the claim’s page\">↗</a></span>.</p>\n"
        );
    }
}
