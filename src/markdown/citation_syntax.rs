//! Pandoc's bracketed citations, read as Pandoc reads them so writers' habits carry
//! over: `[see @un, p. 3, emphasis added; -@lavrov]` is two items, each with an
//! optional prefix (`see`), a source id, and what follows it: a locator (`p. 3`) and
//! a suffix (`, emphasis added`).

/// One source cited in a bracketed citation.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Item<'t> {
    /// Text before the id (`see`), trimmed.
    pub prefix: &'t str,
    pub id: &'t str,
    /// Where in the source (`p. 3`, `para. 2`, `00:02:15`), when the text after the
    /// id starts with a locator term or a number.
    pub locator: Option<&'t str>,
    /// Everything written after the id, trimmed and without its leading comma: the
    /// locator and the suffix, as a reader is shown them.
    pub detail: &'t str,
}

impl<'t> Item<'t> {
    /// The item citing `id` and nothing more, as a figure's credit does.
    pub fn bare(id: &'t str) -> Self {
        Item {
            id,
            ..Item::default()
        }
    }
}

/// Why a bracketed text that cites is not a citation byline can read.
#[derive(Debug, PartialEq)]
pub(super) enum Malformed {
    /// A `;`-separated part names no source (`[@a; and others]`).
    NoId,
    /// `@` followed by something that is not an id.
    BadId(String),
}

/// Whether the text between `[` and `]` is meant as a citation: it has an `@` that
/// starts a word (`@un`, `-@un`), not one inside an e-mail address.
pub(super) fn is_citation(inner: &str) -> bool {
    key_at(inner).is_some()
}

/// The items of the citation `[inner]` (`inner` without its brackets).
pub(super) fn parse(inner: &str) -> Result<Vec<Item<'_>>, Malformed> {
    inner.split(';').map(item).collect()
}

fn item(part: &str) -> Result<Item<'_>, Malformed> {
    let Some(at) = key_at(part) else {
        return Err(Malformed::NoId);
    };
    let rest = &part[at + 1..];
    let len = rest
        .find(|c: char| c.is_whitespace() || c == ',')
        .unwrap_or(rest.len());
    let id = rest[..len].trim_end_matches(['.', ':', '?', '!']);
    if !crate::names::is_valid_id(id) {
        return Err(Malformed::BadId(rest[..len].to_string()));
    }
    let dash = part[..at].ends_with('-');
    let prefix = part[..at - usize::from(dash)].trim();
    let detail = rest[id.len()..].trim();
    let detail = detail.strip_prefix(',').unwrap_or(detail).trim_start();
    Ok(Item {
        prefix,
        id,
        locator: locator(detail),
        detail,
    })
}

/// Where the `@` of the first id is: at the start of a word, or after its `-`.
fn key_at(part: &str) -> Option<usize> {
    let bytes = part.as_bytes();
    memchr::memchr_iter(b'@', bytes).find(|&i| {
        let before = match i {
            0 => b' ',
            _ if bytes[i - 1] == b'-' => bytes.get(i.wrapping_sub(2)).copied().unwrap_or(b' '),
            _ => bytes[i - 1],
        };
        let starts_word = before.is_ascii_whitespace() || i == 0 || (i == 1 && bytes[0] == b'-');
        starts_word && bytes.get(i + 1).is_none_or(|b| !b.is_ascii_whitespace())
    })
}

/// Pandoc's and CSL's locator terms, longest first where one starts another.
const TERMS: &[&str] = &[
    "pages",
    "page",
    "pp.",
    "p.",
    "paragraphs",
    "paragraph",
    "paras.",
    "para.",
    "¶¶",
    "¶",
    "sections",
    "section",
    "secs.",
    "sec.",
    "§§",
    "§",
    "chapters",
    "chapter",
    "chaps.",
    "chap.",
    "ch.",
    "figures",
    "figure",
    "figs.",
    "fig.",
    "lines",
    "line",
    "ll.",
    "l.",
    "columns",
    "column",
    "cols.",
    "col.",
    "volumes",
    "volume",
    "vols.",
    "vol.",
    "numbers",
    "number",
    "nos.",
    "no.",
    "notes",
    "note",
    "nn.",
    "n.",
    "verses",
    "verse",
    "vv.",
    "v.",
    "books",
    "book",
    "bks.",
    "bk.",
    "parts",
    "part",
    "pts.",
    "pt.",
    "folios",
    "folio",
    "fols.",
    "fol.",
    "opus",
    "op.",
    "sub verbo",
    "s.vv.",
    "s.v.",
    "articles",
    "article",
    "arts.",
    "art.",
    "timestamp",
];

/// The locator `detail` starts with: a term and its value (`p. 3`, `paras. 2-4`), or
/// a value alone (`33`, `00:02:15`), which Pandoc reads as a page and byline keeps as
/// written.
pub(super) fn locator(detail: &str) -> Option<&str> {
    let term = TERMS.iter().find(|t| {
        detail
            .get(..t.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(t))
            && {
                let after = &detail[t.len()..];
                let word = t.chars().last().is_some_and(char::is_alphabetic);
                after.starts_with(char::is_whitespace)
                    || (!word && after.starts_with(char::is_alphanumeric))
            }
    });
    let start = term.map_or(0, |t| {
        let after = &detail[t.len()..];
        t.len() + after.len() - after.trim_start().len()
    });
    let value = &detail[start..];
    let token = &value[..token_len(value)];
    let roman = !token.is_empty() && token.chars().all(|c| "ivxlcdmIVXLCDM".contains(c));
    if !(value.starts_with(|c: char| c.is_ascii_digit()) || (term.is_some() && roman)) {
        return None;
    }
    Some(&detail[..start + value_len(value)])
}

/// The length of the word `s` starts with: up to a space, comma or semicolon.
fn token_len(s: &str) -> usize {
    s.find(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .unwrap_or(s.len())
}

/// The length of a locator's value: a word, and on through `, 38` and ` - 40` that
/// continue it (`33-35, 38-39`).
fn value_len(value: &str) -> usize {
    let mut end = token_len(value);
    loop {
        let rest = &value[end..];
        let sep = rest.len() - rest.trim_start_matches([',', ' ', '-', '–', '&']).len();
        let more = &rest[sep..];
        if sep == 0 || !more.starts_with(|c: char| c.is_ascii_digit()) {
            return end;
        }
        end += sep + token_len(more);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(inner: &str) -> Item<'_> {
        let mut items = parse(inner).unwrap();
        assert_eq!(items.len(), 1, "{items:?}");
        items.remove(0)
    }

    #[test]
    fn prefix_id_locator_and_suffix_are_read_as_pandoc_reads_them() {
        let i = one("see @red-cross, 00:02:15");
        assert_eq!(
            (i.prefix, i.id, i.locator, i.detail),
            ("see", "red-cross", Some("00:02:15"), "00:02:15")
        );
        let i = one("@doe99, pp. 33-35, 38-39 and passim");
        assert_eq!(i.locator, Some("pp. 33-35, 38-39"));
        assert_eq!(i.detail, "pp. 33-35, 38-39 and passim");
        let i = one("-@lavrov");
        assert_eq!(
            (i.prefix, i.id, i.locator, i.detail),
            ("", "lavrov", None, "")
        );
        let i = one("@un, emphasis added");
        assert_eq!((i.locator, i.detail), (None, "emphasis added"));
        assert_eq!(one("@un p. 3").locator, Some("p. 3"));
        assert_eq!(one("@un, §4").locator, Some("§4"));
        assert_eq!(one("@un, chap. iv").locator, Some("chap. iv"));
        assert_eq!(one("@un, page one").locator, None);
        assert_eq!(one("@un, paragraph 7, quoted").locator, Some("paragraph 7"));
        assert_eq!(one("@un.").id, "un");
    }

    #[test]
    fn each_part_names_one_source() {
        let items = parse("@lavrov, para. 2; @residents").unwrap();
        assert_eq!(items[0].locator, Some("para. 2"));
        assert_eq!(items[1].id, "residents");
        assert_eq!(parse("@a; and others"), Err(Malformed::NoId));
        assert_eq!(parse("@Ãb"), Err(Malformed::BadId("Ãb".into())));
    }

    #[test]
    fn only_an_at_sign_starting_a_word_cites() {
        assert!(is_citation("@un"));
        assert!(is_citation("see -@un"));
        assert!(is_citation("-@un"));
        assert!(!is_citation("mail me@example.org"));
        assert!(!is_citation("@ un"));
        assert!(is_citation("@"));
        assert_eq!(parse("@"), Err(Malformed::BadId(String::new())));
        assert!(!is_citation("x"));
    }
}
