//! Who made a claim and where: `content/claimants.yaml` (claimants defined once and
//! named by id), a claim's `claimant` (an id, or one written inline), and its
//! `appearances`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use crate::article::{Appearance, Claimant, ClaimantKind, SourceNo};
use crate::config::Config;
use crate::diagnostic::{unknown_id_help, Diagnostic, SourceFile};
use crate::names::slugify;
use crate::yaml::Seg;

use super::check::{Checker, Doc};
use super::raw::{RawAppearance, RawClaimant, RawClaimantRef, RawClaimants, Text};

/// Where claimants are defined, as writers see it.
pub const CLAIMANTS_FILE: &str = "content/claimants.yaml";

/// The claimants of `content/claimants.yaml`, by id.
#[derive(Default)]
pub struct Claimants {
    by_id: BTreeMap<String, Arc<Claimant>>,
}

impl Claimants {
    pub fn get(&self, id: &str) -> Option<&Arc<Claimant>> {
        self.by_id.get(id)
    }
}

/// Reads and checks `content/claimants.yaml` (a `claimants:` list).
pub fn parse_claimants(file: &SourceFile, config: &Config) -> Result<Claimants, Vec<Diagnostic>> {
    let mut c = Checker::new(Doc::Claimants, file, &file.text, 1);
    let raw: RawClaimants = c.read()?;
    let mut ids = HashSet::new();
    let mut claimants = Claimants::default();
    for (i, raw) in raw.claimants.unwrap_or_default().into_iter().enumerate() {
        let here = [Seg::Key("claimants"), Seg::Index(i)];
        let id = c.id(raw.id.clone(), &here, "claimant", &mut ids);
        let claimant = fields(&mut c, raw, &here, config, id.as_deref());
        if let (Some(id), Some(claimant)) = (id, claimant) {
            claimants.by_id.insert(id, Arc::new(claimant));
        }
    }
    if c.errors.is_empty() {
        Ok(claimants)
    } else {
        Err(c.into_errors())
    }
}

/// A claimant's fields at `here`; its page is `id`, else its name as a slug.
fn fields(
    c: &mut Checker,
    raw: RawClaimant,
    here: &[Seg],
    config: &Config,
    id: Option<&str>,
) -> Option<Claimant> {
    let at = |key| [here, &[Seg::Key(key)]].concat();
    let name = c.required(raw.name, here, "name", "this claimant", "\"Sergey Lavrov\"");
    let kind = match raw.kind.as_ref().map(|t| t.0.trim()) {
        None | Some("person") => Some(ClaimantKind::Person),
        Some("organization" | "organisation") => Some(ClaimantKind::Organization),
        Some(other) => {
            let span = c.value_span(&at("kind"));
            c.error(
                "invalid-claimant",
                format!("a claimant's `kind` is `person` or `organization`, not `{other}`"),
                span,
                Some("write `kind: person` for someone, `kind: organization` for a government, party, company or other body".into()),
            );
            None
        }
    };
    let url = c.url(raw.url, &at("url"), config, "claimants");
    let mut same_as = Vec::new();
    for (j, link) in raw.same_as.0.into_iter().enumerate() {
        let path = [here, &[Seg::Key("same_as"), Seg::Index(j)]].concat();
        same_as.extend(c.url(Some(Text(link)), &path, config, "claimants"));
    }
    let name = name?;
    let slug = match id {
        Some(id) => id.to_string(),
        None => slugify(&name),
    };
    if slug.is_empty() {
        let span = c.value_span(&at("name"));
        c.error(
            "invalid-claimant",
            format!("the claimant `{name}` has no letters or digits to name its page with"),
            span,
            Some("define it in content/claimants.yaml with an `id` and name it by that id".into()),
        );
        return None;
    }
    Some(Claimant {
        slug,
        name,
        kind: kind?,
        description: raw.description.map(|t| t.0),
        url,
        same_as,
    })
}

/// A claim's `claimant` at `here` (`claims[i]`): an id of `content/claimants.yaml`, or
/// a claimant written inline.
pub(super) fn claim_claimant(
    c: &mut Checker,
    raw: Option<RawClaimantRef>,
    here: &[Seg],
    claimants: &Claimants,
    config: &Config,
) -> Option<Arc<Claimant>> {
    let path = [here, &[Seg::Key("claimant")]].concat();
    match raw? {
        RawClaimantRef::Id(id) => {
            let id = id.trim();
            if let Some(found) = claimants.get(id) {
                return Some(found.clone());
            }
            let span = c.value_span(&path);
            let known: Vec<&str> = claimants.by_id.keys().map(String::as_str).collect();
            let help = if known.is_empty() {
                format!("define it in {CLAIMANTS_FILE} (`claimants: [{{ id: {id}, name: … }}]`), or write it inline: `claimant: {{ name: \"…\", kind: person }}`")
            } else {
                unknown_id_help(id, &known, "claimants")
            };
            c.error(
                "unknown-claimant",
                format!("`claimant` names `{id}`, which is not a claimant of {CLAIMANTS_FILE}"),
                span,
                Some(help),
            );
            None
        }
        RawClaimantRef::Inline(raw) => {
            if raw.id.is_some() {
                let span = c.value_span(&[&path[..], &[Seg::Key("id")]].concat());
                c.error(
                    "invalid-claimant",
                    "a claimant written on a claim has no `id`".into(),
                    span,
                    Some(format!("define it in {CLAIMANTS_FILE} to give it an id, and write `claimant: <id>` here")),
                );
            }
            fields(c, raw, &path, config, None).map(Arc::new)
        }
    }
}

/// A claim's `appearances` at `here`: each a URL, with a date, an archived copy and the
/// article's source it is, all optional.
pub(super) fn appearances(
    c: &mut Checker,
    raw: Vec<RawAppearance>,
    here: &[Seg],
    known: &HashMap<&str, SourceNo>,
    sources: &[&str],
    config: &Config,
) -> Vec<Appearance> {
    let mut out = Vec::with_capacity(raw.len());
    for (j, a) in raw.into_iter().enumerate() {
        let entry = [here, &[Seg::Key("appearances"), Seg::Index(j)]].concat();
        let at = |key| [&entry[..], &[Seg::Key(key)]].concat();
        let url = c.required(a.url, &entry, "url", "this appearance", "https://…");
        let url = url.and_then(|u| c.url(Some(Text(u)), &at("url"), config, "appearances"));
        let date = c.date(a.date, &at("date"));
        let archive_url = c.url(a.archive_url, &at("archive_url"), config, "appearances");
        let source = a.source.and_then(|Text(sid)| {
            let sid = sid.trim().trim_start_matches('@');
            if let Some(&n) = known.get(sid) {
                return Some(n);
            }
            let span = c.value_span(&at("source"));
            let help = (!c.full()).then(|| unknown_id_help(sid, sources, "sources"));
            c.error(
                "unknown-source",
                format!(
                    "this appearance names `{sid}`, which is not {}",
                    c.doc.sources()
                ),
                span,
                help,
            );
            None
        });
        if let Some(url) = url {
            out.push(Appearance {
                url,
                date,
                archive_url,
                source,
            });
        }
    }
    out
}
