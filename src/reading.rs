//! Word count and reading time of an article's body. Words are counted in its text
//! (not code, formulas or markup); the reading speed is the site language's, from the
//! IReST study of silent reading in 17 languages (Trauzettel-Klosinski et al., 2012),
//! and 228 words a minute, its English figure, for a language it did not measure.

/// Words a minute by ISO 639-1 code. For Chinese and Japanese, whose text has no spaces,
/// the count is of characters (every ideograph or kana counts as a word below).
const SPEEDS: &[(&str, usize)] = &[
    ("ar", 138),
    ("de", 179),
    ("en", 228),
    ("es", 218),
    ("fi", 161),
    ("fr", 195),
    ("he", 187),
    ("it", 188),
    ("ja", 357),
    ("nl", 202),
    ("pl", 166),
    ("pt", 181),
    ("ru", 184),
    ("sl", 180),
    ("sv", 199),
    ("tr", 166),
    ("zh", 255),
];

/// Words a minute for a site `language` (`en`, `pt-BR`: the part before `-`).
pub fn words_per_minute(language: &str) -> usize {
    let primary = language.split(['-', '_']).next().unwrap_or_default();
    SPEEDS
        .iter()
        .find(|(code, _)| primary.eq_ignore_ascii_case(code))
        .map_or(228, |&(_, wpm)| wpm)
}

/// Whole minutes to read `words`, at least one.
pub fn minutes(words: usize, language: &str) -> usize {
    words.div_ceil(words_per_minute(language)).max(1)
}

/// The words in `text`: runs of letters or digits between other characters, and every
/// character of a script written without spaces (CJK ideographs, kana).
pub fn count_words(text: &str) -> usize {
    if text.is_ascii() {
        return count_ascii_words(text.as_bytes());
    }
    let mut words = 0;
    let mut in_word = false;
    for c in text.chars() {
        if is_unspaced(c) {
            words += 1;
            in_word = false;
        } else if c.is_alphanumeric() {
            words += usize::from(!in_word);
            in_word = true;
        } else if !matches!(c, '\'' | '’' | '-' | '\u{ad}' | ',' | '.') {
            in_word = false;
        }
    }
    words
}

/// [`count_words`] for ASCII text, byte by byte: most bodies are, and this is every
/// article's text once more.
fn count_ascii_words(text: &[u8]) -> usize {
    let mut words = 0;
    let mut in_word = false;
    for &b in text {
        if b.is_ascii_alphanumeric() {
            words += usize::from(!in_word);
            in_word = true;
        } else if !matches!(b, b'\'' | b'-' | b',' | b'.') {
            in_word = false;
        }
    }
    words
}

fn is_unspaced(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_runs_of_letters_and_digits_and_cjk_characters() {
        assert_eq!(count_words("Don't stop: 8,000 people — well-known."), 5);
        assert_eq!(count_words("  "), 0);
        assert_eq!(count_words("阿勒颇 city"), 4);
        assert_eq!(count_words("Don't stop: 8,000 people - well-known."), 5);
    }

    #[test]
    fn reading_time_follows_the_language_and_is_at_least_a_minute() {
        assert_eq!(minutes(0, "en"), 1);
        assert_eq!(minutes(229, "en"), 2);
        assert_eq!(minutes(358, "de-AT"), 2);
        assert_eq!(words_per_minute("xx"), 228);
        assert_eq!(words_per_minute("FR"), 195);
    }
}
