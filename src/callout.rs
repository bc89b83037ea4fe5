//! Callouts: a block quote that starts with a marker line is a box with a title.
//! GitHub's alerts (`> [!NOTE]`, `TIP`, `IMPORTANT`, `WARNING`, `CAUTION`), which
//! pulldown-cmark reads, and three of byline's own for explainers, written the same
//! way: `> [!KNOWN]` "What we know", `> [!UNKNOWN]` "What we don't know" and
//! `> [!WHY]` "Why it matters". Each is a `role="note"` box whose title is text, so it
//! reads the same without colour or icons.

use pulldown_cmark::BlockQuoteKind;

/// A kind of callout: its marker, its class and its title.
#[derive(Debug, PartialEq)]
pub struct Kind {
    pub marker: &'static str,
    pub class: &'static str,
    pub title: &'static str,
}

const fn kind(marker: &'static str, class: &'static str, title: &'static str) -> Kind {
    Kind {
        marker,
        class,
        title,
    }
}

/// GitHub's kinds, then byline's.
pub const KINDS: &[Kind] = &[
    kind("NOTE", "note", "Note"),
    kind("TIP", "tip", "Tip"),
    kind("IMPORTANT", "important", "Important"),
    kind("WARNING", "warning", "Warning"),
    kind("CAUTION", "caution", "Caution"),
    kind("KNOWN", "known", "What we know"),
    kind("UNKNOWN", "unknown", "What we don't know"),
    kind("WHY", "why", "Why it matters"),
];

/// The kind of a GitHub alert pulldown-cmark recognised.
pub fn github(k: BlockQuoteKind) -> &'static Kind {
    &KINDS[match k {
        BlockQuoteKind::Note => 0,
        BlockQuoteKind::Tip => 1,
        BlockQuoteKind::Important => 2,
        BlockQuoteKind::Warning => 3,
        BlockQuoteKind::Caution => 4,
    }]
}

/// What the first line of a quote's first paragraph says about a callout.
#[derive(Debug, PartialEq)]
pub enum Marker<'t> {
    /// Not a marker: an ordinary quote.
    None,
    /// A known kind, and the length of the marker line (with its newline).
    Kind(&'static Kind, usize),
    /// `[!WORD]` alone on the line, naming no kind.
    Unknown(&'t str),
}

/// Reads a marker, `[!KNOWN]` alone on the first line of `text` (any case).
pub fn marker(text: &str) -> Marker<'_> {
    let line_end = text.find('\n').unwrap_or(text.len());
    let line = text[..line_end].trim_end();
    let Some(word) = line.strip_prefix("[!").and_then(|l| l.strip_suffix(']')) else {
        return Marker::None;
    };
    if word.is_empty() || !word.chars().all(|c| c.is_ascii_alphabetic()) {
        return Marker::None;
    }
    match KINDS.iter().find(|k| k.marker.eq_ignore_ascii_case(word)) {
        Some(k) => Marker::Kind(k, (line_end + 1).min(text.len())),
        None => Marker::Unknown(word),
    }
}

/// The opening of a callout's box, with its title.
pub fn open(k: &Kind) -> String {
    format!(
        "<div class=\"callout callout--{}\" role=\"note\">\n<p class=\"callout__title\">{}</p>\n",
        k.class, k.title
    )
}

pub const CLOSE: &str = "</div>\n";

/// The markers, for a help.
pub fn markers() -> Vec<&'static str> {
    KINDS.iter().map(|k| k.marker).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_is_a_bracketed_word_alone_on_the_first_line() {
        assert_eq!(marker("[!known]\nThe army…"), Marker::Kind(&KINDS[5], 9));
        assert_eq!(marker("[!WHY]"), Marker::Kind(&KINDS[7], 6));
        assert_eq!(marker("[!KNWON]\nx"), Marker::Unknown("KNWON"));
        assert_eq!(marker("[!KNOWN] and more"), Marker::None);
        assert_eq!(marker("[!] x"), Marker::None);
        assert_eq!(marker("Plain quote"), Marker::None);
    }
}
