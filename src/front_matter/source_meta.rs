//! A source's `type`, `doi`, `isbn`, `language` and `quote`, checked where written
//! (the rules are `source_fields`').

use crate::diagnostic::did_you_mean;
use crate::source_fields::{self, kind_names, KindId, Meta};
use crate::yaml::Seg;

use super::check::Checker;
use super::raw::{RawSource, Text};

impl Checker<'_> {
    /// The checked fields of the source at `here`; a wrong value is an error at it.
    pub(super) fn source_meta(&mut self, s: &mut RawSource, here: &[Seg; 2]) -> Meta {
        let kind = s.kind.take().and_then(|t| self.kind(t, here));
        Meta {
            kind,
            doi: self.checked(s.doi.take(), here, "doi", source_fields::doi, "write a DOI as `10.1000/xyz` (or `https://doi.org/10.1000/xyz`)"),
            isbn: self.checked(s.isbn.take(), here, "isbn", source_fields::isbn, "copy the ISBN from the book's copyright page, hyphens allowed: `978-0-306-40615-7`"),
            language: self.checked(s.language.take(), here, "language", source_fields::language, "write a BCP 47 tag, as for HTML's `lang`: `ar`, `en-GB`, `zh-Hant`"),
            quote: s.quote.take().map(|t| t.0).filter(|q| !q.trim().is_empty()),
        }
    }

    fn kind(&mut self, t: Text, here: &[Seg; 2]) -> Option<KindId> {
        if let Some(k) = KindId::parse(t.0.trim()) {
            return Some(k);
        }
        let span = self.value_span(&[here[0], here[1], Seg::Key("type")]);
        let help = match did_you_mean(t.0.trim(), kind_names()) {
            Some(name) => format!("did you mean `{name}`?"),
            None => format!(
                "a source's type is one of {}",
                kind_names()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        self.error(
            "unknown-source-type",
            format!("`{}` is not a type of source", t.0.trim()),
            span,
            Some(help),
        );
        None
    }

    fn checked(
        &mut self,
        value: Option<Text>,
        here: &[Seg; 2],
        key: &'static str,
        check: fn(&str) -> Result<String, String>,
        help: &str,
    ) -> Option<String> {
        let Text(t) = value?;
        match check(&t) {
            Ok(v) => Some(v),
            Err(why) => {
                let span = self.value_span(&[here[0], here[1], Seg::Key(key)]);
                self.error("invalid-source-field", why, span, Some(help.to_string()));
                None
            }
        }
    }
}
