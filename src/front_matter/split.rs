//! Cutting a file into its front matter and body, before any YAML is read.

use crate::diagnostic::{Diagnostic, SourceFile};

/// A file cut into its front matter and body.
#[derive(Debug)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based file line of the YAML's first line.
    pub yaml_line: usize,
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

pub fn split<'a>(file: &'a SourceFile) -> Result<Split<'a>, Diagnostic> {
    let text: &str = &file.text;
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "---" {
        return Err(Diagnostic::error("missing-front-matter", "the file does not start with front matter")
            .at(file, 0..first_end.min(3))
            .label("expected a line `---` here")
            .help("start the file with `---`, then at least `title:` and `date:`, then another `---` line"));
    }
    // The closing line is `---` alone: look only at lines that start with it.
    let after_opening = first_end - 1;
    for (i, _) in text[after_opening..].match_indices("\n---") {
        let pos = after_opening + i + 1;
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if text[pos..end].trim_end() == "---" {
            return Ok(Split {
                yaml: &text[first_end..pos],
                yaml_line: 2,
                body: &text[end..],
                body_offset: end,
            });
        }
    }
    Err(Diagnostic::error("unclosed-front-matter", "the front matter is never closed")
        .at(file, 0..3)
        .label("front matter opens here")
        .help("add a line with only `---` after the last front-matter key, before the article text"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_closes_at_the_first_line_that_is_only_dashes() {
        let parts = |text: &str| {
            let file = SourceFile::new("content/a.md", text);
            split(&file)
                .ok()
                .map(|s| (s.yaml.to_string(), s.body.to_string(), s.body_offset))
        };
        assert_eq!(parts("---\n---\nbody"), Some(("".into(), "body".into(), 8)));
        assert_eq!(
            parts("---\r\na: 1\r\n---  \r\nbody"),
            Some(("a: 1\r\n".into(), "body".into(), 18))
        );
        // `---` inside a value, or followed by more than spaces, does not close it.
        assert_eq!(
            parts("---\na: x---\n----\n--- b\n---\n"),
            Some(("a: x---\n----\n--- b\n".into(), "".into(), 27))
        );
        assert_eq!(
            parts("---\na: 1\n---"),
            Some(("a: 1\n".into(), "".into(), 12))
        );
        assert!(parts("---").is_none());
        assert!(parts("---\na: 1\n--").is_none());
    }
}
