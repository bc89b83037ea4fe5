//! Every problem byline finds is a `Diagnostic`: a message that knows the file and
//! byte span it is about, so it can be printed as `path:line:col` with the offending
//! line, serialised for tools, or turned into a CI annotation. Errors are collected,
//! never thrown one at a time, so a writer sees every mistake in one run.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A file's text, shared by every diagnostic that points into it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user should see it (relative to the site root when possible).
    pub name: String,
    pub text: Arc<str>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        SourceFile {
            name: name.into(),
            text: text.into(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        (line, col)
    }

    /// Byte offset of a 1-based line and character column; clamps to the text.
    pub fn offset_of(&self, line: usize, col: usize) -> usize {
        let mut start = 0;
        for _ in 1..line {
            match self.text[start..].find('\n') {
                Some(i) => start += i + 1,
                None => return self.text.len(),
            }
        }
        let line_text = &self.text[start..];
        let line_end = line_text.find('\n').unwrap_or(line_text.len());
        let within = line_text[..line_end]
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(line_end, |(i, _)| i);
        start + within
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// How much of a long line a snippet keeps on each side of its span, in bytes.
const CONTEXT: usize = 120;
/// What stands for the part of a long line a snippet leaves out.
const ELLIPSIS: &str = "…";

/// The lines a diagnostic points at, cut from the file when the diagnostic is made:
/// a diagnostic must not keep a whole file alive (a lint can fire on every article),
/// nor a whole line of it (a file can be one line of megabytes, with an error on
/// every word).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Snippet {
    /// The path as the user should see it.
    pub name: String,
    /// 1-based number of the first line of `text`; 0 when there is no position.
    first_line: usize,
    /// The lines of the file around the span, past `CONTEXT` bytes on either side of
    /// it replaced by `ELLIPSIS`.
    text: String,
    /// The span, as byte offsets into `text`.
    span: Range<usize>,
    /// What to add to a column of the first line of `text` for the column in the file.
    col_shift: usize,
}

impl Snippet {
    fn cut(file: &SourceFile, span: Range<usize>) -> Snippet {
        let text = &*file.text;
        let mut start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let mut end = text[span.end..]
            .find('\n')
            .map_or(text.len(), |i| span.end + i + 1);
        let first_line = text[..start].bytes().filter(|&b| b == b'\n').count() + 1;
        let (mut before, mut after, mut col_shift) = ("", "", 0);
        if span.start - start > CONTEXT + ELLIPSIS.len() {
            let cut = floor_char_boundary(text, span.start - CONTEXT);
            col_shift = text[start..cut].chars().count() - 1;
            (start, before) = (cut, ELLIPSIS);
        }
        if end - span.end > CONTEXT + ELLIPSIS.len() + 1 {
            end = floor_char_boundary(text, span.end + CONTEXT);
            after = "…\n";
        }
        Snippet {
            name: file.name.clone(),
            first_line,
            text: [before, &text[start..end], after].concat(),
            span: span.start - start + before.len()..span.end - start + before.len(),
            col_shift,
        }
    }

    fn has_position(&self) -> bool {
        self.first_line > 0
    }

    fn line_col(&self) -> (usize, usize) {
        let before = &self.text[..self.span.start];
        let line = before.bytes().filter(|&b| b == b'\n').count();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let shift = if line == 0 { self.col_shift } else { 0 };
        (
            self.first_line + line,
            before[line_start..].chars().count() + 1 + shift,
        )
    }
}

impl<'a> codespan_reporting::files::Files<'a> for Snippet {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, _: ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.name)
    }

    fn source(&'a self, _: ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.text)
    }

    fn line_index(
        &'a self,
        _: (),
        byte_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.text[..byte_index.min(self.text.len())]
            .bytes()
            .filter(|&b| b == b'\n')
            .count())
    }

    fn line_number(
        &'a self,
        _: (),
        line_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.first_line + line_index)
    }

    fn column_number(
        &'a self,
        id: (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let range = self.line_range(id, line_index)?;
        let column = codespan_reporting::files::column_index(&self.text, range, byte_index) + 1;
        Ok(column + if line_index == 0 { self.col_shift } else { 0 })
    }

    fn line_range(
        &'a self,
        _: (),
        line_index: usize,
    ) -> Result<Range<usize>, codespan_reporting::files::Error> {
        let mut start = 0;
        for _ in 0..line_index {
            start += self.text[start..]
                .find('\n')
                .map_or(self.text.len() - start, |i| i + 1);
        }
        let end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i + 1);
        Ok(start..end)
    }
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable, kebab-case identifier (`unknown-status`), for tools and docs.
    pub code: &'static str,
    pub message: String,
    snippet: Option<Snippet>,
    /// Text under the caret, e.g. "not a known status".
    pub label: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            snippet: None,
            label: None,
            help: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Points at bytes `span` of `file`.
    pub fn at(mut self, file: &SourceFile, span: Range<usize>) -> Self {
        let len = file.text.len();
        let start = floor_char_boundary(&file.text, span.start.min(len));
        let end = floor_char_boundary(&file.text, span.end.clamp(start, len));
        self.snippet = Some(Snippet::cut(file, start..end));
        self
    }

    /// Points at a file as a whole (no useful position inside it).
    pub fn in_file(mut self, name: impl Into<String>) -> Self {
        self.snippet = Some(Snippet {
            name: name.into(),
            first_line: 0,
            text: String::new(),
            span: 0..0,
            col_shift: 0,
        });
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// 1-based line and column, when the diagnostic points into a file.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        self.snippet
            .as_ref()
            .filter(|s| s.has_position())
            .map(Snippet::line_col)
    }

    pub fn file_name(&self) -> Option<&str> {
        self.snippet.as_ref().map(|s| s.name.as_str())
    }

    /// `path:line:col` (or just `path`) for one-line formats.
    pub fn location(&self) -> Option<String> {
        let name = self.file_name()?;
        Some(match self.line_col() {
            Some((l, c)) => format!("{name}:{l}:{c}"),
            None => name.to_string(),
        })
    }

    /// Writes the rustc-style rendering: header, `--> path:line:col`, the line, a caret, help.
    pub fn emit(&self, out: &mut dyn termcolor::WriteColor) -> std::io::Result<()> {
        let config = term::Config {
            chars: term::Chars::ascii(),
            ..term::Config::default()
        };
        let mut cs = match self.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        }
        .with_message(&self.message)
        .with_code(self.code);
        if let Some(help) = &self.help {
            cs = cs.with_notes(vec![format!("help: {help}")]);
        }
        match &self.snippet {
            Some(snippet) if snippet.has_position() => {
                let mut label = Label::primary((), snippet.span.clone());
                if let Some(text) = &self.label {
                    label = label.with_message(text);
                }
                cs = cs.with_labels(vec![label]);
                term::emit_to_write_style(out, &config, snippet, &cs).map_err(to_io)
            }
            other => {
                if let Some(snippet) = other {
                    cs.message = format!("{}: {}", snippet.name, self.message);
                }
                term::emit_to_write_style(out, &config, &SimpleFile::new("", ""), &cs)
                    .map_err(to_io)
            }
        }
    }

    /// One JSON object, for `--message-format json`.
    pub fn to_json(&self) -> serde_json::Value {
        let (line, column) = self.line_col().unzip();
        serde_json::json!({
            "severity": self.severity.as_str(),
            "code": self.code,
            "message": self.message,
            "file": self.file_name(),
            "line": line,
            "column": column,
            "help": self.help,
        })
    }

    /// A GitHub Actions workflow command, for `--message-format github`.
    pub fn to_github(&self) -> String {
        let mut props = Vec::new();
        if let Some(name) = self.file_name() {
            props.push(format!("file={}", escape_github_property(name)));
        }
        if let Some((line, col)) = self.line_col() {
            props.push(format!("line={line}"));
            props.push(format!("col={col}"));
        }
        props.push(format!("title={}", self.code));
        let mut message = self.message.clone();
        if let Some(help) = &self.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        format!(
            "::{kind} {}::{}",
            props.join(","),
            escape_github_data(&message)
        )
    }
}

fn to_io(e: codespan_reporting::files::Error) -> std::io::Error {
    match e {
        codespan_reporting::files::Error::Io(e) => e,
        other => std::io::Error::other(other.to_string()),
    }
}

fn escape_github_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_github_property(s: &str) -> String {
    escape_github_data(s)
        .replace(':', "%3A")
        .replace(',', "%2C")
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = self.location() {
            write!(f, "{loc}: ")?;
        }
        write!(f, "{}: {}", self.severity.as_str(), self.message)
    }
}

/// How many errors (and, apart, warnings) of one file are made. Each is placed by a
/// scan of its file and may suggest the id that was meant out of all the file's ids,
/// so a file with a mistake on every word would cost the square of its size; and
/// the first hundred are the ones to fix first.
pub const MAX_PER_FILE: usize = 100;

/// Stands for the `dropped` diagnostics of `file` past [`MAX_PER_FILE`].
pub fn more_in_file(file: &str, severity: Severity, dropped: usize) -> Diagnostic {
    let kind = severity.as_str();
    let plural = if dropped == 1 { "" } else { "s" };
    Diagnostic {
        severity,
        ..Diagnostic::error(
            "more-in-file",
            format!("{dropped} more {kind}{plural} in this file"),
        )
    }
    .in_file(file)
    .help(format!(
        "byline shows the first {MAX_PER_FILE} {kind}s of a file: fix them and run it again to see the rest"
    ))
}

/// `names` joined with commas, the first ten of them: a help that lists every id of
/// an article with thousands, once per mistake, would be the square of its size.
pub fn some_of(names: &[&str]) -> String {
    const SHOWN: usize = 10;
    let mut list = names[..names.len().min(SHOWN)].join(", ");
    if names.len() > SHOWN {
        list.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    list
}

/// Sorts diagnostics into the order a reader expects: by file, then position.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (a.file_name(), a.line_col(), a.severity, &a.message).cmp(&(
            b.file_name(),
            b.line_col(),
            b.severity,
            &b.message,
        ))
    });
}

/// Folds diagnostics that say the same thing about the same place into the first
/// one: a broken template fails every page it renders, and ten thousand copies of
/// one error hide everything else.
pub fn collapse_repeats(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::with_capacity(diags.len());
    let mut counts: Vec<usize> = Vec::new();
    type Key = (Severity, &'static str, Option<Snippet>, String);
    let mut seen: std::collections::HashMap<Key, usize> = Default::default();
    for d in diags {
        let key = (d.severity, d.code, d.snippet.clone(), d.message.clone());
        match seen.get(&key) {
            Some(&i) => counts[i] += 1,
            None => {
                seen.insert(key, out.len());
                out.push(d);
                counts.push(0);
            }
        }
    }
    for (d, n) in out.iter_mut().zip(counts) {
        if n > 0 {
            let more = if n == 1 {
                "1 more time".to_string()
            } else {
                format!("{n} more times")
            };
            let note = format!("the same error occurred {more}");
            d.help = Some(match d.help.take() {
                Some(h) => format!("{h}\n{note}"),
                None => note,
            });
        }
    }
    out
}

/// Suggests the closest of `candidates` to a misspelt `word`, if any is close.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Help for an id that names nothing in an article's `list` (`sources`, `claims`):
/// the id meant, or the ids there are.
pub fn unknown_id_help(id: &str, known: &[&str], list: &str) -> String {
    match did_you_mean(id, known.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None if known.is_empty() => {
            format!("this article lists no {list}; add one under `{list}:` with this id")
        }
        None => format!("the article's {list} are: {}", some_of(known)),
    }
}

/// `1 error`, `2 errors`.
pub fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let f = SourceFile::new("a.md", "---\ntitle: «é»\nx\n");
        let off = f.text.find('»').unwrap();
        assert_eq!(f.line_col(off), (2, 10));
        assert_eq!(f.offset_of(2, 10), off);
    }

    #[test]
    fn offset_of_clamps_past_the_end() {
        let f = SourceFile::new("a.md", "ab\ncd");
        assert_eq!(f.offset_of(9, 1), 5);
        assert_eq!(f.offset_of(1, 9), 2);
    }

    #[test]
    fn rendering_shows_the_location_and_the_line() {
        let f = SourceFile::new("content/a.md", "---\nstatus: disputd\n---\n");
        let start = f.text.find("disputd").unwrap();
        let d = Diagnostic::error("unknown-status", "unknown status `disputd`")
            .at(&f, start..start + 7)
            .help("use one of: confirmed, disputed");
        let mut buf = termcolor::NoColor::new(Vec::new());
        d.emit(&mut buf).unwrap();
        let text = String::from_utf8(buf.into_inner()).unwrap();
        assert!(text.contains("--> content/a.md:2:9"), "{text}");
        assert!(text.contains("status: disputd"), "{text}");
        assert!(text.contains("^^^^^^^"), "{text}");
        assert!(text.contains("help: use one of"), "{text}");
    }

    #[test]
    fn a_long_line_is_shown_around_the_span_with_the_true_column() {
        let line = format!("{}bad{}", "é".repeat(1000), "x".repeat(1000));
        let f = SourceFile::new("content/a.md", format!("---\n{line}\nnext\n"));
        let start = f.text.find("bad").unwrap();
        let d = Diagnostic::error("c", "m").at(&f, start..start + 3);
        assert_eq!(d.line_col(), Some((2, 1001)));
        let mut buf = termcolor::NoColor::new(Vec::new());
        d.emit(&mut buf).unwrap();
        let text = String::from_utf8(buf.into_inner()).unwrap();
        assert!(text.contains("--> content/a.md:2:1001"), "{text}");
        let shown = text.lines().find(|l| l.contains("bad")).unwrap();
        let kept = format!("…{}bad{}…", "é".repeat(60), "x".repeat(120));
        assert!(shown.ends_with(&kept), "{text}");
        let caret = text.lines().find(|l| l.contains('^')).unwrap();
        let column = |l: &str, i: Option<usize>| l[..i.unwrap()].chars().count();
        assert_eq!(
            column(caret, caret.find('^')),
            column(shown, shown.find("bad")),
            "{text}"
        );
    }

    #[test]
    fn github_format_escapes_newlines_and_properties() {
        let f = SourceFile::new("a,b.md", "x\ny");
        let d = Diagnostic::error("c", "bad\nthing").at(&f, 2..3);
        assert_eq!(
            d.to_github(),
            "::error file=a%2Cb.md,line=2,col=1,title=c::bad%0Athing"
        );
    }

    #[test]
    fn repeats_are_folded_into_the_first_with_a_count() {
        let e = |m: &str| {
            Diagnostic::error("template", m)
                .in_file("templates/article.html")
                .help("fix it")
        };
        let folded = collapse_repeats(vec![e("a"), e("b"), e("a"), e("a")]);
        assert_eq!(folded.len(), 2);
        assert_eq!(
            folded[0].help.as_deref(),
            Some("fix it\nthe same error occurred 2 more times")
        );
        assert_eq!(folded[1].help.as_deref(), Some("fix it"));
    }

    #[test]
    fn suggestions_only_for_close_words() {
        let keys = ["contested_by", "asserted_by", "note"];
        assert_eq!(did_you_mean("contested-by", keys), Some("contested_by"));
        assert_eq!(did_you_mean("zzz", keys), None);
    }
}
