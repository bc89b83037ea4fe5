//! Structured data for search engines and fact-check aggregators: each article page
//! carries schema.org JSON-LD, an `Article` (or `NewsArticle`) citing its sources and
//! one `ClaimReview` per claim, rated on the per-status scale of site.toml, and the
//! home page a `WebSite`. Each says its language (`inLanguage`, the site's).
//!
//! The graph is typed and borrows from the article, and it is made safe for
//! `<script>` while it is serialised: this runs once per page, and building
//! `serde_json::Value` trees, then escaping the text in a second pass, cost a
//! twentieth of a large build. Fields are declared in alphabetical order, the order
//! JSON-LD had when it was built from `Value`s, so pages did not change.

use std::io;

use serde::Serialize;
use serde_json::ser::Formatter;

use crate::article::{claim_anchor, Article, Claim, Claimant, Correction, Source};
use crate::config::{Config, Policy};

/// The JSON-LD of an article page, ready to print inside
/// `<script type="application/ld+json">`.
pub fn article(a: &Article, config: &Config) -> String {
    script_safe_json(&graph(a, config))
}

/// The JSON-LD of a claim's page, at `url`: its one `ClaimReview`.
pub fn claim(a: &Article, c: &Claim, url: String, config: &Config) -> String {
    let mut review = claim_review(a, c, url, config);
    review.context = Some("https://schema.org");
    script_safe_json(&review)
}

/// The JSON-LD of the home page: the site as a `WebSite`.
pub fn website(config: &Config) -> String {
    script_safe_json(&WebSite {
        context: "https://schema.org",
        kind: "WebSite",
        description: (!config.description.is_empty()).then_some(&config.description),
        in_language: config.lang.tag(),
        name: &config.title,
        publisher: publisher(config),
        url: &config.base_url,
    })
}

#[derive(Serialize)]
struct WebSite<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    name: &'a str,
    publisher: Agent<'a>,
    url: &'a str,
}

/// `value` as JSON that cannot end a `<script>` element or open a comment in it.
fn script_safe_json(value: &impl Serialize) -> String {
    let mut out = Vec::with_capacity(4096);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, ScriptSafe);
    value
        .serialize(&mut ser)
        .expect("JSON-LD is plain data, written to memory");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// Compact JSON whose strings escape `<`, `>`, `&`, U+2028 and U+2029.
struct ScriptSafe;

impl Formatter for ScriptSafe {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let bytes = fragment.as_bytes();
        let sign_from = |i: usize| memchr::memchr3(b'<', b'>', b'&', &bytes[i..]).map(|k| i + k);
        // Bytes, not chars: the three ASCII signs, and U+2028/U+2029 by their UTF-8. The
        // next sign is kept between steps: text with many ’ or “ (0xE2 too) would
        // otherwise be searched for one again after each.
        let (mut start, mut from, mut sign) = (0, 0, sign_from(0));
        loop {
            let before_sign = &bytes[from..sign.unwrap_or(bytes.len())];
            let (i, escaped, len) = match memchr::memchr(0xE2, before_sign) {
                Some(k) => {
                    let i = from + k;
                    match bytes.get(i + 1..i + 3) {
                        Some([0x80, 0xA8]) => (i, "\\u2028", 3),
                        Some([0x80, 0xA9]) => (i, "\\u2029", 3),
                        _ => {
                            from = i + 1;
                            continue;
                        }
                    }
                }
                None => {
                    let Some(i) = sign else { break };
                    sign = sign_from(i + 1);
                    match bytes[i] {
                        b'<' => (i, "\\u003c", 1),
                        b'>' => (i, "\\u003e", 1),
                        _ => (i, "\\u0026", 1),
                    }
                }
            };
            writer.write_all(&bytes[start..i])?;
            writer.write_all(escaped.as_bytes())?;
            start = i + len;
            from = start;
        }
        writer.write_all(&bytes[start..])
    }
}

/// `{"@context": …, "@graph": [article, reviews…]}`.
struct Graph<'a> {
    article: ArticleNode<'a>,
    reviews: Vec<ClaimReview<'a>>,
}

impl Serialize for Graph<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeSeq, SerializeStruct};
        struct Nodes<'g, 'a>(&'g Graph<'a>);
        impl Serialize for Nodes<'_, '_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut seq = serializer.serialize_seq(Some(1 + self.0.reviews.len()))?;
                seq.serialize_element(&self.0.article)?;
                for review in &self.0.reviews {
                    seq.serialize_element(review)?;
                }
                seq.end()
            }
        }
        let mut s = serializer.serialize_struct("Graph", 2)?;
        s.serialize_field("@context", "https://schema.org")?;
        s.serialize_field("@graph", &Nodes(self))?;
        s.end()
    }
}

#[derive(Serialize)]
struct ArticleNode<'a> {
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'a str,
    author: Vec<Agent<'a>>,
    citation: Vec<Work<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    correction: Vec<CorrectionComment<'a>>,
    #[serde(rename = "dateModified")]
    date_modified: String,
    #[serde(rename = "datePublished")]
    date_published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    keywords: Option<&'a [String]>,
    #[serde(rename = "mainEntityOfPage")]
    main_entity_of_page: String,
    publisher: PublisherNode<'a>,
    url: String,
}

/// The site's publisher as the article names it: an `Organization`, or with policy
/// links (`[publisher]` in site.toml) a `NewsMediaOrganization`, which has them.
#[derive(Serialize)]
struct PublisherNode<'a> {
    #[serde(flatten)]
    agent: Agent<'a>,
    #[serde(flatten)]
    policies: Policies<'a>,
}

/// Each policy link as its schema.org property; `contactPoint` is a `ContactPoint`.
struct Policies<'a>(&'a [Policy]);

impl Serialize for Policies<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        #[derive(Serialize)]
        struct ContactPoint<'a> {
            #[serde(rename = "@type")]
            kind: &'static str,
            url: &'a str,
        }
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for p in self.0 {
            if p.property == "contactPoint" {
                let point = ContactPoint {
                    kind: "ContactPoint",
                    url: &p.url,
                };
                map.serialize_entry(p.property, &point)?;
            } else {
                map.serialize_entry(p.property, &p.url)?;
            }
        }
        map.end()
    }
}

/// A `Person` or an `Organization`.
#[derive(Serialize, Clone)]
struct Agent<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    logo: Option<Image<'a>>,
    name: &'a str,
    #[serde(rename = "sameAs", skip_serializing_if = "<[_]>::is_empty")]
    same_as: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

impl<'a> Agent<'a> {
    fn person(name: &'a str) -> Self {
        Agent {
            kind: "Person",
            logo: None,
            name,
            same_as: &[],
            url: None,
        }
    }

    fn claimant(c: &'a Claimant) -> Self {
        Agent {
            kind: c.kind.schema_type(),
            same_as: &c.same_as,
            url: c.url.as_deref(),
            ..Agent::person(&c.name)
        }
    }

    fn organization(name: &'a str) -> Self {
        Agent {
            kind: "Organization",
            ..Agent::person(name)
        }
    }
}

#[derive(Serialize, Clone)]
struct Image<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    url: &'a str,
}

/// A `CreativeWork`: a cited source, or where a claim appeared.
#[derive(Serialize, Clone, Default)]
struct Work<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "archivedAt", skip_serializing_if = "Option::is_none")]
    archived_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Agent<'a>>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    genre: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Agent<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(rename = "inLanguage", skip_serializing_if = "Option::is_none")]
    in_language: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    isbn: Option<&'a str>,
    /// The DOI's URL (`https://doi.org/…`), which names the work wherever it is.
    #[serde(rename = "sameAs", skip_serializing_if = "Option::is_none")]
    same_as: Option<String>,
}

/// A `ClaimReview` of one claim. Each field says something or is left out: Google's
/// checker flags empty lists, and the fields that come from the claim alone are set
/// in [`claim_review`], so a new property of a claim is one field here and one line there.
#[derive(Serialize)]
struct ClaimReview<'a> {
    /// Only where the review is the page's whole JSON-LD (a claim's page).
    #[serde(rename = "@context", skip_serializing_if = "Option::is_none")]
    context: Option<&'static str>,
    #[serde(rename = "@type")]
    kind: &'static str,
    author: Agent<'a>,
    #[serde(rename = "claimReviewed")]
    claim_reviewed: &'a str,
    #[serde(rename = "datePublished")]
    date_published: String,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(rename = "itemReviewed")]
    item_reviewed: ItemReviewed<'a>,
    #[serde(rename = "reviewRating")]
    review_rating: ReviewRating<'a>,
    url: String,
}

#[derive(Serialize)]
struct ItemReviewed<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    appearance: Vec<Work<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<Agent<'a>>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
}

/// The verdict: its label, and its place on the site's numeric scale when the status
/// has one (a neutral status, no verdict on truth, has none unless site.toml gives it).
#[derive(Serialize)]
struct ReviewRating<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "alternateName")]
    alternate_name: &'a str,
    #[serde(rename = "bestRating", skip_serializing_if = "Option::is_none")]
    best_rating: Option<i64>,
    #[serde(rename = "ratingExplanation", skip_serializing_if = "Option::is_none")]
    rating_explanation: Option<&'a str>,
    #[serde(rename = "ratingValue", skip_serializing_if = "Option::is_none")]
    rating_value: Option<i64>,
    #[serde(rename = "worstRating", skip_serializing_if = "Option::is_none")]
    worst_rating: Option<i64>,
}

fn graph<'a>(a: &'a Article, config: &'a Config) -> Graph<'a> {
    let url = config.permalink(&a.path);
    let publisher = publisher(config);
    let author = if a.authors.is_empty() {
        vec![publisher.clone()]
    } else {
        a.authors.iter().map(|n| Agent::person(n)).collect()
    };
    // A claim's review is on its page when it has one and the site puts it there.
    let reviews = (a.claims.iter())
        .filter(|c| !(config.reviews_on_claim_pages() && c.listed))
        .map(|c| claim_review(a, c, format!("{url}#{}", claim_anchor(&c.id)), config))
        .collect();
    let description = a.summary.as_deref().unwrap_or(&config.description);
    let article = ArticleNode {
        id: format!("{url}#article"),
        kind: config.article_type.as_str(),
        author,
        citation: a.sources.iter().map(|s| citation(s, config)).collect(),
        correction: a.corrections.iter().map(correction).collect(),
        date_modified: a.modified().iso(),
        date_published: a.date.iso(),
        description: (!description.is_empty()).then_some(description),
        headline: &a.title,
        image: a.image.as_deref().or(config.image.as_deref()),
        in_language: config.lang.tag(),
        keywords: (!a.tags.is_empty()).then_some(&a.tags[..]),
        main_entity_of_page: url.clone(),
        publisher: PublisherNode {
            agent: Agent {
                kind: match config.publisher.policies.is_empty() {
                    true => "Organization",
                    false => "NewsMediaOrganization",
                },
                ..publisher
            },
            policies: Policies(&config.publisher.policies),
        },
        url,
    };
    Graph { article, reviews }
}

/// The `ClaimReview` of claim `c` of `a`, at `url`. Dated when it was last assessed,
/// else when the article was published; `short` is what it reviews, when the claim
/// has one (Google shows about 75 characters). What the claim's own data says
/// (`claimant`, `appearances`, `claim_date`, `explanation`) replaces what its asserting
/// sources would.
fn claim_review<'a>(
    a: &'a Article,
    c: &'a Claim,
    url: String,
    config: &'a Config,
) -> ClaimReview<'a> {
    let status = config.status(c.status);
    let rating = config.rating(c.status);
    let asserting: Vec<&Source> = c.asserted_by.iter().map(|&n| a.source(n)).collect();
    let appearance = if c.appearances.is_empty() {
        let urls = asserting.iter().filter_map(|s| s.url.as_deref());
        urls.map(|u| Work {
            kind: "CreativeWork",
            url: Some(config.absolute(u)),
            ..Work::default()
        })
        .collect()
    } else {
        (c.appearances.iter())
            .map(|ap| Work {
                kind: "CreativeWork",
                archived_at: ap.archive_url.as_deref().map(|u| config.absolute(u)),
                date_published: ap.date.as_ref().map(|d| d.iso()),
                url: Some(config.absolute(&ap.url)),
                ..Work::default()
            })
            .collect()
    };
    let author = match &c.claimant {
        Some(claimant) => vec![Agent::claimant(claimant)],
        None => {
            // Sources from one publisher name one author, once.
            let mut seen = std::collections::HashSet::new();
            (asserting.iter().filter_map(|s| claimant(s)))
                .filter(|agent| seen.insert((agent.kind, agent.name)))
                .collect()
        }
    };
    ClaimReview {
        context: None,
        kind: "ClaimReview",
        author: publisher(config),
        claim_reviewed: c.short.as_deref().unwrap_or(&c.text),
        date_published: c.as_of.as_ref().unwrap_or(&a.date).iso(),
        in_language: config.lang.tag(),
        item_reviewed: ItemReviewed {
            kind: "Claim",
            appearance,
            author,
            date_published: c.claim_date.as_ref().map(|d| d.iso()),
        },
        review_rating: ReviewRating {
            kind: "Rating",
            alternate_name: &status.label,
            best_rating: rating.map(|r| r.best),
            rating_explanation: c.explanation.as_deref(),
            rating_value: rating.map(|r| r.value),
            worst_rating: rating.map(|r| r.worst),
        },
        url,
    }
}

/// A correction entry as schema.org's `CorrectionComment`.
fn correction(c: &Correction) -> CorrectionComment<'_> {
    CorrectionComment {
        kind: "CorrectionComment",
        date_published: c.date.iso(),
        text: &c.text,
    }
}

#[derive(Serialize)]
struct CorrectionComment<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "datePublished")]
    date_published: String,
    text: &'a str,
}

fn publisher(config: &Config) -> Agent<'_> {
    let p = &config.publisher;
    Agent {
        logo: p.logo.as_deref().map(|url| Image {
            kind: "ImageObject",
            url,
        }),
        url: Some(&p.url),
        ..Agent::organization(&p.name)
    }
}

/// Who makes a claim: the source's publisher, else its author.
fn claimant(s: &Source) -> Option<Agent<'_>> {
    match (&s.publisher, &s.author) {
        (Some(p), _) => Some(Agent::organization(p)),
        (None, Some(a)) => Some(Agent::person(a)),
        (None, None) => None,
    }
}

fn citation<'a>(s: &'a Source, config: &Config) -> Work<'a> {
    let kind = s.meta.kind.map(|k| k.get().schema_org);
    Work {
        kind: kind.unwrap_or("CreativeWork"),
        genre: s.meta.kind.and_then(|k| k.get().genre),
        in_language: s.meta.language.as_deref(),
        isbn: s.meta.isbn.as_deref().filter(|_| kind == Some("Book")),
        same_as: s.meta.doi_url(),
        author: s.author.as_deref().map(Agent::person),
        date_published: s.date.as_ref().map(|d| d.iso()),
        name: Some(&s.title),
        publisher: s.publisher.as_deref().map(Agent::organization),
        url: s.url.as_deref().map(|u| config.absolute(u)),
        archived_at: s.archive_url.as_deref().map(|u| config.absolute(u)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn script_end_tags_cannot_escape_and_the_json_is_unchanged() {
        let v = json!({"t": "</script><!-- & \u{2028} \u{2029} é"});
        let safe = script_safe_json(&v);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        assert!(!safe.contains('\u{2028}') && !safe.contains('\u{2029}'));
        assert!(safe.contains(r"\u003c/script\u003e"), "{safe}");
        assert_eq!(serde_json::from_str::<Value>(&safe).unwrap(), v);
        // Other characters that share U+2028's first byte are left as they are.
        assert_eq!(
            script_safe_json(&json!("…€\u{2028}\u{2029}>\u{2027}")),
            "\"…€\\u2028\\u2029\\u003e\u{2027}\""
        );
    }
}
