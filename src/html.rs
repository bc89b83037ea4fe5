//! Escaping for the bits of HTML byline writes itself (templates escape their own).

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(&mut out, s);
    out
}

/// `escape`, appended to `out`.
pub fn escape_into(out: &mut String, s: &str) {
    pulldown_cmark_escape::escape_html(out, s).expect("writing to a String cannot fail");
}

/// The first character no page or feed may carry, with its byte offset: a C0 control
/// other than tab, newline and carriage return (NUL included), or U+FFFE or U+FFFF.
/// None of them is XML 1.0, even escaped, so one would make a feed ill-formed.
pub fn forbidden_char(s: &str) -> Option<(usize, char)> {
    // Every article is scanned: chunks are tested whole (vectorised), and only a
    // chunk with a suspect byte (a control, or the lead byte of U+F000–U+FFFF) is
    // looked at byte by byte.
    let suspect = |b: u8| (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') | (b == 0xEF);
    let bytes = s.as_bytes();
    let mut start = 0;
    for chunk in bytes.chunks(64) {
        if chunk.iter().fold(false, |any, &b| any | suspect(b)) {
            for (i, _) in chunk.iter().enumerate().filter(|(_, &b)| suspect(b)) {
                let c = s[start + i..].chars().next()?;
                if is_forbidden(c) {
                    return Some((start + i, c));
                }
            }
        }
        start += chunk.len();
    }
    None
}

pub fn is_forbidden(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
}

/// `U+000B`, for messages.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            super::escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn forbidden_chars_are_c0_controls_but_whitespace_and_two_noncharacters() {
        use super::forbidden_char;
        assert_eq!(forbidden_char("a\tb\r\nc ä 日本 ＡＢ \u{fffd}"), None);
        assert_eq!(forbidden_char("ab\0"), Some((2, '\0')));
        assert_eq!(forbidden_char("ＡＢ\u{b}"), Some((6, '\u{b}')));
        assert_eq!(forbidden_char("ＡＢ\u{ffff}"), Some((6, '\u{ffff}')));
        assert_eq!(forbidden_char("\u{fffe}"), Some((0, '\u{fffe}')));
    }
}
