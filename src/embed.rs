//! Embeds without trackers: `[Title](embed:https://host/…)`, alone in its paragraph,
//! becomes a link card naming the title and the host. A frame from the other host
//! (a video, a post, a map, a chart) would load its scripts and cookies as soon as
//! the page opens; a card makes no request there until the reader follows it, and
//! works without JavaScript, so the default theme keeps its promise of no external
//! requests. `markdown` finds the links and places the cards; this module makes them.

use crate::html::escape_into;
use crate::safe_url::{self, Start, Use};

/// What a link's destination starts with to make an embed.
pub const SCHEME: &str = "embed:";

/// The card for `title` and `url` (written after `embed:`), or why there is none.
pub fn card(title: &str, url: &str) -> Result<String, (String, &'static str)> {
    let url = url.trim();
    let host = host(url).ok_or_else(|| {
        (
            format!("`{SCHEME}{url}` does not name a page on another host"),
            "write the page's full address after `embed:`, e.g. `embed:https://www.youtube.com/watch?v=…`",
        )
    })?;
    if title.trim().is_empty() {
        return Err((
            "this embed has no title".into(),
            "say what the reader will find there, e.g. `[Lavrov's statement, on video](embed:https://…)`",
        ));
    }
    let mut html = String::with_capacity(128 + url.len() + title.len());
    html.push_str("<div class=\"embed\"><a class=\"embed__card\" href=\"");
    escape_into(&mut html, url);
    html.push_str("\" rel=\"noreferrer\"><span class=\"embed__title\">");
    escape_into(&mut html, title.trim());
    html.push_str("</span> <span class=\"embed__host\">");
    escape_into(&mut html, &host);
    html.push_str("</span></a></div>\n");
    Ok(html)
}

/// The host of an `http(s)://` URL the URL policy allows, as readers know it
/// (`youtube.com` for `https://www.YouTube.com:443/…`); `None` for any other URL.
fn host(url: &str) -> Option<String> {
    let Ok(Start::Scheme(scheme)) = safe_url::check(url, Use::Link) else {
        return None;
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let rest = url.get(scheme.len() + 1..)?.strip_prefix("//")?;
    let authority = rest.split(['/', '?', '#', '\\']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    };
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (!host.is_empty()).then(|| host.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_names_the_title_and_the_host_and_loads_nothing() {
        assert_eq!(
            card("Lavrov <speaks>", "https://www.YouTube.com:443/watch?v=a&b=1").unwrap(),
            "<div class=\"embed\"><a class=\"embed__card\" href=\"https://www.YouTube.com:443/watch?v=a&amp;b=1\" rel=\"noreferrer\"><span class=\"embed__title\">Lavrov &lt;speaks&gt;</span> <span class=\"embed__host\">youtube.com</span></a></div>\n"
        );
        assert_eq!(
            host("http://user@maps.example.org/x").as_deref(),
            Some("maps.example.org")
        );
    }

    #[test]
    fn an_embed_leads_to_another_host_and_has_a_title() {
        for bad in [
            "/charts/a.html",
            "javascript:alert(1)",
            "//x.org/a",
            "mailto:a@b.org",
            "https://",
            "chart.png",
        ] {
            assert!(card("T", bad).is_err(), "{bad}");
        }
        assert_eq!(
            card(" ", "https://x.org/").unwrap_err().0,
            "this embed has no title"
        );
    }
}
