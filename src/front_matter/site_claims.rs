//! `content/claims.yaml`: claims several articles discuss, defined once (with one
//! history and one page) and named in an article's `claims` by id.

use std::collections::{BTreeMap, HashSet};

use crate::article::{Claim, Source};
use crate::config::Config;
use crate::diagnostic::{unknown_id_help, Diagnostic, SourceFile};
use crate::yaml::Seg;

use super::article::{claim, numbered};
use super::check::{Checker, Doc};
use super::claimant::Claimants;
use super::raw::RawSiteClaims;

/// Where site-wide claims are defined, as writers see it.
pub const SITE_CLAIMS: &str = "content/claims.yaml";

/// The claims of `content/claims.yaml`, by id; their sources are numbered in the
/// order of `content/sources.yaml`.
#[derive(Default)]
pub struct SiteClaims {
    by_id: BTreeMap<String, Claim>,
}

impl SiteClaims {
    pub fn get(&self, id: &str) -> Option<&Claim> {
        self.by_id.get(id)
    }

    /// What to say of an id that names none.
    pub(super) fn help(&self, id: &str) -> String {
        let known: Vec<&str> = self.by_id.keys().map(String::as_str).collect();
        if known.is_empty() {
            return format!("define it in {SITE_CLAIMS} (`claims: [{{ id: {id}, text: …, status: … }}]`), or write the claim here as a mapping with `id:`, `text:` and `status:`");
        }
        unknown_id_help(id, &known, "site-wide claims")
    }
}

/// Reads and checks `content/claims.yaml` (a `claims:` list like an article's, naming
/// the sources of `content/sources.yaml`). With its errors, the claims that could be
/// read, so articles naming them are not told they do not exist.
pub fn parse_site_claims(
    file: &SourceFile,
    config: &Config,
    sources: &[Source],
    claimants: &Claimants,
) -> (SiteClaims, Vec<Diagnostic>) {
    let mut c = Checker::new(Doc::SiteClaims, file, &file.text, 1);
    let raw: RawSiteClaims = match c.read() {
        Ok(raw) => raw,
        Err(errors) => return (SiteClaims::default(), errors),
    };
    let ids: Vec<&str> = sources.iter().map(|s| s.id.as_str()).collect();
    let known = numbered(&ids);
    let mut seen = HashSet::new();
    let mut claims = SiteClaims::default();
    for (i, raw) in raw.claims.unwrap_or_default().into_iter().enumerate() {
        let checked = claim(&mut c, raw, i, (&known, &ids), claimants, config, &mut seen);
        let Some(mut checked) = checked else { continue };
        if reserved(&mut c, &checked.id, i, config) {
            continue;
        }
        checked.site_wide = true;
        claims.by_id.insert(checked.id.clone(), checked);
    }
    (claims, c.into_errors())
}

/// Whether a site-wide claim's id is a page of the ledger's own (`/claims/<id>/` is
/// its page): a status's slug, or `page`. An error if so.
fn reserved(c: &mut Checker, id: &str, i: usize, config: &Config) -> bool {
    let slugs = config.vocabulary.iter().enumerate();
    let mut taken = slugs.map(|(n, s)| crate::status::page_slug(n, &s.key));
    if id != "page" && !taken.any(|slug| slug == id) {
        return false;
    }
    let span = c.value_span(&[Seg::Key("claims"), Seg::Index(i), Seg::Key("id")]);
    c.error(
        "reserved-id",
        format!("the claim id `{id}` would give the claim the page /claims/{id}/, which the ledger has"),
        span,
        Some("choose another id: a site-wide claim's page is /claims/<id>/, beside the status pages and /claims/page/N/".into()),
    );
    true
}
