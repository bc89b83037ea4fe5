//! JSON Schemas (draft 2020-12) of the files writers edit: an article's front matter,
//! `content/sources.yaml` and `site.toml`, for editors to complete, explain and check
//! them as they are typed. Each mapping's keys are made from the very lists the checker
//! reads them with (`front_matter`'s `*_KEYS`, `config::keys_of`), so a key the checker
//! takes cannot be missing here without a test failing; the descriptions are what
//! writers see in their editor.
//!
//! The schemas never flag what byline accepts (a test builds every example site and
//! fixture against them), but byline checks more than they can say: that ids are
//! unique, that a claim names sources the article has, that history is in date order.

mod claims_json;
mod front_matter;
mod front_matter_cms;
mod site;

use serde_json::{json, Map, Value};

use crate::status::Vocabulary;

/// The files a schema describes, as `byline schema` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// An article's front matter (the YAML between `---` lines).
    Article,
    /// `content/sources.yaml`, the sources every article may cite.
    Sources,
    /// `content/claimants.yaml`, the people and organisations claims name by id.
    Claimants,
    /// `content/claims.yaml`, claims several articles name by id.
    Claims,
    /// `site.toml`.
    Site,
    /// Not a JSON Schema: a `frontmatter.json` for Front Matter CMS, a panel of an
    /// article's fields in VS Code.
    FrontMatterCms,
    /// What byline writes: `/claims.json` and its files of claims.
    ClaimsJson,
}

#[cfg(test)]
impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Article,
        Kind::Sources,
        Kind::Claimants,
        Kind::Claims,
        Kind::Site,
        Kind::ClaimsJson,
    ];
}

/// The schema of `kind`; claim statuses are those of `vocabulary`.
pub fn schema(kind: Kind, vocabulary: &Vocabulary) -> Value {
    let (title, description, body) = match kind {
        Kind::FrontMatterCms => {
            return front_matter_cms::settings(&schema(Kind::Article, vocabulary));
        }
        Kind::Article => (
            "byline article front matter",
            "The YAML between the --- lines at the top of an article: its title, date, sources and claims.",
            front_matter::article(vocabulary),
        ),
        Kind::Sources => (
            "byline content/sources.yaml",
            "Sources written once and cited by id from any article, as if they were its own.",
            front_matter::shared_sources(),
        ),
        Kind::ClaimsJson => (
            "byline claims.json",
            "The claims export byline writes: /claims.json, the index, and its files of claims, /claims/claims-<n>.json.",
            claims_json::claims_json(),
        ),
        Kind::Claimants => (
            "byline content/claimants.yaml",
            "People and organisations that make claims, written once and named by id from any claim.",
            front_matter::claimants(),
        ),
        Kind::Claims => (
            "byline content/claims.yaml",
            "Claims several articles discuss, defined once with one history and one page, and named by id in each article's claims.",
            front_matter::site_claims(vocabulary),
        ),
        Kind::Site => (
            "byline site.toml",
            "The site's settings: its title, where it is published, how claims are rated and what raw HTML may do.",
            site::site(),
        ),
    };
    let mut head = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "description": description,
    });
    merge(&mut head, body);
    head
}

/// The schema as `byline schema` prints it and `docs/schema/` holds it.
pub fn to_text(schema: &Value) -> String {
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Adds `extra`'s keys to the object `into`.
fn merge(into: &mut Value, extra: Value) {
    if let (Value::Object(into), Value::Object(extra)) = (into, extra) {
        into.extend(extra);
    }
}

/// `schema` with a description writers see in their editor.
fn described(mut schema: Value, description: &str) -> Value {
    merge(&mut schema, json!({ "description": description }));
    schema
}

/// A mapping taking exactly `keys`, each described by `property` (`None` for a key it
/// does not know, which `object_misses` reports), `required` among them.
fn object(keys: &[&str], required: &[&str], property: impl Fn(&str) -> Option<Value>) -> Value {
    let properties: Map<String, Value> = keys
        .iter()
        .filter_map(|k| Some((k.to_string(), property(k)?)))
        .collect();
    let mut schema = json!({
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    });
    if !required.is_empty() {
        merge(&mut schema, json!({ "required": required }));
    }
    schema
}

/// The keys of `keys` that `property` has no schema for.
#[cfg(test)]
fn object_misses(keys: &[&str], property: impl Fn(&str) -> Option<Value>) -> Vec<String> {
    keys.iter()
        .filter(|k| property(k).is_none())
        .map(|k| k.to_string())
        .collect()
}

/// A pattern matching `word` in any case (`[Jj][Aa]…`), which every regex dialect
/// editors use understands.
fn any_case(word: &str) -> String {
    word.chars()
        .map(|c| format!("[{}{}]", c.to_ascii_uppercase(), c.to_ascii_lowercase()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_are_valid_draft_2020_12_schemas() {
        for kind in Kind::ALL {
            let s = schema(kind, &Vocabulary::default());
            assert!(
                jsonschema::meta::is_valid(&s),
                "{kind:?}: {:?}",
                jsonschema::meta::validate(&s)
            );
        }
    }

    #[test]
    fn any_case_matches_a_word_however_written() {
        assert_eq!(any_case("js"), "[Jj][Ss]");
    }
}
