//! The schema of what byline writes rather than reads: `/claims.json` (the index) and
//! its files of claims, `/claims/claims-<n>.json`, for the people and tools that use
//! the export. A test builds sites and checks what they wrote against it, so the
//! schema cannot drift from `ledger`'s export types.

use serde_json::{json, Value};

use crate::ledger::JSON_VERSION;

use super::described;

pub(super) fn claims_json() -> Value {
    json!({
        "oneOf": [r("index"), r("page")],
        "$defs": {
            "index": described(object(&[
                ("version", version()),
                ("site", r("site")),
                ("total_claims", count("How many claims the site has.")),
                ("statuses", described(json!({ "type": "array", "items": r("statusCount") }), "Every status of the site's scale, in its order, with the number of claims it has.")),
                ("per_page", count("How many claims a file holds at most.")),
                ("pages", described(json!({ "type": "array", "minItems": 1, "items": object(&[
                    ("url", url("The file's absolute URL.")),
                    ("claims", count("How many claims it holds.")),
                ]) }), "Every file of claims, in order.")),
            ]), "/claims.json: the site, how many claims it has, and its files of claims."),
            "page": described(object(&[
                ("version", version()),
                ("site", r("site")),
                ("page", described(json!({ "type": "integer", "minimum": 1 }), "Which file this is, from 1.")),
                ("total_pages", described(json!({ "type": "integer", "minimum": 1 }), "How many files there are.")),
                ("prev", optional_url("The previous file's absolute URL, or null for the first.")),
                ("next", optional_url("The next file's absolute URL, or null for the last.")),
                ("claims", described(json!({ "type": "array", "items": r("claim") }), "The claims of this file, newest assessment first across the files.")),
            ]), "/claims/claims-<n>.json: a file of at most 1,000 claims."),
            "site": object(&[
                ("title", text("The site's title.")),
                ("url", url("The site's base URL.")),
            ]),
            "status": object(&[
                ("key", text("The status as articles write it.")),
                ("label", text("The status as readers see it.")),
                ("tone", tone()),
            ]),
            "statusCount": object(&[
                ("key", text("The status as articles write it.")),
                ("label", text("The status as readers see it.")),
                ("tone", tone()),
                ("count", count("How many claims have it now.")),
            ]),
            "claim": object_with(&[
                ("id", text("The claim's id, unique within its article.")),
                ("text", text("The claim in one sentence.")),
                ("status", r("status")),
                ("as_of", described(json!({ "type": ["string", "null"] }), "When the status was last assessed, as written (YYYY-MM-DD or RFC 3339), or null.")),
                ("history", described(json!({ "type": "array", "items": object(&[
                    ("date", text("When, as written.")),
                    ("status", r("status")),
                    ("note", optional_text("Why it changed, or null.")),
                ]) }), "Every assessment, oldest first.")),
                ("article", object(&[
                    ("title", text("The article's title.")),
                    ("url", url("The article's absolute URL.")),
                ])),
                ("url", url("The claim's entry on its article page; unique site-wide.")),
                ("sources", described(json!({ "type": "array", "items": object_with(&[
                    ("role", described(json!({ "enum": ["asserts", "contests"] }), "Whether the source makes the claim or disputes it.")),
                    ("title", text("The source's title.")),
                    ("publisher", optional_text("Who published it, or null.")),
                    ("url", optional_text("Its URL, made absolute when it was a site path, or null.")),
                    ("date", optional_text("When it was published, as written, or null.")),
                ], &[
                    ("type", text("Its CSL type (report, article-newspaper, …), when the source has a `type`.")),
                    ("genre", text("CSL's genre, for a type CSL has none for: `statement` or `press release` (its `type` is `document`).")),
                    ("DOI", text("Its DOI (10.1000/xyz), when it has one.")),
                    ("ISBN", text("Its ISBN, digits only, when it has one.")),
                    ("language", text("The BCP 47 tag of its language, when given.")),
                    ("archive_url", url("Its copy in a web archive, when known.")),
                    ("archived", text("The day of that copy, when known.")),
                    ("dead", described(json!({ "const": true }), "Present when content/archives.yaml marks its URL dead.")),
                ]) }), "The sources asserting the claim, then those contesting it.")),
            ], &[
                ("page", url("The claim's own page, on a site with claim pages.")),
                ("claimant", object(&[
                    ("name", text("Who made the claim.")),
                    ("kind", described(json!({ "enum": ["person", "organization"] }), "A person or an organisation.")),
                    ("description", optional_text("Who they are, or null.")),
                    ("url", optional_url("Their own page elsewhere, or null.")),
                    ("same_as", described(json!({ "type": "array", "items": { "type": "string" } }), "The same claimant elsewhere.")),
                    ("page", url("Their page on the site.")),
                ])),
                ("claim_date", text("When the claim was first made.")),
                ("appearances", described(json!({ "type": "array", "items": object(&[
                    ("url", url("Where the claim was made.")),
                    ("date", optional_text("When, or null.")),
                    ("archive_url", optional_url("An archived copy, or null.")),
                    ("source", optional_text("The title of the article's source it is, or null.")),
                ]) }), "Where the claim was made.")),
                ("explanation", text("The verdict's reasoning in short.")),
                ("extra", described(json!({ "type": "object" }), "The claim's free-form data.")),
                ("also_in", described(json!({ "type": "array", "items": object(&[
                    ("title", text("The article's title.")),
                    ("url", url("The article's absolute URL.")),
                ]) }), "The other articles that discuss a site-wide claim.")),
                ("texts", described(json!({ "type": "object", "additionalProperties": { "type": "string" } }), "On a site in several languages: the claim's text in each other language its article is translated into, by language tag.")),
            ]),
        },
    })
}

/// An http(s) URL, its scheme in any case.
const HTTP: &str = "^[Hh][Tt][Tt][Pp][Ss]?://";

fn r(def: &str) -> Value {
    json!({ "$ref": format!("#/$defs/{def}") })
}

/// An object with exactly `properties`, every one of them present (byline writes
/// absent values as `null`); no other key, so a field added to the export without
/// its schema fails the test that checks built sites' exports.
fn object(properties: &[(&str, Value)]) -> Value {
    let required: Vec<&str> = properties.iter().map(|(k, _)| *k).collect();
    let properties: serde_json::Map<String, Value> = properties
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

/// An object with every one of `properties` and any of `optional`, keys byline
/// writes only when they have a value; no other key.
fn object_with(properties: &[(&str, Value)], optional: &[(&str, Value)]) -> Value {
    let mut value = object(properties);
    for (k, v) in optional {
        value["properties"][*k] = v.clone();
    }
    value
}

fn version() -> Value {
    described(
        json!({ "const": JSON_VERSION }),
        "The export's shape: raised when a field is removed or changes meaning, never for one added.",
    )
}

fn tone() -> Value {
    described(
        json!({ "enum": ["confirmed", "disputed", "unverified", "false", "neutral"] }),
        "What kind of verdict the status is; neutral for none (satire, outdated).",
    )
}

fn count(description: &str) -> Value {
    described(json!({ "type": "integer", "minimum": 0 }), description)
}

fn text(description: &str) -> Value {
    described(json!({ "type": "string" }), description)
}

fn optional_text(description: &str) -> Value {
    described(json!({ "type": ["string", "null"] }), description)
}

fn url(description: &str) -> Value {
    described(json!({ "type": "string", "pattern": HTTP }), description)
}

fn optional_url(description: &str) -> Value {
    described(
        json!({ "type": ["string", "null"], "pattern": HTTP }),
        description,
    )
}
