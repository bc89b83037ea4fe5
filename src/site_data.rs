//! Renders what the registry (`generated::KINDS`) lists, articles aside: list pages
//! and the 404 page from templates, the entries of the claims ledger and the sources
//! index (each rendered once and placed on both of its lists, a window of pages at a
//! time), and the files byline makes itself (feeds, sitemap, robots.txt,
//! `claims.json`). What exists and where is the registry's; writing is the pipeline
//! renderer's, through `Sink`.

use rayon::prelude::*;

use crate::context::{self, ClaimEntry, SourceEntry, Vars};
use crate::diagnostic::Diagnostic;
use crate::generated::{Input, Instance, Kind, ListKind, Listing, Make, Page, KINDS};
use crate::ledger::{LedgerClaim, LedgerSource};
use crate::paginate;

/// Where pages and files go: the pipeline's renderer.
pub trait Sink: Sync {
    /// Renders `template` with `vars` (and what every template has) into a buffer of
    /// `capacity` bytes to start with.
    fn render(&self, template: &str, vars: &Vars, capacity: usize) -> Result<Vec<u8>, Diagnostic>;
    /// Writes `bytes` to `file`, unless a static file replaces it; `what` it is, for
    /// messages (see `generated::Kind::what`).
    fn file(&self, what: &str, file: &str, bytes: &[u8]) -> Result<(), Diagnostic>;
    /// Writes a file too large to hold in memory as `write` produces it.
    fn stream(
        &self,
        what: &str,
        file: &str,
        write: &(dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()> + Sync),
    ) -> Result<(), Diagnostic>;
}

/// Renders every kind but articles, or with `with_pages` false only the files (what can
/// change when only an article's body did). Kinds are rendered in parallel, and the
/// pages of each, so `sink` must be usable from several threads; of several errors,
/// the first kind's (in `KINDS` order) is returned; returns how many pages were made.
pub fn render(input: &Input, with_pages: bool, sink: &dyn Sink) -> Result<usize, Diagnostic> {
    if let Some(collision) = crate::generated::collision(input) {
        return Err(collision);
    }
    let results: Vec<Result<usize, Diagnostic>> = KINDS
        .par_iter()
        .filter(|kind| with_pages || kind.make.is_file())
        .filter(|kind| crate::generated::made_in(kind, input))
        .map(|&kind| make(input, kind, sink))
        .collect();
    results.into_iter().sum()
}

/// Renders one kind alone (the search index, made beside the others).
pub fn render_kind(input: &Input, kind: &'static Kind, sink: &dyn Sink) -> Result<(), Diagnostic> {
    make(input, kind, sink).map(drop)
}

/// Makes every page or file of `kind`; returns how many pages.
fn make<'a>(input: &Input<'a>, kind: &'static Kind, sink: &dyn Sink) -> Result<usize, Diagnostic> {
    match kind.make {
        // Rendered with their bodies, by the pipeline.
        Make::Article(_) => Ok(0),
        Make::Template(template, vars) => templated(input, kind, template, vars, sink),
        // Both kinds of a listing are rendered together, with the whole list's.
        Make::Entries(_, listing, _) => {
            let (whole, groups) = listing.kinds();
            if !std::ptr::eq(whole.kind, kind) {
                return Ok(0);
            }
            listed(input, listing, whole, groups, sink)
        }
        Make::Bytes(bytes) => files(input, kind, &|file, instance| {
            sink.file(kind.what, file, &bytes(input, instance))
        }),
        Make::Stream(write) => files(input, kind, &|file, instance| {
            sink.stream(kind.what, file, &|out| write(input, instance, out))
        }),
    }
}

/// Renders every page of a kind made from a template; returns how many.
fn templated(
    input: &Input,
    kind: &'static Kind,
    template: &str,
    vars: fn(&Page) -> Vars,
    sink: &dyn Sink,
) -> Result<usize, Diagnostic> {
    let instances = (kind.each)(input);
    let pages: Vec<Page> = instances
        .iter()
        .flat_map(|instance| {
            (1..=kind.pages(instance)).map(move |n| Page {
                input,
                kind,
                instance,
                n,
            })
        })
        .collect();
    pages
        .par_iter()
        .try_for_each(|p| page(p, template, &vars(p), sink))?;
    Ok(pages.len())
}

/// Renders one page and writes it.
fn page(p: &Page, template: &str, vars: &Vars, sink: &dyn Sink) -> Result<(), Diagnostic> {
    // Room for a whole article page, so the buffer is seldom grown and copied.
    let html = sink.render(template, vars, 64 * 1024)?;
    sink.file(p.kind.what, &p.file(), &html)
}

/// Writes each file of a kind byline makes itself with `write` (given the file and
/// what it is made for); they are not pages, so this returns 0.
fn files<'a>(
    input: &Input<'a>,
    kind: &Kind,
    write: &(dyn Fn(&str, &Instance<'a>) -> Result<(), Diagnostic> + Sync),
) -> Result<usize, Diagnostic> {
    (kind.each)(input).par_iter().try_for_each(|instance| {
        let file = kind.place.file(&instance.key, 1);
        // A robots.txt in static/ is copied later and replaces ours.
        if kind.replaceable && input.site.statics.get(&file).is_some() {
            return Ok(());
        }
        write(&file, instance)
    })?;
    Ok(0)
}

/// Renders a listing's pages, the whole list's and each group's; returns how many.
fn listed(
    input: &Input,
    listing: Listing,
    whole: ListKind,
    groups: ListKind,
    sink: &dyn Sink,
) -> Result<usize, Diagnostic> {
    let all = (whole.kind.each)(input);
    let each = (groups.kind.each)(input);
    let page_of = |list: List, entries: String| {
        let (of, instance, n) = match list {
            List::All(n) => (whole, &all[0], n),
            List::Group(g, n) => (groups, &each[g], n),
        };
        let p = Page {
            input,
            kind: of.kind,
            instance,
            n,
        };
        page(&p, of.template, &(of.vars)(&p, entries), sink)
    };
    let entry = |vars: Vars| -> Result<String, Diagnostic> {
        let html = sink.render(listing.entry_template(), &vars, 2 * 1024)?;
        // Tera writes only `str`s.
        Ok(String::from_utf8(html)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
    };
    let ledger = input.ledger;
    match listing {
        Listing::Claims => Grouped {
            items: &ledger.claims,
            group_of: &|c: &LedgerClaim| {
                let key = c.claim.status.key.as_str();
                ledger.statuses.iter().position(|s| s.key == key)
            },
            groups: each.len(),
            rows: true,
            entry: &|claim: &LedgerClaim, compact| {
                entry(context::entry(&ClaimEntry { claim, compact }))
            },
            page: &page_of,
        }
        .render(),
        Listing::Sources => Grouped {
            items: &ledger.sources,
            group_of: &|s: &LedgerSource| {
                let slug = s.publisher_slug()?;
                let publishers = &ledger.publishers;
                publishers
                    .binary_search_by(|p| p.slug.as_str().cmp(slug))
                    .ok()
            },
            groups: each.len(),
            // A source's whole list is its publisher's; `/sources/` lists the publishers.
            rows: false,
            entry: &|source: &LedgerSource, _| entry(context::entry(&SourceEntry { source })),
            page: &page_of,
        }
        .render(),
    }
}

/// A page of a list whose entries each show twice: `All(n)`, page `n` of the whole
/// list, or `Group(g, n)`, page `n` of the list of group `g` (a status, a publisher).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum List {
    All(usize),
    Group(usize, usize),
}

/// Entries shown on the whole list and on their group's, such as a claim on
/// `/claims/` and on its status's page. An entry is written in full once, on its
/// group's page, and, with `rows`, as a compact row (`entry(item, true)`) on the whole
/// list; one in no group is written in full on the whole list. Pages are made a window
/// at a time, so a large site's entries are never all held.
struct Grouped<'a, T> {
    items: &'a [T],
    group_of: &'a (dyn Fn(&T) -> Option<usize> + Sync),
    groups: usize,
    /// Whether the whole list has a row for each entry in a group.
    rows: bool,
    entry: &'a (dyn Fn(&T, bool) -> Result<String, Diagnostic> + Sync),
    page: &'a (dyn Fn(List, String) -> Result<(), Diagnostic> + Sync),
}

/// What an entry puts on the whole list, if anything, and its group with its whole
/// entry, if it has one.
type Entry = (Option<String>, Option<(usize, String)>);

/// Items rendered between two hand-overs of pages to the writers.
const WINDOW: usize = 10 * paginate::PER_PAGE;

/// A list's entries not yet on a page, and how many pages it has.
#[derive(Clone, Default)]
struct Pending {
    entries: Vec<String>,
    made: usize,
}

impl Pending {
    /// Adds an entry to the list, handing over a page when one is full.
    fn push(
        &mut self,
        entry: String,
        list: impl Fn(usize) -> List,
        pages: &mut Vec<(List, String)>,
    ) {
        self.entries.push(entry);
        if self.entries.len() == paginate::PER_PAGE {
            self.made += 1;
            pages.push((list(self.made), self.entries.join("\n")));
            self.entries.clear();
        }
    }

    /// Hands over the last page: every list has a first page, empty or not.
    fn finish(&self, list: impl Fn(usize) -> List, pages: &mut Vec<(List, String)>) {
        if !self.entries.is_empty() || self.made == 0 {
            pages.push((list(self.made + 1), self.entries.join("\n")));
        }
    }
}

impl<T: Sync> Grouped<'_, T> {
    fn entry_of(&self, item: &T) -> Result<Entry, Diagnostic> {
        Ok(match (self.group_of)(item) {
            Some(g) => {
                let row = self.rows.then(|| (self.entry)(item, true)).transpose()?;
                (row, Some((g, (self.entry)(item, false)?)))
            }
            None => (Some((self.entry)(item, false)?), None),
        })
    }

    /// Renders every page, the whole list's and each group's; returns how many.
    fn render(&self) -> Result<usize, Diagnostic> {
        let mut whole = Pending::default();
        let mut groups = vec![Pending::default(); self.groups];
        let mut pages: Vec<(List, String)> = Vec::new();
        let mut count = 0;
        let mut emit = |pages: &mut Vec<(List, String)>| {
            count += pages.len();
            pages
                .par_drain(..)
                .try_for_each(|(list, entries)| (self.page)(list, entries))
        };
        for items in self.items.chunks(WINDOW) {
            let entries: Vec<Entry> = items
                .par_iter()
                .map(|item| self.entry_of(item))
                .collect::<Result<_, _>>()?;
            for (row, full) in entries {
                if let Some(row) = row {
                    whole.push(row, List::All, &mut pages);
                }
                if let Some((g, entry)) = full {
                    groups[g].push(entry, |n| List::Group(g, n), &mut pages);
                }
            }
            emit(&mut pages)?;
        }
        whole.finish(List::All, &mut pages);
        for (g, group) in groups.iter().enumerate() {
            group.finish(|n| List::Group(g, n), &mut pages);
        }
        emit(&mut pages)?;
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    /// Renders `items` entries as `<n>` (rows as `(n)`), grouped by `group`, into a
    /// map of pages.
    fn grouped_pages(
        items: usize,
        groups: usize,
        group: fn(usize) -> Option<usize>,
        rows: bool,
    ) -> (usize, BTreeMap<List, String>) {
        let items: Vec<usize> = (0..items).collect();
        let pages = Mutex::new(BTreeMap::new());
        let count = Grouped {
            items: &items,
            group_of: &|&n| group(n),
            groups,
            rows,
            entry: &|n, compact| {
                Ok(if compact {
                    format!("({n})")
                } else {
                    format!("<{n}>")
                })
            },
            page: &|list, entries| {
                assert!(pages.lock().unwrap().insert(list, entries).is_none());
                Ok(())
            },
        }
        .render()
        .unwrap();
        (count, pages.into_inner().unwrap())
    }

    /// A page of `<n>` entries, as `Grouped` joins them.
    fn entries(range: impl Iterator<Item = usize>) -> String {
        range
            .map(|n| format!("<{n}>"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn joined(pages: Vec<&String>) -> String {
        pages
            .into_iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn each_entry_is_a_row_on_the_whole_list_and_whole_on_its_group_s_page() {
        // Over two windows, with a group that has no entries and entries in no group.
        let items = 2 * WINDOW + 250;
        let group = |n: usize| (n % 5 != 0).then_some(n % 2);
        let (count, pages) = grouped_pages(items, 3, group, true);
        assert_eq!(count, pages.len());

        let all: Vec<&String> = pages
            .iter()
            .filter(|(l, _)| matches!(l, List::All(_)))
            .map(|(_, e)| e)
            .collect();
        assert_eq!(all.len(), items.div_ceil(paginate::PER_PAGE));
        // A row for each entry in a group, the whole entry for one in none.
        let rows = |range: std::ops::Range<usize>| {
            let row = |n: usize| match group(n) {
                Some(_) => format!("({n})"),
                None => format!("<{n}>"),
            };
            range.map(row).collect::<Vec<_>>().join("\n")
        };
        assert_eq!(pages[&List::All(1)], rows(0..100));
        assert_eq!(pages[&List::All(all.len())], rows(items - 50..items));
        assert_eq!(joined(all), rows(0..items));

        for g in 0..2 {
            let members: Vec<usize> = (0..items).filter(|&n| group(n) == Some(g)).collect();
            let made: Vec<&String> = (1..).map_while(|n| pages.get(&List::Group(g, n))).collect();
            assert_eq!(made.len(), members.len().div_ceil(paginate::PER_PAGE));
            assert_eq!(made[0], &entries(members[..100].iter().copied()));
            assert_eq!(joined(made), entries(members.into_iter()));
        }
        assert_eq!(
            pages[&List::Group(2, 1)],
            "",
            "an empty group still has its page"
        );
        assert!(!pages.contains_key(&List::Group(2, 2)));
    }

    #[test]
    fn without_rows_the_whole_list_holds_the_entries_in_no_group() {
        let items = WINDOW + 250;
        let group = |n: usize| (n % 3 != 0).then_some(0);
        let (count, pages) = grouped_pages(items, 1, group, false);
        assert_eq!(count, pages.len());
        let alone: Vec<usize> = (0..items).step_by(3).collect();
        let all: Vec<&String> = (1..).map_while(|n| pages.get(&List::All(n))).collect();
        assert_eq!(all.len(), alone.len().div_ceil(paginate::PER_PAGE));
        assert_eq!(all[0], &entries(alone[..100].iter().copied()));
        assert_eq!(joined(all), entries(alone.into_iter()));
        let grouped: Vec<&String> = (1..).map_while(|n| pages.get(&List::Group(0, n))).collect();
        assert_eq!(joined(grouped), entries((0..items).filter(|n| n % 3 != 0)));
        let (_, none_alone) = grouped_pages(150, 1, |_| Some(0), false);
        assert_eq!(
            none_alone[&List::All(1)],
            "",
            "the whole list still has its page"
        );
        assert!(!none_alone.contains_key(&List::All(2)));
    }

    #[test]
    fn an_empty_list_has_one_empty_page() {
        let (count, pages) = grouped_pages(0, 1, |_| Some(0), true);
        assert_eq!(count, 2);
        assert_eq!(pages[&List::All(1)], "");
        assert_eq!(pages[&List::Group(0, 1)], "");
    }
}
