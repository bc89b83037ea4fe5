//! A table of contents for long articles: the `##` headings of a body, with the `###`
//! under each, shown when an article has at least `[markdown] contents` of them (three
//! unless `site.toml` says otherwise) or its front matter asks with `contents: true`
//! (`contents: false` turns it off). The renderer collects the headings as it gives
//! them ids; the theme places the list (beside the text on wide screens, above it on
//! phones).

use serde::Serialize;

/// How many `##` headings make an article long enough for contents, by default.
pub const DEFAULT_MIN_HEADINGS: usize = 3;

/// One entry of the contents: a heading's id and text, and the `###` headings under it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub id: String,
    pub text: String,
    pub children: Vec<Entry>,
}

/// The `##` and `###` headings of a body, as a tree.
#[derive(Debug, Default)]
pub struct Contents {
    pub entries: Vec<Entry>,
}

impl Contents {
    /// Adds a heading of `level` (1 to 6); only levels 2 and 3 are listed, and a `###`
    /// before any `##` is left out.
    pub fn heading(&mut self, level: u8, id: &str, text: &str) {
        let entry = || Entry {
            id: id.to_string(),
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
            children: Vec::new(),
        };
        match level {
            2 => self.entries.push(entry()),
            3 => {
                if let Some(parent) = self.entries.last_mut() {
                    parent.children.push(entry());
                }
            }
            _ => {}
        }
    }

    /// The entries to show: all of them if the article asks (`wanted`), none if it
    /// refuses, else those of an article with at least `min` `##` headings (`min` 0:
    /// never by the rule).
    pub fn shown(&self, wanted: Option<bool>, min: usize) -> &[Entry] {
        let long = min > 0 && self.entries.len() >= min;
        if wanted.unwrap_or(long) {
            &self.entries
        } else {
            &[]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn three() -> Contents {
        let mut c = Contents::default();
        c.heading(3, "orphan", "Orphan");
        c.heading(2, "a", "A  b");
        c.heading(3, "a1", "A1");
        c.heading(4, "deep", "Deep");
        c.heading(2, "b", "B");
        c.heading(2, "c", "C");
        c
    }

    #[test]
    fn contents_list_second_level_headings_with_the_third_level_under_them() {
        let c = three();
        let shown = c.shown(None, DEFAULT_MIN_HEADINGS);
        let ids: Vec<&str> = shown.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        assert_eq!(shown[0].text, "A b");
        assert_eq!(shown[0].children[0].id, "a1");
        assert!(shown[0].children[0].children.is_empty());
    }

    #[test]
    fn the_rule_yields_to_the_article_and_the_site() {
        assert!(three().shown(None, 4).is_empty());
        assert!(three().shown(None, 0).is_empty());
        assert!(three().shown(Some(false), 3).is_empty());
        assert_eq!(three().shown(Some(true), 0).len(), 3);
    }
}
