//! What serde reads a front matter or `content/sources.yaml` into, before any
//! checking: every scalar as text, and the keys each mapping takes, for help with
//! unknown ones.

use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;

/// A scalar read as text whatever YAML typed it as: `title: 2016` and the
/// status `false` are the strings "2016" and "false", not a number and a boolean.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Text(pub(super) String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextVisitor)
    }
}

pub(super) struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a piece of text")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
        Ok(Text(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
}

/// A list of texts; a single text is accepted as a list of one (`tags: syria`).
#[derive(Debug, Clone, Default)]
pub(super) struct TextList(pub(super) Vec<String>);

impl<'de> Deserialize<'de> for TextList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TextList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of texts")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TextList, A::Error> {
                let mut out = Vec::new();
                while let Some(Text(t)) = seq.next_element()? {
                    out.push(t);
                }
                Ok(TextList(out))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TextList, E> {
                Ok(TextList(vec![v.to_string()]))
            }
            fn visit_unit<E: de::Error>(self) -> Result<TextList, E> {
                Ok(TextList(Vec::new()))
            }
        }
        d.deserialize_any(V)
    }
}

pub const ARTICLE_KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "summary",
    "authors",
    "tags",
    "draft",
    "slug",
    "sources",
    "claims",
    "extra",
    "image",
    "image_alt",
    "timeline",
    "expires",
    "contents",
    "corrections",
];
pub const SOURCE_KEYS: &[&str] = &[
    "id",
    "title",
    "publisher",
    "author",
    "url",
    "date",
    "accessed",
    "note",
    "archive_url",
    "archived",
    "type",
    "doi",
    "isbn",
    "language",
    "quote",
    "extra",
];
pub const CLAIM_KEYS: &[&str] = &[
    "id",
    "text",
    "status",
    "as_of",
    "asserted_by",
    "contested_by",
    "note",
    "history",
    "short",
    "claimant",
    "claim_date",
    "appearances",
    "explanation",
    "extra",
];
/// The keys of a claimant, inline on a claim (no `id`) or in `content/claimants.yaml`.
pub const CLAIMANT_KEYS: &[&str] = &["id", "name", "kind", "description", "url", "same_as"];
pub const APPEARANCE_KEYS: &[&str] = &["url", "date", "archive_url", "source"];
/// The keys of `content/claimants.yaml`.
pub const CLAIMANTS_FILE_KEYS: &[&str] = &["claimants"];
/// The keys of `content/claims.yaml`.
pub const SITE_CLAIMS_KEYS: &[&str] = &["claims"];
pub const HISTORY_KEYS: &[&str] = &["date", "status", "note"];
pub const TIMELINE_KEYS: &[&str] = &["date", "event", "sources"];
pub const CORRECTION_KEYS: &[&str] = &["date", "kind", "text"];
/// How many tags an article may have. Each tag's page and feed list the article with
/// all of its tags, so an article's share of the site grows with the square of its
/// tag count: 4,000 tags on one article made 1.3 GB of pages.
pub const MAX_TAGS: usize = 50;
/// The longest `title` and `summary`, in characters, and the most `authors`: list pages
/// and feeds repeat them for every tag, so with them unbounded one article of 256 KB
/// wrote 120 MB (title) or 230 MB (authors).
pub const MAX_TITLE: usize = 300;
pub const MAX_SUMMARY: usize = 1000;
pub const MAX_AUTHORS: usize = 50;
pub const MAX_AUTHOR: usize = 200;

/// The keys of an entry of `content/archives.yaml`.
pub const ARCHIVE_KEYS: &[&str] = &["archive_url", "archived", "dead"];

/// The keys of `content/sources.yaml`.
pub const SHARED_KEYS: &[&str] = &["sources"];

#[derive(Deserialize, Default)]
pub(super) struct RawArticle {
    pub(super) title: Option<Text>,
    pub(super) date: Option<Text>,
    pub(super) updated: Option<Text>,
    pub(super) summary: Option<Text>,
    #[serde(default)]
    pub(super) authors: TextList,
    #[serde(default)]
    pub(super) tags: TextList,
    #[serde(default)]
    pub(super) draft: bool,
    pub(super) slug: Option<Text>,
    #[serde(default)]
    pub(super) sources: Option<Vec<RawSource>>,
    #[serde(default)]
    pub(super) claims: Option<Vec<RawClaimItem>>,
    #[serde(default)]
    pub(super) extra: Option<serde_json::Value>,
    pub(super) image: Option<Text>,
    #[serde(default)]
    pub(super) timeline: Option<Vec<RawEvent>>,
    pub(super) expires: Option<Text>,
    /// Whether to show a table of contents, whatever the rule says (`contents`).
    pub(super) contents: Option<Text>,
    pub(super) image_alt: Option<Text>,
    #[serde(default)]
    pub(super) corrections: Option<Vec<RawCorrection>>,
}

/// A `corrections:` entry: when the text changed, how, and what readers are told.
#[derive(Deserialize)]
pub(super) struct RawCorrection {
    pub(super) date: Option<Text>,
    pub(super) kind: Option<Text>,
    pub(super) text: Option<Text>,
}

/// A `timeline:` entry: an event, when it happened, and the sources that back it.
#[derive(Deserialize)]
pub(super) struct RawEvent {
    pub(super) date: Option<Text>,
    pub(super) event: Option<Text>,
    #[serde(default)]
    pub(super) sources: TextList,
}

/// `content/sources.yaml`: sources shared by every article.
#[derive(Deserialize, Default)]
pub(super) struct RawShared {
    #[serde(default)]
    pub(super) sources: Option<Vec<RawSource>>,
}

/// An entry of `content/archives.yaml`, under its source's URL.
#[derive(Deserialize)]
pub(super) struct RawArchive {
    pub(super) archive_url: Option<Text>,
    pub(super) archived: Option<Text>,
    pub(super) dead: Option<Text>,
}

#[derive(Deserialize)]
pub(super) struct RawAssessment {
    pub(super) date: Option<Text>,
    pub(super) status: Option<Text>,
    pub(super) note: Option<Text>,
}

#[derive(Deserialize)]
pub(super) struct RawSource {
    pub(super) id: Option<Text>,
    pub(super) title: Option<Text>,
    pub(super) publisher: Option<Text>,
    pub(super) author: Option<Text>,
    pub(super) url: Option<Text>,
    pub(super) date: Option<Text>,
    pub(super) accessed: Option<Text>,
    pub(super) note: Option<Text>,
    pub(super) archive_url: Option<Text>,
    pub(super) archived: Option<Text>,
    #[serde(rename = "type")]
    pub(super) kind: Option<Text>,
    pub(super) doi: Option<Text>,
    pub(super) isbn: Option<Text>,
    pub(super) language: Option<Text>,
    pub(super) quote: Option<Text>,
    #[serde(default)]
    pub(super) extra: Option<serde_json::Value>,
}

#[derive(Deserialize)]
pub(super) struct RawClaim {
    pub(super) id: Option<Text>,
    pub(super) text: Option<Text>,
    pub(super) status: Option<Text>,
    pub(super) as_of: Option<Text>,
    #[serde(default)]
    pub(super) asserted_by: TextList,
    #[serde(default)]
    pub(super) contested_by: TextList,
    pub(super) note: Option<Text>,
    #[serde(default)]
    pub(super) history: Option<Vec<RawAssessment>>,
    pub(super) short: Option<Text>,
    pub(super) claimant: Option<RawClaimantRef>,
    pub(super) claim_date: Option<Text>,
    #[serde(default)]
    pub(super) appearances: Option<Vec<RawAppearance>>,
    pub(super) explanation: Option<Text>,
    #[serde(default)]
    pub(super) extra: Option<serde_json::Value>,
}

/// An entry of an article's `claims`: the id of a site-wide claim of
/// `content/claims.yaml`, or a claim of the article's own.
pub(super) enum RawClaimItem {
    SiteWide(String),
    Own(Box<RawClaim>),
}

impl<'de> Deserialize<'de> for RawClaimItem {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawClaimItem;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a site-wide claim's id, or a claim with `id:`, `text:` and `status:`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawClaimItem, E> {
                Ok(RawClaimItem::SiteWide(v.to_string()))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<RawClaimItem, A::Error> {
                let own = RawClaim::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawClaimItem::Own(Box::new(own)))
            }
        }
        d.deserialize_any(V)
    }
}

/// `content/claims.yaml`: claims several articles discuss, defined once.
#[derive(Deserialize, Default)]
pub(super) struct RawSiteClaims {
    #[serde(default)]
    pub(super) claims: Option<Vec<RawClaim>>,
}

/// A claim's `claimant`: the id of one in `content/claimants.yaml`, or one inline.
pub(super) enum RawClaimantRef {
    Id(String),
    Inline(RawClaimant),
}

impl<'de> Deserialize<'de> for RawClaimantRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawClaimantRef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a claimant's id, or a claimant with `name:`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawClaimantRef, E> {
                Ok(RawClaimantRef::Id(v.to_string()))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<RawClaimantRef, A::Error> {
                let inline = RawClaimant::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawClaimantRef::Inline(inline))
            }
        }
        d.deserialize_any(V)
    }
}

/// A claimant, in `content/claimants.yaml` (with an `id`) or inline on a claim.
#[derive(Deserialize)]
pub(super) struct RawClaimant {
    pub(super) id: Option<Text>,
    pub(super) name: Option<Text>,
    pub(super) kind: Option<Text>,
    pub(super) description: Option<Text>,
    pub(super) url: Option<Text>,
    #[serde(default)]
    pub(super) same_as: TextList,
}

/// `content/claimants.yaml`: claimants claims name by id.
#[derive(Deserialize, Default)]
pub(super) struct RawClaimants {
    #[serde(default)]
    pub(super) claimants: Option<Vec<RawClaimant>>,
}

/// An entry of a claim's `appearances`.
#[derive(Deserialize)]
pub(super) struct RawAppearance {
    pub(super) url: Option<Text>,
    pub(super) date: Option<Text>,
    pub(super) archive_url: Option<Text>,
    pub(super) source: Option<Text>,
}

/// What a writer wrote for each of byline's types, for YAML error messages.
pub(super) const TYPE_NAMES: &[(&str, &str)] = &[
    ("RawArticle", "keys such as `title:` and `date:`"),
    ("RawShared", "a mapping with a `sources:` list"),
    ("RawSource", "a source with `id:` and `title:`"),
    (
        "RawArchive",
        "an archived copy with `archive_url:` and `archived:`",
    ),
    ("RawClaim", "a claim with `id:`, `text:` and `status:`"),
    (
        "RawEvent",
        "a timeline entry with `date:`, `event:` and `sources:`",
    ),
    ("RawClaimant", "a claimant with `name:`"),
    ("RawClaimants", "a mapping with a `claimants:` list"),
    ("RawSiteClaims", "a mapping with a `claims:` list"),
    (
        "RawClaimItem",
        "a site-wide claim's id, or a claim with `id:`, `text:` and `status:`",
    ),
    ("RawAppearance", "an appearance with `url:`"),
    (
        "RawCorrection",
        "a correction with `date:`, `kind:` and `text:`",
    ),
    (
        "RawAssessment",
        "a history entry with `date:` and `status:`",
    ),
];
