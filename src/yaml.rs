//! The one place that knows YAML. Front matter is deserialised with serde_yaml (fast,
//! no positions); when a value later turns out to be wrong, the text is parsed again
//! with yaml-rust2's marked events, only then, to find where that value is written.
//! Swapping the YAML library means changing this file alone.

use serde::de::DeserializeOwned;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A YAML error with its 1-based line and column in the parsed text.
#[derive(Debug)]
pub struct Error {
    pub message: String,
    pub line_col: Option<(usize, usize)>,
    /// The text nests deeper than byline reads ([`MAX_FLOW_DEPTH`] or
    /// [`MAX_DEPTH`]): valid YAML, but refused.
    pub too_deep: bool,
}

impl Error {
    /// The message, with the Rust types the deserialiser names (`expected struct
    /// RawArticle`) replaced by what a writer wrote: `names` pairs a type with words.
    pub fn message_naming(&self, names: &[(&str, &str)]) -> String {
        names.iter().fold(self.message.clone(), |m, (ty, words)| {
            m.replace(&format!("struct {ty}"), words)
        })
    }
}

/// How deep flow collections (`[…]`, `{…}`) may nest. YAML scanners revisit every
/// open flow collection at each token, so a document's parsing time grows with its
/// depth times its length: `[[[…]]]` 80,000 deep took half a minute.
pub const MAX_FLOW_DEPTH: usize = 64;

/// How deep collections of any kind may nest: serde_yaml's own limit, which it
/// checks only after reading the whole text into events (`- - - …` on one line,
/// a million deep, took seconds and gigabytes before failing).
pub const MAX_DEPTH: usize = 128;

/// One step of a path to a key no field took: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Deserialises `text` into a type that ignores keys it does not know, and returns
/// the path of every key no field took (the key itself last), so that all of them can be
/// reported, not just the first.
pub fn from_str_unknown<T: DeserializeOwned>(text: &str) -> Result<(T, Vec<Vec<Step>>), Error> {
    refuse_deep(text)?;
    let mut unknown = Vec::new();
    let value = serde_ignored::deserialize(serde_yaml::Deserializer::from_str(text), |path| {
        let mut steps = Vec::new();
        path_steps(&path, &mut steps);
        unknown.push(steps);
    })
    .map_err(error)?;
    Ok((value, unknown))
}

fn path_steps(path: &serde_ignored::Path, out: &mut Vec<Step>) {
    use serde_ignored::Path;
    match path {
        Path::Root => {}
        Path::Seq { parent, index } => {
            path_steps(parent, out);
            out.push(Step::Index(*index));
        }
        Path::Map { parent, key } => {
            path_steps(parent, out);
            out.push(Step::Key(key.to_string()));
        }
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => path_steps(parent, out),
    }
}

fn refuse_deep(text: &str) -> Result<(), Error> {
    match too_deep(text) {
        Some((line_col, limit)) => Err(Error {
            message: format!("lists and mappings nest more than {limit} levels deep"),
            line_col: Some(line_col),
            too_deep: true,
        }),
        None => Ok(()),
    }
}

fn error(e: serde_yaml::Error) -> Error {
    let line_col = e.location().map(|l| (l.line(), l.column()));
    let mut message = e.to_string();
    // serde_yaml appends " at line X column Y"; the caller prints the position itself.
    if let Some(i) = message.find(" at line ") {
        message.truncate(i);
    }
    let too_deep = message.starts_with("recursion limit exceeded");
    if too_deep {
        message = format!("lists and mappings nest more than {MAX_DEPTH} levels deep");
    }
    Error {
        message,
        line_col,
        too_deep,
    }
}

/// Where the text first nests deeper than [`MAX_FLOW_DEPTH`] or [`MAX_DEPTH`], and
/// which: found before any parser sees the text.
fn too_deep(text: &str) -> Option<((usize, usize), usize)> {
    Depth {
        text,
        b: text.as_bytes(),
        i: 0,
        line: 1,
        line_start: 0,
        flow: 0,
        blocks: Vec::new(),
        start: true,
        block_scalar: None,
    }
    .scan()
}

/// A scan for nesting that skips quoted scalars, comments, block scalars and
/// brackets inside plain text (`title: a [b`). The indicators are ASCII, so bytes
/// are scanned: a UTF-8 character's bytes are never ASCII.
struct Depth<'t> {
    text: &'t str,
    b: &'t [u8],
    i: usize,
    line: usize,
    line_start: usize,
    /// Open flow collections.
    flow: usize,
    /// The columns of the open block collections (each deeper one is indented more).
    blocks: Vec<usize>,
    /// At the start of a node, where `[`, `{`, quotes, `-` and `?` are indicators.
    start: bool,
    /// The indentation of the line holding a `|` or `>`: the lines indented deeper
    /// (and blank lines) are its text.
    block_scalar: Option<usize>,
}

fn blank(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

impl Depth<'_> {
    fn scan(mut self) -> Option<((usize, usize), usize)> {
        let mut new_line = true;
        while self.i < self.b.len() {
            if std::mem::take(&mut new_line) && !self.line_begins() {
                continue;
            }
            let c = self.b[self.i];
            let then_blank = self.b.get(self.i + 1).is_none_or(|&c| blank(c));
            match c {
                b'\n' => {
                    (self.line, self.line_start, new_line) = (self.line + 1, self.i + 1, true);
                }
                _ if blank(c) => {}
                b'#' if self.i == 0 || blank(self.b[self.i - 1]) => {
                    self.i = next_line(self.b, self.i);
                    continue;
                }
                b'\'' | b'"' if self.start => {
                    self.skip_quoted();
                    continue;
                }
                b'[' | b'{' if self.start || self.flow > 0 => {
                    self.flow += 1;
                    if let Some(limit) = self.over() {
                        return Some((self.at(self.i), limit));
                    }
                }
                b']' | b'}' if self.flow > 0 => (self.flow, self.start) = (self.flow - 1, false),
                b',' if self.flow > 0 => self.start = true,
                b':' if self.flow > 0 || then_blank => self.start = true,
                b'-' | b'?' if self.start && then_blank && self.flow == 0 => {
                    let spaces = self.b[self.i + 1..]
                        .iter()
                        .take_while(|&&c| c == b' ')
                        .count();
                    if let Some(limit) = self.enter(self.i + 1 + spaces - self.line_start) {
                        return Some((self.at(self.i), limit));
                    }
                }
                b'-' | b'?' if self.start && then_blank => {}
                // An anchor or a tag comes before the node it names.
                b'&' | b'!' if self.start => {
                    self.i += self.b[self.i..].iter().take_while(|&&c| !blank(c)).count();
                    continue;
                }
                b'|' | b'>' if self.start && self.flow == 0 => {
                    let indent = self.b[self.line_start..].iter().take_while(|&&c| c == b' ');
                    self.block_scalar = Some(indent.count());
                    self.i = next_line(self.b, self.i);
                    continue;
                }
                _ => self.start = false,
            }
            self.i += 1;
        }
        None
    }

    /// At the start of a line: skips it if it belongs to a block scalar (and returns
    /// false), or opens the block node it starts.
    fn line_begins(&mut self) -> bool {
        let indent = self.b[self.i..].iter().take_while(|&&c| c == b' ').count();
        let first = self.b.get(self.i + indent).copied();
        let empty = first.is_none_or(|c| c == b'\n' || c == b'\r');
        match self.block_scalar {
            Some(parent) if indent > parent || empty => {
                self.i = next_line(self.b, self.i);
                return false;
            }
            _ => self.block_scalar = None,
        }
        self.start = true;
        if !empty && first != Some(b'#') && self.flow == 0 {
            // Too deep here is found again by the `-`, `[` or `{` that goes deeper.
            let _ = self.enter(indent);
        }
        true
    }

    /// Opens a block node at `column`, closing those at or right of it.
    fn enter(&mut self, column: usize) -> Option<usize> {
        while self.blocks.last().is_some_and(|&c| c >= column) {
            self.blocks.pop();
        }
        self.blocks.push(column);
        self.over()
    }

    /// The limit the open collections are past, if any.
    fn over(&self) -> Option<usize> {
        if self.flow > MAX_FLOW_DEPTH {
            Some(MAX_FLOW_DEPTH)
        } else {
            (self.flow + self.blocks.len() > MAX_DEPTH).then_some(MAX_DEPTH)
        }
    }

    /// 1-based line and column (in characters) of byte `i` of the current line.
    fn at(&self, i: usize) -> (usize, usize) {
        (self.line, self.text[self.line_start..i].chars().count() + 1)
    }

    fn skip_quoted(&mut self) {
        let end = quoted_end(self.b, self.i);
        let inside = &self.b[self.i..end];
        self.line += inside.iter().filter(|&&c| c == b'\n').count();
        if let Some(nl) = inside.iter().rposition(|&c| c == b'\n') {
            self.line_start = self.i + nl + 1;
        }
        (self.i, self.start) = (end, false);
    }
}

/// The offset of the `\n` ending the line that holds `i` (or the end of `b`).
fn next_line(b: &[u8], i: usize) -> usize {
    memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n)
}

/// The offset just after the quoted scalar opened by the quote at `i` (or the end of
/// `b`): `''` is a quote inside single quotes, `\"` inside double quotes.
fn quoted_end(b: &[u8], i: usize) -> usize {
    let quote = b[i];
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            b'\\' if quote == b'"' => j += 1,
            q if q == quote => {
                if quote == b'\'' && b.get(j + 1) == Some(&b'\'') {
                    j += 1;
                } else {
                    return j + 1;
                }
            }
            _ => {}
        }
        j += 1;
    }
    b.len()
}

/// One step of a path into a YAML document: a mapping key or a sequence index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// Where a node is written: 1-based line and column, and its width in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub col: usize,
    pub width: usize,
}

#[derive(Debug)]
enum Node {
    Scalar(Position),
    Seq(Position, Vec<Node>),
    Map(Position, Vec<(String, Position, Node)>),
}

impl Node {
    fn position(&self) -> Position {
        match self {
            // A mapping's own mark can sit after its first key; the key is where it starts.
            Node::Map(p, entries) => entries.first().map_or(*p, |(_, key, _)| *key),
            Node::Scalar(p) | Node::Seq(p, _) => *p,
        }
    }
}

/// A parsed document that can answer "where is `claims[2].status` written?".
pub struct Locator {
    root: Option<Node>,
}

impl Locator {
    pub fn new(text: &str) -> Self {
        if too_deep(text).is_some() {
            return Locator { root: None };
        }
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(text);
        if parser.load(&mut builder, false).is_err() {
            return Locator { root: None };
        }
        Locator {
            root: builder.done.into_iter().next(),
        }
    }

    fn node(&self, path: &[Seg]) -> Option<&Node> {
        let mut node = self.root.as_ref()?;
        for seg in path {
            node = match (node, seg) {
                (Node::Map(_, entries), Seg::Key(k)) => {
                    &entries.iter().find(|(key, _, _)| key == k)?.2
                }
                (Node::Seq(_, items), Seg::Index(i)) => items.get(*i)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The value at `path`, or the deepest ancestor that exists.
    pub fn value(&self, path: &[Seg]) -> Option<Position> {
        (0..=path.len())
            .rev()
            .find_map(|n| self.node(&path[..n]))
            .map(Node::position)
    }

    /// The key `key` of the mapping at `path` (for "unknown key" and "missing key").
    pub fn key(&self, path: &[Seg], key: &str) -> Option<Position> {
        match self.node(path)? {
            Node::Map(_, entries) => entries
                .iter()
                .find(|(k, _, _)| k == key)
                .map(|(_, pos, _)| *pos),
            _ => None,
        }
    }
}

/// The first scalar (key or value) of `text` for which `f` says something, with where
/// it is written: a second parse, for the rare check that needs values and positions.
/// `None` when no scalar matches or `text` is not YAML.
pub fn find_scalar<T>(text: &str, f: impl FnMut(&str) -> Option<T>) -> Option<(Position, T)> {
    struct Finder<F, T> {
        f: F,
        found: Option<(Position, T)>,
    }
    impl<T, F: FnMut(&str) -> Option<T>> MarkedEventReceiver for Finder<F, T> {
        fn on_event(&mut self, ev: Event, mark: Marker) {
            if let (None, Event::Scalar(value, ..)) = (&self.found, ev) {
                let width = value.lines().next().map_or(1, |l| l.chars().count().max(1));
                self.found = (self.f)(&value).map(|t| (position(mark, width), t));
            }
        }
    }
    let mut finder = Finder { f, found: None };
    Parser::new_from_str(text).load(&mut finder, true).ok()?;
    finder.found
}

#[derive(Default)]
struct Builder {
    stack: Vec<Partial>,
    done: Vec<Node>,
}

enum Partial {
    Seq(Position, Vec<Node>),
    Map(
        Position,
        Vec<(String, Position, Node)>,
        Option<(String, Position)>,
    ),
}

fn position(mark: Marker, width: usize) -> Position {
    Position {
        line: mark.line(),
        col: mark.col() + 1,
        width,
    }
}

impl Builder {
    fn push(&mut self, node: Node, key_text: Option<String>) {
        match self.stack.last_mut() {
            None => self.done.push(node),
            Some(Partial::Seq(_, items)) => items.push(node),
            Some(Partial::Map(_, entries, pending)) => match pending.take() {
                Some((key, pos)) => entries.push((key, pos, node)),
                None => *pending = Some((key_text.unwrap_or_default(), node.position())),
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(value, style, _, _) => {
                let quotes = match style {
                    TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => 2,
                    _ => 0,
                };
                let width = value.lines().next().map_or(0, |l| l.chars().count()) + quotes;
                self.push(Node::Scalar(position(mark, width.max(1))), Some(value));
            }
            Event::Alias(_) => self.push(Node::Scalar(position(mark, 1)), None),
            Event::SequenceStart(..) => {
                self.stack.push(Partial::Seq(position(mark, 1), Vec::new()))
            }
            Event::MappingStart(..) => {
                self.stack
                    .push(Partial::Map(position(mark, 1), Vec::new(), None))
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match self.stack.pop() {
                    Some(Partial::Seq(p, items)) => Node::Seq(p, items),
                    Some(Partial::Map(p, entries, _)) => Node::Map(p, entries),
                    None => return,
                };
                self.push(node, None);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
        from_str_unknown(text).map(|(value, _)| value)
    }

    const DOC: &str = "title: \"A\"\nclaims:\n  - id: one\n    status: disputd\n    asserted_by: [lavrov, ghost]\n";

    #[test]
    fn finds_nested_values_in_block_and_flow_style() {
        let loc = Locator::new(DOC);
        let p = loc
            .value(&[Seg::Key("claims"), Seg::Index(0), Seg::Key("status")])
            .unwrap();
        assert_eq!((p.line, p.col, p.width), (4, 13, 7));
        let p = loc
            .value(&[
                Seg::Key("claims"),
                Seg::Index(0),
                Seg::Key("asserted_by"),
                Seg::Index(1),
            ])
            .unwrap();
        assert_eq!((p.line, p.col, p.width), (5, 27, 5));
        let p = loc.value(&[Seg::Key("title")]).unwrap();
        assert_eq!((p.line, p.col, p.width), (1, 8, 3));
    }

    #[test]
    fn finds_keys_and_falls_back_to_the_nearest_ancestor() {
        let loc = Locator::new(DOC);
        let p = loc
            .key(&[Seg::Key("claims"), Seg::Index(0)], "status")
            .unwrap();
        assert_eq!((p.line, p.col), (4, 5));
        let p = loc
            .value(&[Seg::Key("claims"), Seg::Index(0), Seg::Key("note")])
            .unwrap();
        assert_eq!((p.line, p.col), (3, 5));
    }

    #[test]
    fn serde_errors_carry_line_and_column() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct T {
            a: u32,
        }
        let e = from_str::<T>("a: 1\nb: 2\n").unwrap_err();
        assert_eq!(e.line_col, Some((2, 1)));
        assert!(e.message.contains("unknown field `b`"), "{}", e.message);
        assert!(!e.message.contains(" at line "));
    }

    #[test]
    fn finds_the_first_scalar_whose_value_matches() {
        let text = "a: plain\nb:\n  - \"esc\\x0bape\"\n";
        let (p, c) = find_scalar(text, |v| v.chars().find(|c| *c == '\u{b}')).unwrap();
        assert_eq!((p.line, p.col, c), (3, 5, '\u{b}'));
        assert!(find_scalar(text, |v| v.contains('?').then_some(())).is_none());
    }

    #[test]
    fn flow_nesting_deeper_than_the_limit_is_refused_where_it_goes_too_deep() {
        let deep = |n: usize| format!("a: 1\nx: {}{}\n", "{a: [".repeat(n / 2), "]}".repeat(n / 2));
        assert_eq!(too_deep(&deep(MAX_FLOW_DEPTH)), None);
        assert!(from_str::<serde_json::Value>(&deep(MAX_FLOW_DEPTH)).is_ok());
        let text = deep(MAX_FLOW_DEPTH + 2);
        let (at, _) = text.match_indices(['[', '{']).nth(MAX_FLOW_DEPTH).unwrap();
        let col = at - "a: 1\n".len() + 1;
        let e = from_str::<serde_json::Value>(&text).unwrap_err();
        assert!(e.too_deep);
        assert_eq!(e.line_col, Some((2, col)));
    }

    #[test]
    fn brackets_in_text_comments_and_quotes_do_not_count_as_nesting() {
        let many = "[".repeat(MAX_FLOW_DEPTH + 1);
        for text in [
            format!("title: a {many}\n"),
            format!("title: a{many}\n"),
            format!("# {many}\nx: 1 # {many}\n"),
            format!("t: '{many}'\nu: \"{many}\"\nv: 'it''s {many}'\nw: \"\\\" {many}\"\n"),
            format!("t: |\n  {many}\n\n  {many}\nu: >-\n  {many}\n"),
            format!("list:\n  - |\n    {many}\n  - x\n"),
            format!("t: [\"{many}\", '{many}', a]\n"),
        ] {
            assert_eq!(too_deep(&text), None, "{text}");
        }
        for text in [
            format!("t: &anchor {many}\n"),
            format!("t: !tag {many}\n"),
            format!("- {many}\n"),
            format!("t: '' \nu: {many}\n"),
            format!("t: |\n  x\nu: {many}\n"),
            format!("{{\"a\":{many}\n"),
        ] {
            assert!(too_deep(&text).is_some(), "{text}");
        }
    }

    #[test]
    fn block_nesting_past_serde_yaml_limit_is_too_deep_before_parsing() {
        let text = |n: usize| format!("x:\n  {}a\n", "- ".repeat(n));
        assert_eq!(too_deep(&text(MAX_DEPTH - 2)), None);
        assert!(from_str::<serde_json::Value>(&text(MAX_DEPTH - 2)).is_ok());
        let e = from_str::<serde_json::Value>(&text(1_000_000)).unwrap_err();
        assert!(e.too_deep, "{}", e.message);
        assert_eq!(
            e.message,
            "lists and mappings nest more than 128 levels deep"
        );
        assert_eq!(e.line_col, Some((2, 3 + 2 * (MAX_DEPTH - 2))));
        // Indentation closes block collections: many lines at few levels are fine.
        let wide = "a:\n  b:\n    - c\n".repeat(1000);
        assert_eq!(too_deep(&format!("list:\n{wide}")), None);
    }

    #[test]
    fn broken_yaml_gives_no_locator_but_no_panic() {
        let loc = Locator::new("a: [1, 2\n");
        assert!(loc.value(&[Seg::Key("a")]).is_none());
    }
}
