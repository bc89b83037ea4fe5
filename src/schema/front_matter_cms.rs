//! A `frontmatter.json` for Front Matter CMS, the VS Code extension that edits front
//! matter in a panel of fields: it reads its own field types, not JSON Schema, so its
//! one content type is made from the article schema, key by key, with the schema's
//! descriptions. Lists of mappings (`sources`, `claims`) and free-form data (`extra`)
//! are left to the text: Front Matter's lists of field groups add a `fieldGroup` key to
//! every entry, which byline refuses.

use serde_json::{json, Value};

use crate::front_matter::ARTICLE_KEYS;

/// The settings file, from the article schema `article`.
pub(super) fn settings(article: &Value) -> Value {
    let required: Vec<&str> = article["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    // In the order writers meet the keys, not the schema's (alphabetical) one.
    let fields: Vec<Value> = ARTICLE_KEYS
        .iter()
        .filter_map(|&key| {
            let schema = &article["properties"][key];
            let mut field = field(key, schema)?;
            field["name"] = json!(key);
            field["title"] = json!(title(key));
            field["description"] = schema["description"].clone();
            if required.contains(&key) {
                field["required"] = json!(true);
            }
            Some(field)
        })
        .collect();
    json!({
        "$schema": "https://frontmatter.codes/frontmatter.schema.json",
        "frontMatter.framework.id": "other",
        "frontMatter.content.pageFolders": [{ "title": "Articles", "path": "[[workspace]]/content" }],
        "frontMatter.taxonomy.dateFormat": "yyyy-MM-dd",
        // Named `default`, it needs no `type:` key in the front matter, which byline refuses.
        "frontMatter.taxonomy.contentTypes": [{
            "name": "default",
            "pageBundle": false,
            "fields": fields,
        }],
    })
}

/// Front Matter's field for the article key `key` of schema `schema`; `None` for what
/// is left to the text.
fn field(key: &str, schema: &Value) -> Option<Value> {
    // A bounded text is `allOf: [{$ref}, {maxLength}]`.
    let def = schema["$ref"]
        .as_str()
        .or_else(|| schema["allOf"][0]["$ref"].as_str())
        .map(|r| r.trim_start_matches("#/$defs/"));
    Some(match (key, def) {
        (_, Some("date" | "optionalDate")) => {
            let mut field = json!({ "type": "datetime", "dateFormat": "yyyy-MM-dd" });
            match key {
                "date" => field["isPublishDate"] = json!(true),
                "updated" => field["isModifiedDate"] = json!(true),
                _ => {}
            }
            field
        }
        (_, Some("textList")) | ("authors", _) => json!({ "type": "list" }),
        ("summary", _) => json!({ "type": "string" }),
        (_, Some("requiredText" | "optionalText" | "url")) => {
            json!({ "type": "string", "single": true })
        }
        ("draft", None) => json!({ "type": "draft" }),
        ("contents", None) => json!({ "type": "boolean" }),
        ("image", None) => json!({ "type": "string", "single": true }),
        (_, None) if schema["type"] == "boolean" => json!({ "type": "boolean" }),
        (_, None) if schema["pattern"].is_string() => json!({ "type": "string", "single": true }),
        _ => return None,
    })
}

/// `as_of` → "As of".
fn title(key: &str) -> String {
    let spaced = key.replace('_', " ");
    let mut chars = spaced.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::Vocabulary;

    #[test]
    fn every_article_key_but_lists_of_mappings_and_free_data_is_a_field() {
        let article = super::super::front_matter::article(&Vocabulary::default());
        let fields = &settings(&article)["frontMatter.taxonomy.contentTypes"][0]["fields"];
        let names: Vec<&str> = fields
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        let left: Vec<&str> = ARTICLE_KEYS
            .iter()
            .copied()
            .filter(|k| !names.contains(k))
            .collect();
        for key in &left {
            let schema = &article["properties"][key];
            // `claims` also takes a site-wide claim's id: `anyOf: [{$ref: id}, {$ref: claim}]`.
            let list_of_mappings =
                schema["items"]["$ref"].is_string() || schema["items"]["anyOf"].is_array();
            let free = ["type", "$ref", "anyOf", "enum"]
                .iter()
                .all(|k| schema.get(k).is_none());
            assert!(
                list_of_mappings || free,
                "`{key}` has no Front Matter field"
            );
        }
        assert!(left.contains(&"sources") && names.contains(&"title"));
        assert_eq!(title("as_of"), "As of");
    }
}
