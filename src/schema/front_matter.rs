//! The schemas of an article's front matter and of `content/sources.yaml`. byline
//! reads every scalar as text (`title: 2016` is the title "2016", `status: false` the
//! status "false"), so where it takes text the schema takes numbers and booleans too.

use serde_json::{json, Value};

use crate::front_matter::{
    APPEARANCE_KEYS, ARTICLE_KEYS, CLAIMANTS_FILE_KEYS, CLAIMANT_KEYS, CLAIM_KEYS, CORRECTION_KEYS,
    HISTORY_KEYS, MAX_AUTHOR, MAX_AUTHORS, MAX_SUMMARY, MAX_TAGS, MAX_TITLE, SHARED_KEYS,
    SITE_CLAIMS_KEYS, SOURCE_KEYS, TIMELINE_KEYS,
};
use crate::status::Vocabulary;

use super::{any_case, described, object};

/// `YYYY-MM-DD` or RFC 3339, as `date::Date::parse` reads them.
const DATE: &str = r"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2}))?\s*$";

const DATE_HELP: &str =
    "YYYY-MM-DD (2016-12-08), or an RFC 3339 time with its zone (2016-12-08T14:30:00Z)";

pub(super) fn article(vocabulary: &Vocabulary) -> Value {
    let mut schema = object(ARTICLE_KEYS, &["title", "date"], article_key);
    super::merge(&mut schema, json!({ "$defs": defs(Some(vocabulary)) }));
    schema
}

pub(super) fn claimants() -> Value {
    let mut schema = object(CLAIMANTS_FILE_KEYS, &[], |key| {
        (key == "claimants").then(|| described(list_of("claimant"), "People and organisations that make claims, each with an id claims name them by (claimant: id) and a page at /claimants/<id>/."))
    });
    let mut defs = defs(None);
    defs["claimant"] = object(CLAIMANT_KEYS, &["id", "name"], claimant_key);
    super::merge(
        &mut schema,
        json!({ "type": ["object", "null"], "$defs": defs }),
    );
    schema
}

pub(super) fn site_claims(vocabulary: &Vocabulary) -> Value {
    let mut schema = object(SITE_CLAIMS_KEYS, &[], |key| {
        (key == "claims").then(|| described(list_of("claim"), "Claims several articles discuss, defined once: an article names one by its id in its own claims list (claims: [offensive-halted]). They name the sources of content/sources.yaml."))
    });
    super::merge(
        &mut schema,
        json!({ "type": ["object", "null"], "$defs": defs(Some(vocabulary)) }),
    );
    schema
}

pub(super) fn shared_sources() -> Value {
    let mut schema = object(SHARED_KEYS, &[], shared_key);
    // A file of comments only is an empty document.
    super::merge(
        &mut schema,
        json!({ "type": ["object", "null"], "$defs": defs(None) }),
    );
    schema
}

/// The definitions the properties refer to; claims only where there is a vocabulary.
fn defs(vocabulary: Option<&Vocabulary>) -> Value {
    let mut defs = json!({
        "text": { "type": ["string", "number", "boolean"] },
        "optionalText": { "type": ["string", "number", "boolean", "null"] },
        "requiredText": {
            "type": ["string", "number", "boolean"],
            "pattern": "\\S",
        },
        "textList": {
            "anyOf": [
                { "type": "array", "items": { "$ref": "#/$defs/text" } },
                { "type": ["string", "null"] },
            ],
        },
        "date": {
            "type": "string",
            "pattern": DATE,
        },
        "optionalDate": {
            "type": ["string", "null"],
            "pattern": DATE,
        },
        "id": {
            "type": ["string", "number", "boolean"],
            "pattern": "^[A-Za-z0-9_-]+$",
        },
        "url": url(),
        "source": object(SOURCE_KEYS, &["id", "title"], source_key),
        "event": object(TIMELINE_KEYS, &["date", "event"], event_key),
        "correction": object(CORRECTION_KEYS, &["date", "kind", "text"], correction_key),
    });
    if let Some(vocabulary) = vocabulary {
        defs["claim"] = object(CLAIM_KEYS, &["id", "text", "status"], claim_key);
        defs["inlineClaimant"] = object(&CLAIMANT_KEYS[1..], &["name"], claimant_key);
        defs["appearance"] = object(APPEARANCE_KEYS, &["url"], appearance_key);
        defs["assessment"] = object(HISTORY_KEYS, &["date", "status"], history_key);
        defs["status"] = status(vocabulary);
    }
    defs
}

fn r(def: &str) -> Value {
    json!({ "$ref": format!("#/$defs/{def}") })
}

/// A list of `def`s; absent when empty (`sources:` with nothing after it).
fn list_of(def: &str) -> Value {
    json!({ "type": ["array", "null"], "items": r(def) })
}

/// A URL byline accepts in front matter: one with a scheme other than `javascript:`,
/// `vbscript:`, `file:` or `data:`, or a site path (`/docs/x`, not `//host`).
fn url() -> Value {
    let schemes = ["javascript", "vbscript", "file", "data"]
        .map(any_case)
        .join("|");
    json!({
        "type": ["string", "null"],
        "pattern": "^\\s*([A-Za-z][A-Za-z0-9+.-]*:|/$|/[^/\\\\])",
        // Typed: a `not` of a pattern alone would refuse what is not a string.
        "not": { "type": "string", "pattern": format!("^\\s*({schemes}):") },
    })
}

fn article_key(key: &str) -> Option<Value> {
    let (schema, description) = match key {
        "title" => (bounded(r("requiredText"), MAX_TITLE), "The article's headline, shown on its page, on lists and in feeds. Required."),
        "date" => (r("date"), "The day the article was published. Required."),
        "updated" => (r("optionalDate"), "When the article was last changed. Without it, the date of the latest reassessment of a claim after publication."),
        "summary" => (bounded(r("optionalText"), MAX_SUMMARY), "One or two sentences shown under the title, on lists, in feeds and in link previews."),
        "authors" => (authors(), "Who wrote the article: a list of names, or one name."),
        "tags" => (r("textList"), "Topics readers can browse by, each with its own page and feed: a list, or one tag."),
        "draft" => (json!({ "type": "boolean" }), "true keeps the article off the site, except in builds with --drafts."),
        "slug" => (slug(), "The last part of the article's URL, instead of the file name: one segment of letters, digits, -, _ and ., such as aleppo-offensive."),
        "image" => (json!({ "anyOf": [r("url"), { "type": "string", "pattern": "^[^/\\\\:]+$|^[^/\\\\:]+/[^:]*$" }] }), "The image shared with the article in link previews and search results: one of the article's own files (chart.png, beside its index.md), an https:// address, or a site path such as /images/aleppo.jpg."),
        "image_alt" => (r("optionalText"), "What the image shows, for readers who cannot see it (og:image:alt). Needs image."),
        "sources" => (list_of("source"), "The sources the article cites: in the text as [@id], and in a claim's asserted_by and contested_by."),
        "claims" => (json!({ "type": ["array", "null"], "items": { "anyOf": [r("id"), r("claim")] } }), "The claims the article examines, each with its status, or the id of a site-wide claim of content/claims.yaml. Mark one in the text as [the words](claim:id)."),
        "extra" => (json!({}), "Free-form data for custom templates; byline itself does not read it."),
        "timeline" => (list_of("event"), "How events unfolded, oldest first: each entry a date, the event, and the ids of the sources that back it. Shown after the article's text."),
        "contents" => (json!({ "enum": [true, false, "true", "false"] }), "true shows a table of contents of the ## and ### headings, false shows none; without it, an article with at least three ## headings (site.toml's [markdown] contents) has one."),
        "corrections" => (list_of("correction"), "Changes to the article's text that are not a claim's change of status, each shown at the top of the article and in the site's corrections log (/corrections/): a date, a kind (correction, clarification, update) and what changed."),
        "expires" => (r("optionalDate"), "From this day the article leaves the home page, tags, feeds, the claims and sources indexes and the sitemap; its page stays at its URL. After date."),
        _ => return None,
    };
    let description = match key {
        "date" | "updated" | "expires" => format!("{description} Write it as {DATE_HELP}."),
        "tags" => format!("{description} At most {MAX_TAGS}."),
        "title" => format!("{description} At most {MAX_TITLE} characters."),
        "summary" => format!("{description} At most {MAX_SUMMARY} characters."),
        "authors" => {
            format!("{description} At most {MAX_AUTHORS}, of at most {MAX_AUTHOR} characters each.")
        }
        _ => description.to_string(),
    };
    Some(described(schema, &description))
}

/// One URL segment, as `names::check_slug` takes it.
fn slug() -> Value {
    json!({
        "type": ["string", "number", "boolean", "null"],
        "pattern": "^[\\p{Alphabetic}\\p{N}_.-]+$",
        "not": { "type": "string", "anyOf": [{ "const": "." }, { "pattern": "\\.\\." }] },
    })
}

/// `schema` with at most `most` characters when it is a string.
fn bounded(schema: Value, most: usize) -> Value {
    json!({ "allOf": [schema, { "maxLength": most }] })
}

/// A list of names, or one name, each bounded, and at most [`MAX_AUTHORS`] of them.
fn authors() -> Value {
    let name = bounded(r("text"), MAX_AUTHOR);
    json!({
        "anyOf": [
            { "type": "array", "items": name, "maxItems": MAX_AUTHORS },
            { "type": ["string", "null"], "maxLength": MAX_AUTHOR },
        ],
    })
}

fn event_key(key: &str) -> Option<Value> {
    let (schema, description) = match key {
        "date" => (r("date"), "When it happened. Required."),
        "event" => (r("requiredText"), "What happened, in a sentence. Required."),
        "sources" => (
            r("textList"),
            "The ids of the sources that back the event: a list, or one id.",
        ),
        _ => return None,
    };
    let description = match key {
        "date" => format!("{description} Write it as {DATE_HELP}."),
        _ => description.to_string(),
    };
    Some(described(schema, &description))
}

fn correction_key(key: &str) -> Option<Value> {
    let (schema, description) = match key {
        "date" => (r("date"), "When the text was changed: on or after the article's date. Required."),
        "kind" => (json!({ "enum": ["correction", "clarification", "update"] }), "correction: what was published was wrong; clarification: it was right but could be misread; update: something has happened since. Required."),
        "text" => (r("requiredText"), "What changed, as readers see it at the top of the article and in the corrections log. Required."),
        _ => return None,
    };
    let description = match key {
        "date" => format!("{description} Write it as {DATE_HELP}."),
        _ => description.to_string(),
    };
    Some(described(schema, &description))
}

fn shared_key(key: &str) -> Option<Value> {
    match key {
        "sources" => Some(described(list_of("source"), "Sources every article may cite by id, as if they were its own. An article's own source with the same id replaces the shared one there.")),
        _ => None,
    }
}

fn source_key(key: &str) -> Option<Value> {
    let (schema, description) = match key {
        "id" => (r("id"), "The short name the source is cited by, as [@id]: letters, digits, - and _, such as un-envoy. No two sources or claims of an article share one. Required."),
        "title" => (r("requiredText"), "The source's title, as readers see it in the sidebar. Required."),
        "publisher" => (r("optionalText"), "Who published it: an organisation, a newspaper, a ministry."),
        "author" => (r("optionalText"), "Who wrote or said it."),
        "url" => (r("url"), "Where readers can find it: an address with its scheme (https://…), or a site path such as /docs/report."),
        "date" => (r("optionalDate"), "When the source was published."),
        "accessed" => (r("optionalDate"), "When you last read it."),
        "note" => (r("optionalText"), "What readers should know about the source, such as how it was reported."),
        "archive_url" => (r("url"), "Its copy in a web archive (https://web.archive.org/web/…), shown beside the link; content/archives.yaml, which `byline archive` writes, gives one to sources without."),
        "archived" => (r("optionalDate"), "When the archived copy was made."),
        "type" => (json!({ "enum": crate::source_fields::kind_names().collect::<Vec<_>>() }), "What kind of source it is, which the sidebar says in words and JSON-LD and claims.json carry as schema.org and CSL types."),
        "doi" => (json!({ "type": ["string", "null"], "pattern": "^\\s*(?:(?:https?://(?:dx\\.)?doi\\.org/|doi:))?10\\.[0-9]+(?:\\.[0-9]+)*/\\S+\\s*$" }), "The source's DOI: 10.1000/xyz, doi:10.1000/xyz or https://doi.org/10.1000/xyz."),
        "isbn" => (json!({ "type": ["string", "number", "null"], "pattern": "^\\s*(?:ISBN[: ]*)?[0-9][0-9 -]{8,15}[0-9Xx]\\s*$" }), "The book's ISBN-10 or ISBN-13, hyphens allowed; byline checks its check digit."),
        "language" => (json!({ "type": ["string", "null"], "pattern": "^\\s*[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*\\s*$" }), "The language the source is written in, as a BCP 47 tag (ar, en-GB, zh-Hant): its title and quote are marked with it so they are read correctly."),
        "quote" => (r("optionalText"), "The passage of the source relied on, shown as a quotation in its entry."),
        "extra" => (json!({}), "Free-form data for custom templates; byline itself does not read it."),
        _ => return None,
    };
    let description = match key {
        "date" | "accessed" | "archived" => format!("{description} Write it as {DATE_HELP}."),
        _ => description.to_string(),
    };
    Some(described(schema, &description))
}

fn claim_key(key: &str) -> Option<Value> {
    let (schema, description) = match key {
        "id" => (r("id"), "The short name the claim is marked by in the text, as [the words](claim:id): letters, digits, - and _. No two sources or claims of an article share one. Required."),
        "text" => (r("requiredText"), "The claim in one sentence, as readers should read it. Required."),
        "status" => (r("status"), "How sure we are of the claim now: one of the site's statuses. Required."),
        "as_of" => (r("optionalDate"), "When the status was last assessed. Without it, the date of the last history entry."),
        "asserted_by" => (r("textList"), "The ids of the sources that make the claim: a list, or one id."),
        "contested_by" => (r("textList"), "The ids of the sources that dispute the claim: a list, or one id."),
        "note" => (r("optionalText"), "What readers should know about the status, such as why it could not be checked."),
        "short" => (r("optionalText"), "The claim in a few words (75 characters or fewer), for search engines' fact-check markup (ClaimReview's claimReviewed); without it, text is used, with a warning when text is longer."),
        "history" => (list_of("assessment"), "Every assessment of the claim, oldest first; the last one agrees with status. A change dated after the article's date is shown at the top of the article as a Correction or an Update."),
        "claimant" => (json!({ "anyOf": [r("id"), r("inlineClaimant")] }), "Who made the claim: the id of a claimant of content/claimants.yaml, or a claimant written here (name, kind, description, url, same_as)."),
        "claim_date" => (r("optionalDate"), "When the claim was first made."),
        "appearances" => (list_of("appearance"), "Where the claim was made: each a url, with an optional date, archive_url and source (the id of the article's source it is)."),
        "explanation" => (r("optionalText"), "The verdict's reasoning in a sentence or two, shown beside the badge on the claim's page (ClaimReview's ratingExplanation)."),
        "extra" => (json!({}), "Free-form data for custom templates; byline itself does not read it."),
        _ => return None,
    };
    let description = match key {
        "as_of" | "claim_date" => format!("{description} Write it as {DATE_HELP}."),
        _ => description.to_string(),
    };
    Some(described(schema, &description))
}

fn claimant_key(key: &str) -> Option<Value> {
    let (schema, description) = match key {
        "id" => (r("id"), "The short name claims name the claimant by (claimant: id), and its page's name: /claimants/<id>/. Required."),
        "name" => (r("requiredText"), "The claimant's name, as readers see it. Required."),
        "kind" => (json!({ "enum": ["person", "organization", "organisation", null] }), "person (the default) or organization."),
        "description" => (r("optionalText"), "Who the claimant is, in a line: \"Russia's foreign minister since 2004\"."),
        "url" => (r("url"), "The claimant's own page: an address with its scheme (https://…), or a site path."),
        "same_as" => (json!({ "anyOf": [{ "type": "array", "items": r("url") }, r("url")] }), "Pages about the same person or organisation elsewhere, such as Wikidata or Wikipedia: a list of URLs, or one."),
        _ => return None,
    };
    Some(described(schema, description))
}

fn appearance_key(key: &str) -> Option<Value> {
    let (schema, description) = match key {
        "url" => (json!({ "allOf": [r("url"), { "type": "string" }] }), "Where the claim was made: an address with its scheme (https://…), or a site path. Required."),
        "date" => (r("optionalDate"), "When it appeared there."),
        "archive_url" => (r("url"), "An archived copy of it (web.archive.org, archive.today)."),
        "source" => (r("optionalText"), "The id of the article's source it is, if one is."),
        _ => return None,
    };
    Some(described(schema, description))
}

fn history_key(key: &str) -> Option<Value> {
    let (schema, description) = match key {
        "date" => (r("date"), "When this assessment was made. Required."),
        "status" => (
            r("status"),
            "The claim's status from that date on. Required.",
        ),
        "note" => (
            r("optionalText"),
            "Why the status changed, as readers see it in the claim's history.",
        ),
        _ => return None,
    };
    Some(described(schema, description))
}

/// One of the vocabulary's statuses, with its label and description. A key YAML
/// reads as a boolean or a number (`false`, `1`) is also taken in that form, as byline
/// reads it back as the same text.
fn status(vocabulary: &Vocabulary) -> Value {
    let choices: Vec<Value> = vocabulary
        .iter()
        .map(|s| {
            let mut forms = vec![json!(s.key)];
            match s.key.as_str() {
                "true" => forms.push(json!(true)),
                "false" => forms.push(json!(false)),
                key => forms.extend(
                    key.parse::<i64>()
                        .ok()
                        .filter(|n| n.to_string() == key)
                        .map(|n| json!(n)),
                ),
            }
            let mut choice = json!({ "enum": forms, "title": s.label });
            if let Some(d) = &s.description {
                choice["description"] = json!(d);
            }
            choice
        })
        .collect();
    let keys = vocabulary.list();
    json!({
        "anyOf": choices,
        "description": format!("One of the site's statuses: {keys}. A site with a scale of its own (site.toml's [claims] statuses) makes its schema with: byline schema article --root ."),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::SourceFile;
    use crate::front_matter::{parse_shared_sources, testing, SHARED_SOURCES};
    use crate::schema::object_misses;

    #[test]
    fn every_key_the_checker_takes_has_a_schema() {
        let missing = [
            object_misses(ARTICLE_KEYS, article_key),
            object_misses(SOURCE_KEYS, source_key),
            object_misses(CLAIM_KEYS, claim_key),
            object_misses(HISTORY_KEYS, history_key),
            object_misses(TIMELINE_KEYS, event_key),
            object_misses(CORRECTION_KEYS, correction_key),
            object_misses(SHARED_KEYS, shared_key),
            object_misses(CLAIMANT_KEYS, claimant_key),
            object_misses(APPEARANCE_KEYS, appearance_key),
        ]
        .concat();
        assert!(
            missing.is_empty(),
            "add these keys to src/schema/front_matter.rs: {missing:?}"
        );
    }

    fn config() -> crate::config::Config {
        testing::config("https://e.org/sub/")
    }

    fn byline_accepts(yaml: &str) -> bool {
        testing::parse_text(&format!("---\n{yaml}---\n"), &config()).is_ok()
    }

    fn schema_accepts(yaml: &str) -> bool {
        let value: Value = crate::yaml::from_str_unknown(yaml).unwrap().0;
        jsonschema::draft202012::new(&article(&Vocabulary::default()))
            .unwrap()
            .is_valid(&value)
    }

    const HEAD: &str = "title: T\ndate: 2016-12-08\n";

    #[test]
    fn the_schema_takes_what_byline_takes() {
        let valid = [
            "title: 2016\ndate: 2016-12-08\n",
            "title: T\ndate: 2016-12-08T14:30:00+01:00\nupdated: ~\n",
            "title: T\ndate: \"2016-12-08 14:30:00.5Z\"\ndraft: true\ntags: syria\nauthors: ~\n",
            "title: T\ndate: 2016-12-08\nslug: café.html\nimage: /a.png\nextra: { x: [1] }\n",
            "title: T\ndate: 2016-12-08\nslug: 2016\nimage: ~\n",
            "title: T\ndate: 2016-12-08\nslug: ~\nsources: [{ id: a, title: A, url: ~ }]\n",
            "title: T\ndate: 2016-12-08\nsources:\nclaims: ~\n",
            "title: T\ndate: 2016-12-08\nsources:\n  - { id: 7, title: S, url: mailto:a@b.org, date: ~ }\nclaims:\n  - { id: c, text: X, status: false, asserted_by: [7], history: [{ date: 2016-12-08, status: false }] }\n",
        ];
        for yaml in valid {
            assert!(byline_accepts(yaml), "byline refuses {yaml}");
            assert!(schema_accepts(yaml), "the schema refuses {yaml}");
        }
    }

    #[test]
    fn the_schema_refuses_what_it_can_tell_byline_refuses() {
        let claim = "claims:\n  - { id: c, text: X, status: disputed";
        let invalid = [
            "date: 2016-12-08\n".to_string(),
            "title: \" \"\ndate: 2016-12-08\n".into(),
            "title: T\ndate: 8 December 2016\n".into(),
            "title: T\ndate:\n".into(),
            format!("{HEAD}titel: U\n"),
            format!("{HEAD}draft: yes\n"),
            format!("{HEAD}draft: ~\n"),
            format!("{HEAD}tags: [a, ~]\n"),
            format!("{HEAD}slug: a/b\n"),
            format!("{HEAD}slug: ..\n"),
            format!("{HEAD}image: javascript:alert(1)\n"),
            format!("{HEAD}image: //evil.example/a.png\n"),
            format!("{HEAD}tags: [[a]]\n"),
            format!("{HEAD}sources:\n  - {{ id: a b, title: S }}\n"),
            format!("{HEAD}sources:\n  - {{ id: a }}\n"),
            format!("{HEAD}sources:\n  - {{ id: a, title: S, url: DATA:text/html,x }}\n"),
            format!("{HEAD}{claim}x }}\n"),
            format!("{HEAD}{claim}, as_of: soon }}\n"),
            format!("{HEAD}{claim}, history: [{{ date: 2016-12-08 }}] }}\n"),
            format!(
                "{HEAD}{claim}, history: [{{ date: 2016-12-08, status: disputed, when: x }}] }}\n"
            ),
        ];
        for yaml in &invalid {
            assert!(!byline_accepts(yaml), "byline takes {yaml}");
            assert!(!schema_accepts(yaml), "the schema takes {yaml}");
        }
    }

    /// The keys the checker takes in the mapping at `path` (keys and list indexes),
    /// read from the help of the error it gives for a key it cannot know.
    fn checker_keys(doc: &str, path: &[Value]) -> Vec<String> {
        let mut value = json!({ "zzqqxx": 1 });
        for step in path.iter().rev() {
            value = match step {
                Value::String(key) => json!({ key.clone(): value }),
                _ => json!([value]),
            };
        }
        let errors = if doc == "sources" {
            let file = SourceFile::new(SHARED_SOURCES, value.to_string());
            parse_shared_sources(&file, &config()).unwrap_err()
        } else if doc == "site_claims" {
            let file = SourceFile::new(crate::front_matter::SITE_CLAIMS, value.to_string());
            let claimants = Default::default();
            crate::front_matter::parse_site_claims(&file, &config(), &[], &claimants).1
        } else {
            testing::parse_text(&format!("---\n{value}\n---\n"), &config()).unwrap_err()
        };
        let d = errors.iter().find(|d| d.code == "unknown-key").unwrap();
        let help = d.help.as_deref().unwrap_or_default();
        let list = help.split_once(" takes: ").map_or("", |(_, l)| l);
        let list = list.split_once('.').map_or(list, |(l, _)| l);
        list.split(", ")
            .filter(|k| !k.is_empty())
            .map(String::from)
            .collect()
    }

    /// Every mapping of `schema` with properties, with its path: keys, and `0` for a
    /// list's items.
    fn mappings(
        schema: &Value,
        root: &Value,
        path: Vec<Value>,
        out: &mut Vec<(Vec<Value>, Vec<String>)>,
    ) {
        let schema = match schema["$ref"].as_str() {
            Some(r) => &root["$defs"][r.trim_start_matches("#/$defs/")],
            None => schema,
        };
        if let Some(items) = schema.get("items") {
            let mut p = path.clone();
            p.push(json!(0));
            mappings(items, root, p, out);
        }
        if let Some(props) = schema["properties"].as_object() {
            out.push((path.clone(), props.keys().cloned().collect()));
            for (key, sub) in props {
                let mut p = path.clone();
                p.push(json!(key));
                mappings(sub, root, p, out);
            }
        }
    }

    #[test]
    fn every_mapping_of_the_schemas_takes_the_keys_the_checker_takes() {
        for (doc, schema) in [
            ("article", article(&Vocabulary::default())),
            ("sources", shared_sources()),
            ("site_claims", site_claims(&Vocabulary::default())),
        ] {
            let mut found = Vec::new();
            mappings(&schema, &schema, Vec::new(), &mut found);
            assert!(found.len() >= 2, "{doc}: {found:?}");
            for (path, mut keys) in found {
                let mut expected = checker_keys(doc, &path);
                expected.sort();
                keys.sort();
                assert_eq!(keys, expected, "{doc} at {path:?}");
            }
        }
    }
}
