//! What a source says it is, beyond its title and where it is: its kind (a vocabulary
//! close to CSL's, so it maps onto CSL and schema.org types), DOI, ISBN and language,
//! each checked here so front matter and `content/sources.yaml` refuse the same
//! mistakes, and the passage relied on (`quote`).

/// The fields of a source this module checks, as checked; all optional.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Meta {
    pub kind: Option<KindId>,
    /// The bare DOI, `10.1000/xyz`.
    pub doi: Option<String>,
    /// Digits only (and a final `X`).
    pub isbn: Option<String>,
    pub language: Option<String>,
    pub quote: Option<String>,
}

impl Meta {
    /// `https://doi.org/…` for the DOI.
    pub fn doi_url(&self) -> Option<String> {
        self.doi.as_ref().map(|d| format!("https://doi.org/{d}"))
    }
}

/// One kind of source: its name in front matter, how the sidebar says it, and its
/// CSL and schema.org types.
pub struct Kind {
    pub name: &'static str,
    pub words: &'static str,
    pub csl: &'static str,
    pub schema_org: &'static str,
    /// What it is within a broad type (CSL's and schema.org's `genre`), where CSL has
    /// no type of its own for it.
    pub genre: Option<&'static str>,
}

const fn kind(
    name: &'static str,
    words: &'static str,
    csl: &'static str,
    schema_org: &'static str,
) -> Kind {
    Kind {
        name,
        words,
        csl,
        schema_org,
        genre: None,
    }
}

/// A kind CSL writes as a broad type with a `genre`.
const fn with_genre(kind: Kind, genre: &'static str) -> Kind {
    Kind {
        genre: Some(genre),
        ..kind
    }
}

/// The `type` vocabulary, documented in the README.
pub const KINDS: &[Kind] = &[
    kind("article", "Article", "article", "Article"),
    kind(
        "news-article",
        "News article",
        "article-newspaper",
        "NewsArticle",
    ),
    kind(
        "journal-article",
        "Journal article",
        "article-journal",
        "ScholarlyArticle",
    ),
    kind("report", "Report", "report", "Report"),
    with_genre(
        kind("statement", "Statement", "document", "CreativeWork"),
        "statement",
    ),
    with_genre(
        kind("press-release", "Press release", "document", "CreativeWork"),
        "press release",
    ),
    kind("speech", "Speech", "speech", "CreativeWork"),
    kind("interview", "Interview", "interview", "CreativeWork"),
    kind("dataset", "Dataset", "dataset", "Dataset"),
    kind("video", "Video", "motion_picture", "VideoObject"),
    kind("audio", "Audio", "song", "AudioObject"),
    kind("image", "Image", "graphic", "ImageObject"),
    kind("map", "Map", "map", "Map"),
    kind(
        "social-post",
        "Social media post",
        "post",
        "SocialMediaPosting",
    ),
    kind(
        "court-document",
        "Court document",
        "legal_case",
        "CreativeWork",
    ),
    kind("legislation", "Legislation", "legislation", "Legislation"),
    kind("book", "Book", "book", "Book"),
    kind("chapter", "Book chapter", "chapter", "Chapter"),
    kind("thesis", "Thesis", "thesis", "Thesis"),
    kind("letter", "Letter", "letter", "CreativeWork"),
    kind("webpage", "Web page", "webpage", "WebPage"),
];

/// A source's `type`: an index into [`KINDS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindId(usize);

impl KindId {
    pub fn parse(name: &str) -> Option<Self> {
        KINDS.iter().position(|k| k.name == name).map(KindId)
    }

    pub fn get(self) -> &'static Kind {
        &KINDS[self.0]
    }
}

/// The names of every kind, for help and the schema.
pub fn kind_names() -> impl Iterator<Item = &'static str> {
    KINDS.iter().map(|k| k.name)
}

/// A DOI as written (`10.1000/xyz`, `doi:10.1000/xyz`, `https://doi.org/10.1000/xyz`),
/// as its bare form; `Err` says why it is not one.
pub fn doi(written: &str) -> Result<String, String> {
    let t = written.trim();
    let bare = [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "doi:",
    ]
    .iter()
    .find_map(|p| {
        t.get(..p.len())
            .filter(|h| h.eq_ignore_ascii_case(p))
            .map(|_| &t[p.len()..])
    })
    .unwrap_or(t);
    let (prefix, suffix) = bare.split_once('/').unwrap_or((bare, ""));
    let registrant = prefix.strip_prefix("10.").unwrap_or_default();
    let valid = !registrant.is_empty()
        && registrant
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && !suffix.is_empty()
        && !suffix.chars().any(|c| c.is_whitespace() || c.is_control());
    match valid {
        true => Ok(bare.to_string()),
        false => Err(format!("`{t}` is not a DOI")),
    }
}

/// An ISBN-10 or ISBN-13, hyphens and spaces allowed, its check digit verified; its
/// digits (and a final `X`) as the result.
pub fn isbn(written: &str) -> Result<String, String> {
    let t = written.trim();
    let t = t
        .strip_prefix("ISBN")
        .map_or(t, |r| r.trim_start_matches([':', ' ']));
    let digits: String = t.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    let value = |c: char| c.to_digit(10);
    let ok = match digits.len() {
        10 => {
            let (body, last) = digits.split_at(9);
            let body: Option<Vec<u32>> = body.chars().map(value).collect();
            let check = match last {
                "X" | "x" => Some(10),
                d => d.chars().next().and_then(value),
            };
            match (body, check) {
                (Some(b), Some(c)) => {
                    let sum: u32 = b.iter().enumerate().map(|(i, d)| (10 - i as u32) * d).sum();
                    (sum + c) % 11 == 0
                }
                _ => return Err(format!("`{t}` is not an ISBN: an ISBN has 10 or 13 digits")),
            }
        }
        13 => {
            let Some(d) = digits.chars().map(value).collect::<Option<Vec<u32>>>() else {
                return Err(format!("`{t}` is not an ISBN: an ISBN has 10 or 13 digits"));
            };
            let sum: u32 = d
                .iter()
                .enumerate()
                .map(|(i, d)| if i % 2 == 0 { *d } else { 3 * d })
                .sum();
            sum % 10 == 0
        }
        _ => return Err(format!("`{t}` is not an ISBN: an ISBN has 10 or 13 digits")),
    };
    match ok {
        true => Ok(digits.to_uppercase()),
        false => Err(format!("`{t}` is not an ISBN: its check digit is wrong")),
    }
}

/// A BCP 47 language tag (`ar`, `en-GB`, `zh-Hant`), well-formed as RFC 5646 says.
pub fn language(written: &str) -> Result<String, String> {
    let t = written.trim();
    match oxilangtag::LanguageTag::parse(t) {
        Ok(tag) => Ok(tag.into_inner().to_string()),
        Err(e) => {
            let why = e.to_string();
            let why = match why.strip_prefix("The given ") {
                Some(rest) => format!("its {rest}"),
                None => why.to_lowercase(),
            };
            Err(format!("`{t}` is not a language tag: {why}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dois_are_read_in_every_usual_spelling() {
        for written in [
            "10.1000/xyz-1",
            "doi:10.1000/xyz-1",
            "https://doi.org/10.1000/xyz-1",
        ] {
            assert_eq!(doi(written).as_deref(), Ok("10.1000/xyz-1"));
        }
        assert_eq!(doi("10.1000.5/a(b)").as_deref(), Ok("10.1000.5/a(b)"));
        for bad in ["10.1000", "11.1000/x", "10./x", "10.10a/x", "10.1000/x y"] {
            assert!(doi(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn isbns_have_their_check_digit_verified() {
        assert_eq!(isbn("978-0-306-40615-7").as_deref(), Ok("9780306406157"));
        assert_eq!(isbn("ISBN 0-306-40615-2").as_deref(), Ok("0306406152"));
        assert_eq!(isbn("0-8044-2957-x").as_deref(), Ok("080442957X"));
        assert_eq!(
            isbn("978-0-306-40615-8"),
            Err("`978-0-306-40615-8` is not an ISBN: its check digit is wrong".into())
        );
        assert!(isbn("0-306-40615-3").is_err());
        assert!(isbn("12345").is_err());
        assert!(isbn("97803064061X7").is_err());
    }

    #[test]
    fn languages_are_bcp_47_tags() {
        assert_eq!(language("ar").as_deref(), Ok("ar"));
        assert_eq!(language("zh-Hant-TW").as_deref(), Ok("zh-Hant-TW"));
        assert!(language("arabic language").is_err());
        assert!(language("en_GB").is_err());
    }

    #[test]
    fn every_kind_has_a_name_words_and_types() {
        assert_eq!(
            KindId::parse("press-release").unwrap().get().words,
            "Press release"
        );
        assert!(KindId::parse("Press release").is_none());
        assert_eq!(kind_names().count(), KINDS.len());
    }
}
