//! The schema of `site.toml`, its tables' keys from `config::keys_of`.

use serde_json::{json, Value};

use crate::config::keys_of;

use super::{described, object};

const TONES: [&str; 5] = ["confirmed", "disputed", "unverified", "false", "neutral"];

pub(super) fn site() -> Value {
    object(keys_of(&[]), &["title", "base_url"], top_key)
}

fn string() -> Value {
    json!({ "type": "string" })
}

/// An http(s) URL, or a site path made absolute from `base_url`.
fn absolute_url() -> Value {
    json!({
        "type": "string",
        "pattern": r"^([Hh][Tt][Tt][Pp][Ss]?://|\s*/$|\s*/[^/\\])",
    })
}

fn top_key(key: &str) -> Option<Value> {
    let (schema, description) = match key {
        "title" => (string(), "The site's name, in every page's title, the header and the feeds. Required."),
        "base_url" => (json!({ "type": "string", "pattern": r"^https?://[^/\s]+(/[^?#\s]*)?$" }), "Where the site is published, such as https://example.org/ or, under a path, https://user.github.io/project/. Required."),
        "description" => (string(), "A sentence about the site, for the home page, feeds and link previews."),
        "language" => (json!({ "type": "string", "pattern": "^\\s*[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*\\s*$" }), "The language of the site's pages, as a BCP 47 tag such as en, pt-BR or ar: their lang, the direction of their text (right to left for Arabic, Hebrew, Persian, Urdu…) and how their dates are written (8 décembre 2016). Default: en."),
        "digits" => (json!({ "enum": crate::lang::Digits::NAMES }), "The digits dates are written with: latn (0123456789), arab (٠١٢٣٤٥٦٧٨٩) or arabext (۰۱۲۳۴۵۶۷۸۹). Default: arabext for Persian (fa), latn for every other language."),
        "languages" => (json!({ "type": "array", "uniqueItems": true, "items": { "type": "string", "pattern": "^\\s*[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*\\s*$" } }), "The languages a site in several languages is published in, language among them: the default, at the site's root; each other under its tag (/fr/), with translations named for it (article.fr.md beside article.md). Default: language alone."),
        "theme" => (json!({ "type": "string", "pattern": r"^[^/\\\x00-\x1f\x7f-\x9f]+$", "not": { "enum": [".", ".."] } }), "The name of a folder under themes/ (not a path). Default: default, built into byline."),
        "output_dir" => (string(), "Where byline build writes the site, from the site's folder. byline replaces only what it wrote there. Default: public."),
        "claims" => (object(keys_of(&["claims"]), &[], claims_key), "Your own scale of claim statuses, new labels for the built-in ones, and their ratings."),
        "extra" => (json!({ "type": "object" }), "Free-form data for custom templates; byline itself does not read it."),
        "publisher" => (object(keys_of(&["publisher"]), &[], publisher_key), "Who publishes the site, for structured data. Default: the site's title and base_url."),
        "article_type" => (json!({ "enum": ["Article", "NewsArticle"] }), "The schema.org type of article pages: Article, or NewsArticle for news. Default: Article."),
        "image" => (absolute_url(), "The image shared in link previews when an article sets none: an http(s) address, or a site path such as /images/share.png."),
        "images" => (object(keys_of(&["images"]), &[], images_key), "Resized copies of large article images, offered in srcset."),
        "search" => (json!({ "type": "boolean" }), "Whether the build writes a search index (Pagefind's) and the search page at /search/. Default: false, while the index costs seconds per thousand articles."),
        "markdown" => (object(keys_of(&["markdown"]), &[], markdown_key), "What raw HTML written in an article's Markdown may do."),
        _ => return None,
    };
    Some(described(schema, description))
}

fn claims_key(key: &str) -> Option<Value> {
    let (schema, description) = match key {
        "statuses" => (json!({ "type": "array", "minItems": 1, "items": object(keys_of(&["claims", "statuses"]), &["key", "label", "tone"], status_key) }), "Your own statuses, replacing confirmed, disputed, unverified and false. Articles write a status by its key."),
        "labels" => (json!({ "type": "object", "additionalProperties": string() }), "New labels for statuses, by key, such as disputed = \"Contested\"."),
        "ratings" => (json!({ "type": "object", "additionalProperties": rating() }), "The schema.org ClaimReview rating of statuses, by key. Default by tone: confirmed 5, unverified 3, disputed 2, false 1, from worst 1 to best 5."),
        "pages" => (json!({ "type": "boolean" }), "Whether every claim has a page of its own, /claims/<article path><claim id>/, with its status, explanation, claimant, appearances, sources and history. Default true; false leaves them out (a large site has tens of thousands)."),
        "review_markup" => (json!({ "enum": ["claim_page", "article"] }), "With claim pages, which page carries a claim's schema.org ClaimReview: claim_page (the default), the claim's own page, or article, its article's page (one ClaimReview per claim there). Without claim pages, article pages carry them."),
        _ => return None,
    };
    Some(described(schema, description))
}

fn status_key(key: &str) -> Option<Value> {
    let (schema, description) = match key {
        "key" => (string(), "What articles write as a claim's status, such as misleading. Its ledger page is /claims/<key>/. Required."),
        "label" => (string(), "The status as readers see it on badges and lists, such as Misleading. Required."),
        "tone" => (json!({ "enum": TONES }), "Which of the four kinds of verdict the status is, or `neutral` for no verdict (satire, outdated, research in progress): it sets the badge's colour and icon, and what counts as disputed. Required."),
        "description" => (string(), "What the status means, shown in the legend of the claims ledger."),
        "translations" => (json!({ "type": "object", "additionalProperties": object(keys_of(&["claims", "statuses", "translations", "_"]), &[], status_text_key) }), "The status's label and description in other languages, by language tag, such as fr = { label = \"Trompeur\" }: a site whose `language` is fr (or fr-CA) shows them."),
        _ => return None,
    };
    Some(described(schema, description))
}

fn status_text_key(key: &str) -> Option<Value> {
    let (schema, description) = match key {
        "label" => (string(), "The status's label in this language."),
        "description" => (string(), "What the status means, in this language."),
        _ => return None,
    };
    Some(described(schema, description))
}

/// A `[claims.ratings]` entry.
fn rating() -> Value {
    object(keys_of(&["claims", "ratings", "_"]), &["value"], rating_key)
}

fn rating_key(key: &str) -> Option<Value> {
    let description = match key {
        "value" => "The status's rating, between worst and best. Required.",
        "best" => "The best rating of the scale. Default: 5.",
        "worst" => "The worst rating of the scale, below best. Default: 1.",
        _ => return None,
    };
    Some(described(json!({ "type": "integer" }), description))
}

/// A `[publisher]` policy link, described with its schema.org property.
fn policy_key(key: &str) -> Option<Value> {
    let (_, property, label) = crate::config::POLICIES.iter().find(|p| p.0 == key)?;
    let description = format!("The page of the publisher's {} (schema.org {property}), linked from every page's footer and given in the publisher's structured data: an http(s) address or a site path such as /about/corrections/.", label.to_lowercase());
    Some(described(absolute_url(), &description))
}

fn publisher_key(key: &str) -> Option<Value> {
    let (schema, description) = match key {
        "name" => (string(), "The publisher's name. Default: the site's title."),
        "url" => (
            absolute_url(),
            "The publisher's page: an http(s) address or a site path. Default: base_url.",
        ),
        "logo" => (
            absolute_url(),
            "The publisher's logo: an http(s) address or a site path such as /images/logo.png.",
        ),
        _ => return policy_key(key),
    };
    Some(described(schema, description))
}

fn images_key(key: &str) -> Option<Value> {
    let max = crate::assets::MAX_SIDE;
    let (schema, description) = match key {
        "widths" => (json!({ "type": "array", "items": { "type": "integer", "minimum": 16, "maximum": max } }), "The widths in pixels of the copies made of each large JPEG or PNG article image, such as [480, 960, 1600]; at most 8 different ones. Default: none."),
        "sizes" => (json!({ "type": "string", "pattern": "\\S", "not": { "pattern": "[\"\\u0000-\\u001f]" } }), "The sizes attribute of images with copies: how wide the theme shows them. Default: (min-width: 48em) 44em, 100vw."),
        _ => return None,
    };
    Some(described(schema, description))
}

fn markdown_key(key: &str) -> Option<Value> {
    let (schema, description) = match key {
        "raw_html" => (json!({ "enum": ["sanitize", "trusted", "refuse"] }), "sanitize (the default) keeps raw HTML without scripts, styles or unsafe addresses; trusted copies it as written, scripts included; refuse makes it an error."),
        "contents" => (json!({ "type": "integer", "minimum": 0 }), "How many ## headings give an article a table of contents; 0 shows one only where an article's front matter says contents: true. Default: 3."),
        "iframe_hosts" => (json!({ "type": "array", "items": { "type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9.-]*$" } }), "Hosts whose https:// pages raw HTML may show in an <iframe>, such as www.youtube-nocookie.com. Default: none."),
        _ => return None,
    };
    Some(described(schema, description))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::object_misses;
    use std::path::Path;

    #[test]
    fn every_key_site_toml_takes_has_a_schema() {
        let missing = [
            object_misses(keys_of(&[]), top_key),
            object_misses(keys_of(&["claims"]), claims_key),
            object_misses(keys_of(&["claims", "statuses"]), status_key),
            object_misses(keys_of(&["claims", "ratings", "_"]), rating_key),
            object_misses(keys_of(&["publisher"]), publisher_key),
            object_misses(keys_of(&["markdown"]), markdown_key),
        ]
        .concat();
        assert!(
            missing.is_empty(),
            "add these keys to src/schema/site.rs: {missing:?}"
        );
    }

    /// Whether byline, then the schema, take `toml`.
    fn verdicts(toml: &str) -> (bool, bool) {
        let config = crate::config::Config::parse(Path::new("/s"), toml, &Default::default());
        let value = serde_json::to_value(toml::from_str::<toml::Table>(toml).unwrap()).unwrap();
        let validator = jsonschema::draft202012::new(&site()).unwrap();
        (config.is_ok(), validator.is_valid(&value))
    }

    #[test]
    fn the_schema_and_byline_agree_on_urls_themes_statuses_and_hosts() {
        let head = "title = \"T\"\nbase_url = \"https://e.org/\"\n";
        let valid = [
            "title = \"\"\nbase_url = \"http://localhost:1111\"\n".to_string(),
            "title = \"T\"\nbase_url = \"https://e.org?x\"\n".into(),
            format!("{head}image = \"HTTP://e.org/a.png\"\ntheme = \"my theme\"\n[publisher]\nlogo = \"/logo.png\"\n[extra]\na = {{ b = [1] }}\n"),
            format!("{head}[claims]\nstatuses = [{{ key = \"true\", label = \"T\", tone = \"confirmed\" }}]\n[claims.labels]\ntrue = \"Right\"\n[claims.ratings]\ntrue = {{ value = 5 }}\n[markdown]\nraw_html = \"refuse\"\niframe_hosts = [\"Player.Vimeo.com\"]\n"),
        ];
        for toml in &valid {
            assert_eq!(verdicts(toml), (true, true), "{toml}");
        }
        let invalid = [
            "title = \"T\"\nbase_url = \"HTTPS://e.org/\"\n".to_string(),
            "title = \"T\"\nbase_url = \"https://e.org/a b/\"\n".into(),
            "title = \"T\"\nbase_url = \"https://e.org/a#b\"\n".into(),
            format!("{head}theme = \"..\"\n"),
            format!("{head}image = \"//cdn.example/a.png\"\n"),
            format!("{head}[markdown]\niframe_hosts = [\"-x.org\"]\n"),
        ];
        for toml in &invalid {
            assert_eq!(verdicts(toml), (false, false), "{toml}");
        }
    }

    /// The keys serde takes in the table at `path` (`*` for any key, `[]` for an array
    /// of tables), read from its error for a key it cannot know.
    fn serde_keys(path: &[String]) -> Vec<String> {
        let toml = match path.split_last() {
            None => "zzqqxx = 1\n".to_string(),
            Some((last, table)) if last == "[]" => {
                format!("[[{}]]\nzzqqxx = 1\n", table.join("."))
            }
            Some(_) => match path.iter().position(|step| step == "[]") {
                // A table inside an array of tables: the array's last element's.
                Some(at) => format!(
                    "[[{}]]\n[{}]\nzzqqxx = 1\n",
                    path[..at].join("."),
                    [&path[..at], &path[at + 1..]]
                        .concat()
                        .join(".")
                        .replace('*', "x")
                ),
                None => format!("[{}]\nzzqqxx = 1\n", path.join(".").replace('*', "x")),
            },
        };
        let config = crate::config::Config::parse(Path::new("/s"), &toml, &Default::default());
        let message = &config.unwrap_err()[0].message;
        let expected = message.split_once("expected").map_or("", |(_, e)| e);
        expected
            .split('`')
            .skip(1)
            .step_by(2)
            .map(String::from)
            .collect()
    }

    /// Every table of `schema` with properties, with its path.
    fn tables(schema: &Value, path: &[String], out: &mut Vec<(Vec<String>, Vec<String>)>) {
        let below = |step: &str| [path, &[step.to_string()]].concat();
        if let Some(props) = schema["properties"].as_object() {
            out.push((path.to_vec(), props.keys().cloned().collect()));
            for (key, sub) in props {
                tables(sub, &below(key), out);
            }
        }
        if schema["additionalProperties"].is_object() {
            tables(&schema["additionalProperties"], &below("*"), out);
        }
        if schema["items"].is_object() {
            tables(&schema["items"], &below("[]"), out);
        }
    }

    #[test]
    fn every_table_of_the_schema_takes_the_keys_site_toml_takes() {
        let mut found = Vec::new();
        tables(&site(), &[], &mut found);
        assert!(found.len() >= 6, "{found:?}");
        for (path, mut keys) in found {
            let mut expected = serde_keys(&path);
            expected.sort();
            keys.sort();
            assert_eq!(keys, expected, "site.toml at {path:?}");
        }
    }
}
