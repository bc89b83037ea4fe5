//! The claim-status vocabulary. Sites may rename the four built-in statuses or bring a
//! scale of their own; either way every status maps to one of four *tones*, which is
//! what themes style and what "disputed" counts mean, so a custom scale still gets
//! colours, icons and the home page's "2 disputed" marker. The fifth tone, `neutral`,
//! is for statuses that are no verdict on truth ("satire", "outdated", "research in
//! progress"): never counted as disputed, and rated by no number unless site.toml
//! gives one.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::i18n::Words;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tone {
    Confirmed,
    Disputed,
    Unverified,
    False,
    Neutral,
}

impl Tone {
    /// The tone as themes name it (`badge--disputed`), as it is serialized.
    pub fn name(self) -> &'static str {
        match self {
            Tone::Confirmed => "confirmed",
            Tone::Disputed => "disputed",
            Tone::Unverified => "unverified",
            Tone::False => "false",
            Tone::Neutral => "neutral",
        }
    }
}

/// The last segment of a status's ledger page (`/claims/<slug>/`): its key as a
/// slug, or `status-N` (N from 1, its place in the vocabulary) for a key with no
/// letters or digits.
pub fn page_slug(index: usize, key: &str) -> String {
    match crate::names::slugify(key) {
        s if s.is_empty() => format!("status-{}", index + 1),
        s => s,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub key: String,
    pub label: String,
    pub tone: Tone,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where its words in other languages come from.
    #[serde(skip)]
    pub words: StatusWords,
}

/// Where a status's label and description come from in the site's language: a
/// built-in status's from the theme's translations (`status_<key>`,
/// `status_<key>_description`) unless site.toml relabels it; a custom status's from its
/// `translations` in site.toml.
#[derive(Debug, Clone, Default)]
pub struct StatusWords {
    pub theme_label: bool,
    pub theme_description: bool,
    /// By language tag (`fr`, `fr-CA`).
    pub translations: BTreeMap<String, StatusText>,
}

/// A custom status's words in one language; what it leaves out stays as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusText {
    pub label: Option<String>,
    pub description: Option<String>,
}

/// A status of the site's vocabulary, resolved when the front matter is checked, so
/// that no later stage can meet an unknown one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StatusId(usize);

impl StatusId {
    /// Its place in the vocabulary, from 0.
    pub fn index(self) -> usize {
        self.0
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct Vocabulary {
    statuses: Vec<Status>,
}

impl Default for Vocabulary {
    fn default() -> Self {
        let s = |key: &str, label: &str, tone, description: &str| Status {
            key: key.into(),
            label: label.into(),
            tone,
            description: Some(description.into()),
            words: StatusWords {
                theme_label: true,
                theme_description: true,
                translations: BTreeMap::new(),
            },
        };
        Vocabulary {
            statuses: vec![
                s(
                    "confirmed",
                    "Confirmed",
                    Tone::Confirmed,
                    "Independent sources support the claim.",
                ),
                s(
                    "disputed",
                    "Disputed",
                    Tone::Disputed,
                    "Credible sources contradict each other on the claim.",
                ),
                s(
                    "unverified",
                    "Unverified",
                    Tone::Unverified,
                    "The claim could not yet be checked independently.",
                ),
                s(
                    "false",
                    "False",
                    Tone::False,
                    "The evidence shows the claim is wrong.",
                ),
            ],
        }
    }
}

impl Vocabulary {
    pub fn new(statuses: Vec<Status>) -> Self {
        Vocabulary { statuses }
    }

    pub fn get(&self, key: &str) -> Option<&Status> {
        self.statuses.iter().find(|s| s.key == key)
    }

    /// The status written `key`, if the vocabulary has it.
    pub fn resolve(&self, key: &str) -> Option<StatusId> {
        self.statuses
            .iter()
            .position(|s| s.key == key)
            .map(StatusId)
    }

    /// The status `id` names: ids come from this vocabulary, so it is always there.
    pub fn status(&self, id: StatusId) -> &Status {
        &self.statuses[id.0]
    }

    /// How many statuses it has.
    pub fn len(&self) -> usize {
        self.statuses.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Status> {
        self.statuses.iter()
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.statuses.iter().map(|s| s.key.as_str())
    }

    /// "confirmed, disputed, unverified, false" for help messages.
    pub fn list(&self) -> String {
        self.keys().collect::<Vec<_>>().join(", ")
    }

    pub fn relabel(&mut self, key: &str, label: String) -> bool {
        match self.statuses.iter_mut().find(|s| s.key == key) {
            Some(s) => {
                s.label = label;
                s.words.theme_label = false;
                true
            }
            None => false,
        }
    }
}

impl Vocabulary {
    /// Every status's label and description in `words`' language: from site.toml's
    /// `translations` (the most specific tag first), else the theme's for a built-in.
    pub fn localize(&mut self, words: &Words) {
        let language = words.language.as_str();
        let tags: Vec<&str> = (0..language.len())
            .rev()
            .filter(|&i| language[i..].starts_with('-'))
            .map(|i| &language[..i])
            .collect();
        for s in &mut self.statuses {
            let key = format!("status_{}", s.key);
            if s.words.theme_label && words.has(&key) {
                s.label = words.text(&key).to_string();
            }
            let described = format!("{key}_description");
            if s.words.theme_description && words.has(&described) {
                s.description = Some(words.text(&described).to_string());
            }
            let mut text = StatusText::default();
            for tag in std::iter::once(language).chain(tags.iter().copied()) {
                if let Some(t) = s.words.translations.get(tag) {
                    text.label = text.label.or(t.label.clone());
                    text.description = text.description.or(t.description.clone());
                }
            }
            if let Some(label) = text.label {
                s.label = label;
            }
            if let Some(description) = text.description {
                s.description = Some(description);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_vocabulary_has_the_four_statuses_in_order() {
        let v = Vocabulary::default();
        assert_eq!(v.list(), "confirmed, disputed, unverified, false");
        assert_eq!(v.get("disputed").unwrap().tone, Tone::Disputed);
        assert_eq!(v.iter().nth(3).unwrap().key, "false");
    }

    #[test]
    fn a_neutral_tone_is_read_and_named_neutral() {
        let t: Tone = serde_json::from_str("\"neutral\"").unwrap();
        assert_eq!((t, t.name()), (Tone::Neutral, "neutral"));
    }

    #[test]
    fn relabel_keeps_key_and_tone() {
        let mut v = Vocabulary::default();
        assert!(v.relabel("disputed", "Contested".into()));
        assert!(!v.relabel("nope", "X".into()));
        let s = v.get("disputed").unwrap();
        assert_eq!((s.label.as_str(), s.tone), ("Contested", Tone::Disputed));
    }
}
