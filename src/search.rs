//! The site's search index: every article (its body's text, not the page's chrome) and
//! every claim as a record of Pagefind's, indexed in-process by the `pagefind` crate
//! and written under `pagefind/` with Pagefind's own search script and UI, which only
//! the search page loads. Records carry the filters a reader narrows results by and
//! the metadata results show; both are made here, so a new filter is one line in
//! `article_filters` or `claim_filters`.

use std::collections::BTreeMap;

use crate::article::{claim_anchor, Article, Claim};
use crate::config::Config;
use crate::diagnostic::Diagnostic;

/// The folder of the index and Pagefind's scripts, in the output.
pub const FOLDER: &str = "pagefind/";

/// What the "kind" filter calls an article's record and a claim's.
const ARTICLE_KIND: &str = "Article";
const CLAIM_KIND: &str = "Claim";

/// Filter name → values.
type Filters = BTreeMap<String, Vec<String>>;

/// One search result as Pagefind takes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Root-relative without the base path, which the search page gives Pagefind
    /// (`baseUrl`) to put before it.
    pub url: String,
    /// The words searched (and shown in excerpts), as plain text.
    pub content: String,
    pub language: String,
    pub meta: BTreeMap<String, String>,
    pub filters: Filters,
    pub sort: BTreeMap<String, String>,
}

/// The index's files: path inside `FOLDER` and bytes, sorted by path.
#[derive(Debug, Default)]
pub struct Files(pub Vec<(String, Vec<u8>)>);

/// A filter's name or value in the site's language (the search page names the same).
fn word(config: &Config, key: &str) -> String {
    config.words.text(key).to_string()
}

/// The filters an article's records share (a claim's too): tag, author, language.
/// Filter names are shown to readers as they are.
fn article_filters(a: &Article, config: &Config) -> Filters {
    let mut filters = Filters::new();
    filters.insert(word(config, "search_filter_tag"), a.tags.clone());
    filters.insert(word(config, "search_filter_author"), a.authors.clone());
    filters.insert(
        word(config, "search_filter_language"),
        vec![config.lang.tag().to_string()],
    );
    filters.retain(|_, values| !values.is_empty());
    filters
}

/// A claim's own filters, added to its article's.
fn claim_filters(claim: &Claim, config: &Config, filters: &mut Filters) {
    let status = config.vocabulary.status(claim.status);
    filters.insert(
        word(config, "search_filter_status"),
        vec![status.label.clone()],
    );
}

/// An article's record, from its rendered body.
pub fn article_record(a: &Article, body_text: String, config: &Config) -> Record {
    let mut filters = article_filters(a, config);
    filters.insert(
        word(config, "search_filter_kind"),
        vec![word(config, "search_kind_article")],
    );
    let mut meta = BTreeMap::from([
        ("title".to_string(), a.title.clone()),
        ("date".to_string(), a.date.display(&config.lang)),
        ("kind".to_string(), ARTICLE_KIND.to_string()),
    ]);
    // The title weighs as a page's <h1> does in Pagefind's own indexing, so an
    // article outranks its claims for the words of its title.
    let mut content = format!(
        "___PAGEFIND_WEIGHT___7 {} ___END_PAGEFIND_WEIGHT___\n",
        a.title
    );
    if let Some(summary) = &a.summary {
        meta.insert("summary".into(), summary.clone());
        content.push_str(summary);
        content.push('\n');
    }
    content.push_str(&body_text);
    Record {
        url: site_url(config, &a.path),
        content,
        language: config.lang.tag().to_string(),
        meta,
        filters,
        sort: BTreeMap::from([("date".to_string(), a.date.rfc3339())]),
    }
}

/// A record for each of an article's claims, linking to the claim on its page.
pub fn claim_records<'a>(a: &'a Article, config: &'a Config) -> impl Iterator<Item = Record> + 'a {
    let shared = article_filters(a, config);
    a.claims.iter().map(move |claim| {
        let mut filters = shared.clone();
        filters.insert(
            word(config, "search_filter_kind"),
            vec![word(config, "search_kind_claim")],
        );
        claim_filters(claim, config, &mut filters);
        let status = &config.vocabulary.status(claim.status).label;
        let date = claim.as_of.as_ref().unwrap_or(a.modified());
        let meta = BTreeMap::from([
            ("title".to_string(), claim.text.clone()),
            ("date".to_string(), date.display(&config.lang)),
            ("kind".to_string(), CLAIM_KIND.to_string()),
            ("status".to_string(), status.clone()),
            ("article".to_string(), a.title.clone()),
        ]);
        let note = claim.note.as_deref().unwrap_or_default();
        Record {
            url: format!("{}#{}", site_url(config, &a.path), claim_anchor(&claim.id)),
            content: format!("{}\n{status}\n{note}", claim.text),
            language: config.lang.tag().to_string(),
            meta,
            filters,
            sort: BTreeMap::from([("date".to_string(), date.rfc3339())]),
        }
    })
}

/// An article's URL as if the site were at the root: `/explainers/aleppo/`.
fn site_url(config: &Config, path: &str) -> String {
    let url = config.url(path);
    let rest = url.strip_prefix(config.base_path.as_str()).unwrap_or(&url);
    format!("/{rest}")
}

/// Pagefind's files that the search page does not load (other UIs, the playground).
fn unused(name: &str) -> bool {
    name.starts_with("pagefind-modular-ui")
        || name.starts_with("pagefind-component-ui")
        || name.starts_with("pagefind-highlight")
        || name.starts_with("playground/")
}

/// Indexes the records, in the order given (which decides the index's bytes).
///
/// Pagefind's runtime runs on a thread of its own: a rayon thread waiting inside it
/// may take up other work, another index's among it, and a thread cannot drive two
/// runtimes. Pagefind hands its parallel work to rayon's pool, so a rayon thread
/// that waits for the index does the pool's work meanwhile: were every rayon thread
/// waiting, none would be left to do it.
pub fn index(records: impl IntoIterator<Item = Record>) -> Result<Files, Diagnostic> {
    let records: Vec<Record> = records.into_iter().collect();
    let made = std::thread::scope(|s| {
        let indexing = s.spawn(|| index_here(records));
        while !indexing.is_finished() {
            if rayon::yield_now() != Some(rayon::Yield::Executed) {
                std::thread::park_timeout(std::time::Duration::from_millis(1));
            }
        }
        indexing.join()
    });
    made.unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

fn index_here(records: Vec<Record>) -> Result<Files, Diagnostic> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(failed)?;
    let files = runtime
        .block_on(async {
            let config = pagefind::options::PagefindServiceConfig::builder().build();
            let mut index = pagefind::api::PagefindIndex::new(Some(config))?;
            for r in records {
                let (meta, filters, sort) = (Some(r.meta), Some(r.filters), Some(r.sort));
                index
                    .add_custom_record(r.url, r.content, r.language, meta, filters, sort)
                    .await?;
            }
            index.get_files().await
        })
        .map_err(failed)?;
    let mut files: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents))
        .filter(|(name, _)| !unused(name))
        .collect();
    files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(Files(files))
}

fn failed(e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error("search", format!("cannot make the search index: {e:#}")).help(
        "this is a bug in byline or Pagefind; `search = false` in site.toml builds the site without search",
    )
}

/// The text of a rendered body, as a reader reads it: tags dropped (their names
/// separate words where they break lines), citation and note markers left out,
/// character references decoded.
pub fn body_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len() / 2);
    let mut rest = html;
    // The element whose content is left out, until its end tag.
    let mut skipping: Option<&str> = None;
    while let Some(lt) = rest.find('<') {
        if skipping.is_none() {
            decode_into(&rest[..lt], &mut text);
        }
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        rest = &rest[lt + gt + 1..];
        let closing = tag.starts_with('/');
        let name_end = tag
            .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
            .filter(|&i| i > 0)
            .unwrap_or(tag.len());
        let name =
            tag[usize::from(closing)..name_end.max(usize::from(closing))].trim_end_matches('/');
        match skipping {
            Some(skipped) if closing && name.eq_ignore_ascii_case(skipped) => skipping = None,
            Some(_) => {}
            None if !closing && SKIPPED.iter().any(|s| name.eq_ignore_ascii_case(s)) => {
                skipping = SKIPPED
                    .iter()
                    .copied()
                    .find(|s| name.eq_ignore_ascii_case(s));
            }
            None if !text.ends_with([' ', '\n']) && !INLINE.contains(&name) => text.push(' '),
            None => {}
        }
    }
    if skipping.is_none() {
        decode_into(rest, &mut text);
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Elements whose content is not the article's text: citation and note markers,
/// formulas' TeX source, scripts and styles.
const SKIPPED: [&str; 5] = ["sup", "annotation", "script", "style", "svg"];

/// Elements inside a word's run of text (no space added where they start or end).
const INLINE: [&str; 14] = [
    "a", "em", "strong", "code", "span", "b", "i", "mark", "abbr", "cite", "q", "s", "del", "ins",
];

/// Appends text with its character references decoded (those byline's and the
/// sanitizer's HTML writes; any other stays as written).
fn decode_into(raw: &str, out: &mut String) {
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|&i| i <= 10);
        let decoded = end.and_then(|i| reference(&rest[1..i]));
        match (end, decoded) {
            (Some(i), Some(c)) => {
                out.push(c);
                rest = &rest[i + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

fn reference(name: &str) -> Option<char> {
    let number = |digits: &str, radix| {
        u32::from_str_radix(digits, radix)
            .ok()
            .and_then(char::from_u32)
    };
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => match name.strip_prefix('#') {
            Some(hex) if hex.starts_with(['x', 'X']) => number(&hex[1..], 16),
            Some(dec) => number(dec, 10),
            None => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_text_keeps_words_and_drops_markers_and_tags() {
        let html = "<h2 id=\"a\">Heading</h2>\n<p>Aleppo&#39;s <em>siege</em> &amp; \
                    aid<sup class=\"cite\"><a href=\"#source-x\">[1]</a></sup>.</p>\
                    <ul><li>one</li><li>two</li></ul>";
        assert_eq!(body_text(html), "Heading Aleppo's siege & aid. one two");
    }

    #[test]
    fn body_text_leaves_unknown_references_and_stray_ampersands() {
        assert_eq!(body_text("<p>R&D &copy; 5 &lt; 6</p>"), "R&D &copy; 5 < 6");
    }

    fn record(n: u32) -> Record {
        Record {
            url: format!("/a{n}/"),
            content: format!("word{n} shared text"),
            language: "en".into(),
            meta: BTreeMap::from([("title".into(), format!("Title {n}"))]),
            filters: BTreeMap::from([("kind".into(), vec!["Article".into()])]),
            sort: BTreeMap::from([("date".into(), format!("2020-01-0{n}"))]),
        }
    }

    #[test]
    fn the_index_is_the_same_for_the_same_records() {
        let once = index((1..5).map(record)).unwrap();
        let again = index((1..5).map(record)).unwrap();
        assert!(once.0.iter().any(|(name, _)| name == "pagefind-ui.js"));
        assert!(!once.0.iter().any(|(name, _)| name.contains("modular")));
        assert_eq!(once.0, again.0);
    }

    // In `serve`'s tests, side by side, a rayon thread waiting inside one index's
    // runtime took up another index's work and started a second runtime on itself,
    // which panics. An index is now made on a thread of its own, wherever it is asked for.
    #[test]
    fn an_index_can_be_made_by_a_thread_already_driving_a_runtime() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let inside = runtime.block_on(async { index((1..5).map(record)).unwrap() });
        assert_eq!(inside.0, index((1..5).map(record)).unwrap().0);
    }

    // On CI's two cores, two builds side by side each waited on one of rayon's two
    // threads for its index, whose own parallel work needed a rayon thread: none was
    // left, and the tests hung. A rayon thread waiting for an index now does the
    // pool's work meanwhile.
    #[test]
    fn indexes_asked_for_by_every_rayon_thread_at_once_are_all_made() {
        let (done, made) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let threads = rayon::current_num_threads();
            let barrier = std::sync::Barrier::new(threads);
            let all: Vec<Files> = rayon::broadcast(|_| {
                barrier.wait();
                index((1..5).map(record)).unwrap()
            });
            done.send(all).unwrap();
        });
        // Generous: the test guards a hang, not a speed.
        let all = made
            .recv_timeout(std::time::Duration::from_secs(300))
            .expect("every rayon thread waited for an index and none was made");
        assert!(all.windows(2).all(|w| w[0].0 == w[1].0));
    }
}
