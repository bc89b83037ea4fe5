//! Long lists (home, tags, the claims ledger, the sources index) split into pages of
//! `PER_PAGE` entries: `/claims/`, `/claims/page/2/`, … A page of forty thousand
//! claims helps no reader, and small pages render in parallel in bounded memory.

use serde::Serialize;

use crate::config::Config;

pub const PER_PAGE: usize = 100;

/// How many pages `items` entries take (at least one, so an empty list has a page).
pub fn page_count(items: usize) -> usize {
    items.div_ceil(PER_PAGE).max(1)
}

/// The page (1-based) that entry `index` (0-based) falls on.
pub fn page_of(index: usize) -> usize {
    index / PER_PAGE + 1
}

/// Site path of page `n` of the list at `base` (`claims/` → `claims/page/2/`).
pub fn page_path(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

/// The entries of page `n`.
pub fn slice<T>(items: &[T], n: usize) -> &[T] {
    let start = ((n - 1) * PER_PAGE).min(items.len());
    &items[start..(start + PER_PAGE).min(items.len())]
}

#[derive(Serialize, Debug, PartialEq)]
pub struct Pagination {
    pub current: usize,
    pub total: usize,
    pub total_items: usize,
    /// 1-based numbers of the first and last entry on this page.
    pub first_item: usize,
    pub last_item: usize,
    pub url: String,
    pub permalink: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// First, last and the pages around the current one; `gap` marks skipped runs.
    pub links: Vec<PageLink>,
}

#[derive(Serialize, Debug, PartialEq)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
    pub gap: bool,
}

pub fn pagination(config: &Config, base: &str, n: usize, total_items: usize) -> Pagination {
    let total = page_count(total_items);
    let url = |k: usize| config.url(&page_path(base, k));
    let mut links = Vec::new();
    let mut last_shown = 0;
    for k in 1..=total {
        if k == 1 || k == total || k.abs_diff(n) <= 2 {
            if k > last_shown + 1 {
                links.push(PageLink {
                    number: 0,
                    url: String::new(),
                    current: false,
                    gap: true,
                });
            }
            links.push(PageLink {
                number: k,
                url: url(k),
                current: k == n,
                gap: false,
            });
            last_shown = k;
        }
    }
    Pagination {
        current: n,
        total,
        total_items,
        first_item: ((n - 1) * PER_PAGE + 1).min(total_items),
        last_item: (n * PER_PAGE).min(total_items),
        url: url(n),
        permalink: config.permalink(&page_path(base, n)),
        prev: (n > 1).then(|| url(n - 1)),
        next: (n < total).then(|| url(n + 1)),
        links,
    }
}

/// "Claims (page 2 of 7)" beyond the first page, so every page has its own title.
pub fn numbered(title: &str, n: usize, total: usize) -> String {
    if n > 1 {
        format!("{title} (page {n} of {total})")
    } else {
        title.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_paths() {
        assert_eq!((page_count(0), page_count(100), page_count(101)), (1, 1, 2));
        assert_eq!((page_of(0), page_of(99), page_of(100)), (1, 1, 2));
        assert_eq!(page_path("claims/", 1), "claims/");
        assert_eq!(page_path("claims/", 3), "claims/page/3/");
        let items: Vec<usize> = (0..250).collect();
        assert_eq!(slice(&items, 3), &items[200..]);
        assert!(slice(&items[..0], 1).is_empty());
    }

    #[test]
    fn links_show_the_ends_and_a_window_with_gaps() {
        let config = crate::front_matter::testing::config("https://e.org/p/");
        let p = pagination(&config, "claims/", 6, 1000);
        let shown: Vec<String> = p
            .links
            .iter()
            .map(|l| {
                if l.gap {
                    "…".into()
                } else {
                    l.number.to_string()
                }
            })
            .collect();
        assert_eq!(shown, ["1", "…", "4", "5", "6", "7", "8", "…", "10"]);
        assert_eq!((p.first_item, p.last_item), (501, 600));
        assert_eq!(p.prev.as_deref(), Some("/p/claims/page/5/"));
        assert_eq!(p.permalink, "https://e.org/p/claims/page/6/");
        let only = pagination(&config, "claims/", 1, 0);
        assert_eq!(
            (only.total, only.first_item, only.last_item, only.next),
            (1, 0, 0, None)
        );
    }
}
