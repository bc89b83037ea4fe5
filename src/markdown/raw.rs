//! Raw HTML under the site's policy: refused, or scanned for what must be checked.

use std::ops::Range;

use pulldown_cmark::Event;

use crate::config::RawHtml;
use crate::raw_html;
use crate::raw_html::Finding;
use crate::raw_html::Scanner;

use super::{offset_in, Renderer};

impl<'a> Renderer<'a, '_> {
    /// Raw HTML, as the site's policy says: refused where it is written, or read for
    /// what must be checked (and sanitized once the body is rendered).
    pub(super) fn raw_html(&mut self, event: Event<'a>, range: Range<usize>) {
        let scanner = self.raw_html.get_or_insert_with(Scanner::default);
        match (&event, self.env.config.markdown.raw_html) {
            (Event::End(_), _) => scanner.block_end(),
            (Event::Start(_) | Event::InlineHtml(_), RawHtml::Refuse) => {
                let line = self.body[range.clone()].lines().next().unwrap_or_default();
                let at = range.start..range.start + line.len();
                self.error("raw-html", "raw HTML is not allowed on this site".into(), at, "write it in Markdown, or let site.toml allow it: `[markdown] raw_html = \"sanitize\"`".into());
            }
            (Event::Html(html) | Event::InlineHtml(html), policy) if policy != RawHtml::Refuse => {
                let at = offset_in(self.body, html).unwrap_or(range.start);
                scanner.feed(html, at);
                self.check_raw_html();
            }
            _ => {}
        }
        self.out.push(event);
    }

    /// Acts on what the scanner found in raw HTML so far.
    pub(super) fn check_raw_html(&mut self) {
        let Some(findings) = self
            .raw_html
            .as_mut()
            .map(|s| std::mem::take(&mut s.findings))
        else {
            return;
        };
        for finding in findings {
            match finding {
                Finding::Id { id, at } => {
                    self.authored_id(&id, at.clone());
                    self.heading_ids.taken.insert(id);
                }
                Finding::IframeSrc { src, at } => self.check_iframe(&src, at),
                Finding::Unclosed { opener, at } => {
                    let (what, close) = match opener.as_str() {
                        "<!--" => ("the comment `<!--`".to_string(), "-->".to_string()),
                        o if o.ends_with('>') => (format!("`{o}`"), format!("</{}", &o[1..])),
                        o => (format!("the tag `{o}`"), ">".to_string()),
                    };
                    self.error(
                        "unclosed-html",
                        format!("{what} is never closed, so it would swallow the rest of the page"),
                        at,
                        format!("close it with `{close}`"),
                    );
                }
            }
        }
    }

    pub(super) fn check_raw_html_end(&mut self) {
        if let Some(scanner) = &mut self.raw_html {
            scanner.finish();
            self.check_raw_html();
        }
    }

    pub(super) fn check_iframe(&mut self, src: &str, at: Range<usize>) {
        let policy = &self.env.config.markdown;
        if policy.raw_html != RawHtml::Sanitize
            || raw_html::iframe_allowed(src, &policy.iframe_hosts)
        {
            return;
        }
        let help = match src.trim().strip_prefix("https://") {
            Some(rest) => format!("list its host in site.toml, `[markdown] iframe_hosts = [\"{}\"]`, or link to the page instead", rest.split(['/', '?', '#']).next().unwrap_or_default()),
            None => "embed an https:// page of a host listed in site.toml (`[markdown] iframe_hosts`), or link to the page instead".into(),
        };
        self.error(
            "iframe-host",
            format!("an iframe may show only the pages of hosts site.toml lists, not `{src}`"),
            at,
            help,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::config::RawHtml;
    use crate::markdown::tests::{render_body, render_with};

    // Sanitizing takes the whole body, so it must keep what byline writes itself.
    #[test]
    fn sanitizing_keeps_everything_byline_writes() {
        let body = "## Intro {#start .wide}\n\n## Intro\n\nSaid \"so\" & 'so' [@lavrov; @un], [*halted*](claim:halted)[^n], ~~x~~ `c<d>`.  \nNext [b](b.md#p) [t](/t/ \"T\") ![i](/i.png \"I\") <mark>raw</mark>\n\n[^n]: Note.\n\n> [!KNOWN]\n> Known $x^2$.\n\n> [!NOTE]\n> $$\\frac{a}{b}$$\n\n| a | b | c |\n|:-|:-:|-:|\n| 1 | 2 | 3 |\n\n3. three\n- [x] done\n- [ ] todo\n\n> quote\n\n```rust\nlet s = \"<b>\";\n```\n\n***\n";
        let trusted = render_with(body, RawHtml::Trusted).unwrap().html;
        let sanitized = render_body(body).unwrap().html;
        // html5ever writes void elements without `/`, style declarations compactly, and
        // `"` unescaped in text (no attribute here has one).
        let expected = trusted
            .replace(" />", ">")
            .replace("/>", ">")
            .replace("text-align: ", "text-align:")
            .replace("&quot;", "\"");
        assert_eq!(sanitized, expected);
    }
}
