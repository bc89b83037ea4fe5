//! Structured data for search engines and fact-check aggregators: each article page
//! carries schema.org JSON-LD, an `Article` (or `NewsArticle`) citing its sources and
//! one `ClaimReview` per claim, rated on the per-status scale of site.toml. Built as
//! serde_json values and serialised here, escaped so it can sit inside `<script>`.

use serde_json::{json, Value};

use crate::article::{claim_anchor, Article, Source};
use crate::config::Config;

/// The JSON-LD of an article page, ready to print inside
/// `<script type="application/ld+json">`.
pub fn article(a: &Article, config: &Config) -> String {
    script_safe(&serde_json::to_string(&graph(a, config)).expect("JSON values serialise"))
}

/// `{"@context": …, "@graph": [Article, ClaimReview…]}`.
pub fn graph(a: &Article, config: &Config) -> Value {
    let url = config.permalink(&a.path);
    let publisher = publisher(config);
    let authors: Vec<Value> = if a.authors.is_empty() {
        vec![publisher.clone()]
    } else {
        a.authors
            .iter()
            .map(|n| json!({"@type": "Person", "name": n}))
            .collect()
    };
    let mut article = json!({
        "@type": config.article_type.as_str(),
        "@id": format!("{url}#article"),
        "headline": a.title,
        "datePublished": a.date.iso(),
        "dateModified": a.modified().iso(),
        "author": authors,
        "publisher": publisher,
        "description": a.summary.as_deref().unwrap_or(&config.description),
        "url": url,
        "mainEntityOfPage": url,
        "citation": a.sources.iter().map(|s| citation(s, config)).collect::<Vec<_>>(),
    });
    if let Some(image) = a.image.as_ref().or(config.image.as_ref()) {
        article["image"] = json!(image);
    }
    if !a.tags.is_empty() {
        article["keywords"] = json!(a.tags);
    }
    let mut graph = vec![article];
    for c in &a.claims {
        let Some(status) = config.vocabulary.get(&c.status) else {
            continue;
        };
        let rating = config.rating(&c.status);
        let asserting: Vec<&Source> = c
            .asserted_by
            .iter()
            .filter_map(|id| a.sources.iter().find(|s| s.id == *id))
            .collect();
        let mut review = json!({
            "@type": "ClaimReview",
            "url": format!("{url}#{}", claim_anchor(&c.id)),
            "claimReviewed": c.text,
            "author": publisher,
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": rating.value,
                "bestRating": rating.best,
                "worstRating": rating.worst,
                "alternateName": status.label,
            },
            "itemReviewed": {
                "@type": "Claim",
                "author": asserting.iter().filter_map(|s| claimant(s)).collect::<Vec<_>>(),
                "appearance": asserting.iter().filter_map(|s| s.url.as_deref()).map(|u| json!({
                    "@type": "CreativeWork",
                    "url": config.absolute(u),
                })).collect::<Vec<_>>(),
            },
        });
        if let Some(as_of) = &c.as_of {
            review["datePublished"] = json!(as_of.iso());
        }
        graph.push(review);
    }
    json!({"@context": "https://schema.org", "@graph": graph})
}

fn publisher(config: &Config) -> Value {
    let p = &config.publisher;
    let mut v = json!({"@type": "Organization", "name": p.name, "url": p.url});
    if let Some(logo) = &p.logo {
        v["logo"] = json!({"@type": "ImageObject", "url": logo});
    }
    v
}

/// Who makes a claim: the source's publisher, else its author.
fn claimant(s: &Source) -> Option<Value> {
    match (&s.publisher, &s.author) {
        (Some(p), _) => Some(json!({"@type": "Organization", "name": p})),
        (None, Some(a)) => Some(json!({"@type": "Person", "name": a})),
        (None, None) => None,
    }
}

fn citation(s: &Source, config: &Config) -> Value {
    let mut v = json!({"@type": "CreativeWork", "name": s.title});
    if let Some(url) = &s.url {
        v["url"] = json!(config.absolute(url));
    }
    if let Some(p) = &s.publisher {
        v["publisher"] = json!({"@type": "Organization", "name": p});
    }
    if let Some(a) = &s.author {
        v["author"] = json!({"@type": "Person", "name": a});
    }
    if let Some(d) = &s.date {
        v["datePublished"] = json!(d.iso());
    }
    v
}

/// JSON that cannot end a `<script>` element or open a comment in it.
pub fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for ch in json.chars() {
        match ch {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_end_tags_cannot_escape_and_the_json_is_unchanged() {
        let v = json!({"t": "</script><!-- & \u{2028}"});
        let safe = script_safe(&v.to_string());
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        assert_eq!(serde_json::from_str::<Value>(&safe).unwrap(), v);
    }
}
