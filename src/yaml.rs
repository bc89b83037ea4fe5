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
}

pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    serde_yaml::from_str(text).map_err(|e| {
        let line_col = e.location().map(|l| (l.line(), l.column()));
        let mut message = e.to_string();
        // serde_yaml appends " at line X column Y"; the caller prints the position itself.
        if let Some(i) = message.find(" at line ") {
            message.truncate(i);
        }
        Error { message, line_col }
    })
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
    fn broken_yaml_gives_no_locator_but_no_panic() {
        let loc = Locator::new("a: [1, 2\n");
        assert!(loc.value(&[Seg::Key("a")]).is_none());
    }
}
