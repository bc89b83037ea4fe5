//! An article's own files. An article in a folder of its own (`content/a/b/index.md`,
//! a page bundle as Hugo calls it) keeps its images, charts and documents beside it:
//! every other file in that folder and the folders under it, down to the next folder
//! with an `index.md` of its own, is published under the article's URL, and its body
//! names them relatively (`![A chart](chart.svg)`). An article written as a file
//! (`content/a/b.md`) has no files. A file that belongs to no article is published
//! nowhere, and a warning names it: nothing in `content/` is dropped silently.
//!
//! A body reaches only its own article's files (`../` out of the folder is an error),
//! so an article and its files move, render and publish together; files are found
//! through `site_fs`, so a link is never followed out of the site.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use crate::article::Article;
use crate::config::Config;
use crate::content::{self, ContentFile};
use crate::diagnostic::Diagnostic;
use crate::front_matter;
use crate::output::Output;
use crate::resize;
use crate::statics::{Conflict, Statics};
use crate::yaml::Seg;

/// A file of an article's folder.
#[derive(Debug, Clone)]
pub struct Asset {
    pub fs_path: PathBuf,
    /// As messages show it: `content/a/b/chart.png`.
    pub display: String,
}

/// The files of an article written as `…/index.md`, by their path inside its folder
/// (`chart.png`, `img/map.jpg`).
#[derive(Debug, Clone, Default)]
pub struct Bundle {
    /// The article's folder inside `content/`, with a trailing `/`: `a/b/`.
    pub dir: String,
    pub files: BTreeMap<String, Asset>,
}

/// Every article's files, by the article's path inside `content/` (`a/b/index.md`).
#[derive(Debug, Default)]
pub struct Assets {
    bundles: HashMap<String, Bundle>,
    /// Every file of `content/` that is not an article, by its path inside it.
    files: HashSet<String>,
    /// The names of the resized copies in the cache that this build's pages use.
    cached: Mutex<HashSet<String>>,
}

/// Why a relative link names none of the article's files.
#[derive(Debug, PartialEq)]
pub enum Unresolved {
    /// The article is a file (`a/b.md`), not a folder with its files.
    NoFolder,
    /// `../` leads out of the article's folder.
    Escapes,
    /// No such file in the folder: the path it would be at, as messages show it.
    Missing(String),
}

impl Assets {
    /// Gives each file that is not an article to the article of the nearest folder
    /// above it with an `index.md`; warns of the others. `sources.yaml` (`.bib`, `.json`), `claimants.yaml` and `claims.yaml` are byline's.
    pub fn gather(articles: &[ContentFile], others: Vec<ContentFile>) -> (Assets, Vec<Diagnostic>) {
        let mut bundles: HashMap<String, Bundle> = HashMap::new();
        let mut dirs: HashMap<String, String> = HashMap::new();
        for a in articles {
            if let Some(dir) = a.rel_path.strip_suffix("index.md") {
                if dir.ends_with('/') {
                    dirs.insert(dir.to_string(), a.rel_path.clone());
                    let dir = dir.to_string();
                    bundles.insert(
                        a.rel_path.clone(),
                        Bundle {
                            dir,
                            ..Bundle::default()
                        },
                    );
                }
            }
        }
        let mut warnings = Vec::new();
        let files = others.iter().map(|f| f.rel_path.clone()).collect();
        for file in others {
            let path = file.display_path();
            let own = [
                front_matter::SHARED_SOURCES,
                front_matter::ARCHIVES,
                front_matter::CLAIMANTS_FILE,
                front_matter::SITE_CLAIMS,
            ];
            let bibliographies = [
                crate::bibliography::BIB_FILE,
                crate::bibliography::JSON_FILE,
            ];
            if own.contains(&path.as_str()) || bibliographies.contains(&file.rel_path.as_str()) {
                continue;
            }
            let owner = folders_above(&file.rel_path).find_map(|dir| dirs.get(dir));
            let Some(owner) = owner else {
                warnings.push(unpublished(&file, articles));
                continue;
            };
            let bundle = bundles.get_mut(owner).expect("every folder has its bundle");
            let name = file.rel_path[bundle.dir.len()..].to_string();
            let display = file.display_path();
            let asset = Asset {
                fs_path: file.fs_path,
                display,
            };
            bundle.files.insert(name, asset);
        }
        (
            Assets {
                bundles,
                files,
                cached: Mutex::default(),
            },
            warnings,
        )
    }

    /// Gives the translation at `rel_path` (`a/b/index.fr.md`) the files of the article
    /// it translates (`original`), if that has a folder.
    pub fn share_bundle(&mut self, rel_path: &str, original: &str) {
        if let Some(bundle) = self.bundles.get(original).cloned() {
            self.bundles.insert(rel_path.to_string(), bundle);
        }
    }

    /// The files of the article at `rel_path` inside `content/`, if it has a folder.
    pub fn of(&self, rel_path: &str) -> Option<&Bundle> {
        self.bundles.get(rel_path)
    }

    /// Whether `rel` (inside `content/`) is a file that is not an article.
    pub fn is_file(&self, rel: &str) -> bool {
        self.files.contains(rel)
    }

    /// The file of the article at `rel_path` that `link` (a relative path, already
    /// percent-decoded, without query or fragment) names: its name in the folder.
    pub fn resolve<'a>(
        &'a self,
        rel_path: &str,
        link: &str,
    ) -> Result<(String, &'a Asset), Unresolved> {
        let bundle = self.of(rel_path).ok_or(Unresolved::NoFolder)?;
        let resolved = resolve_relative(rel_path, link).ok_or(Unresolved::Escapes)?;
        let name = resolved
            .strip_prefix(bundle.dir.as_str())
            .filter(|name| !name.is_empty())
            .ok_or(Unresolved::Escapes)?;
        match bundle.files.get_key_value(name) {
            Some((name, asset)) => Ok((name.clone(), asset)),
            None => Err(Unresolved::Missing(format!("{}/{resolved}", content::DIR))),
        }
    }

    /// The errors of files that would land where another file is published: a page
    /// (an `index.html` beside `index.md`), a folder of pages, or a static file.
    pub fn check_places(&self, articles: &[&Article], statics: &Statics) -> Vec<Diagnostic> {
        let mut pages = HashSet::new();
        let mut folders = HashSet::new();
        for a in articles {
            pages.insert(format!("{}index.html", a.path));
            folders.extend(a.path.match_indices('/').map(|(i, _)| &a.path[..i]));
        }
        let mut errors = Vec::new();
        for a in articles {
            let Some(bundle) = self.of(&a.rel_path) else {
                continue;
            };
            for (name, asset) in &bundle.files {
                let file = format!("{}{name}", a.path);
                let what = if pages.contains(&file) || folders.contains(file.as_str()) {
                    format!("a page (/{file})")
                } else {
                    match statics.conflict(&file) {
                        Some(Conflict::Replaced(s) | Conflict::FileInTheWay(s)) => {
                            format!("the static file {}", s.display)
                        }
                        Some(Conflict::FolderInTheWay(s, _)) => {
                            format!("the static files under {}", s.display)
                        }
                        None => continue,
                    }
                };
                errors.push(
                    Diagnostic::error(
                        "url-collision",
                        format!("this file would be published at /{file}, where byline publishes {what}"),
                    )
                    .in_file(&asset.display)
                    .help("rename the file or move it into a folder of its own"),
                );
            }
        }
        errors
    }

    /// Writes the files of `a` under its page's folder, with the resized copies of
    /// its large images that the site asks for (see `resize`).
    pub fn publish(&self, a: &Article, out: &Output, config: &Config) -> Result<(), Diagnostic> {
        let Some(bundle) = self.of(&a.rel_path) else {
            return Ok(());
        };
        for (name, asset) in &bundle.files {
            let io = |e: io::Error| {
                Diagnostic::error("io", format!("cannot publish this file: {e}"))
                    .in_file(&asset.display)
            };
            let file = format!("{}{}{name}", config.prefix(), a.path);
            out.write(&file, &std::fs::read(&asset.fs_path).map_err(io)?)
                .map_err(io)?;
            self.publish_copies(a, bundle, (name, asset), out, config)?;
        }
        Ok(())
    }

    /// Removes the resized copies in the cache that no page of this build used (see
    /// `resize::prune`); only a build that published every article's files may ask.
    pub fn prune_cache(&self, root: &Path) {
        resize::prune(
            root,
            &self.cached.lock().unwrap_or_else(PoisonError::into_inner),
        );
    }

    /// Writes the resized copies of the image `name` of `a` that the site asks for.
    fn publish_copies(
        &self,
        a: &Article,
        bundle: &Bundle,
        (name, asset): (&str, &Asset),
        out: &Output,
        config: &Config,
    ) -> Result<(), Diagnostic> {
        if config.images.widths.is_empty() || !resize::resizable(name) {
            return Ok(());
        }
        let size = read_head(&asset.fs_path)
            .ok()
            .and_then(|head| image_size(&head, false).ok());
        let Some(size) = size else {
            return Ok(());
        };
        let widths = resize::widths(size, &config.images);
        if let Some(taken) = widths
            .iter()
            .map(|&w| resize::copy_name(name, w))
            .find(|c| bundle.files.contains_key(c))
        {
            return Err(Diagnostic::error("url-collision", format!("this image's resized copy would be published as {taken}, which is another file of the article"))
                .in_file(&asset.display)
                .help("rename one of them: byline names copies `name.480w.jpg`, after the widths in site.toml's [images]"));
        }
        let mut write = |w: u32, bytes: &[u8]| {
            let copy = resize::copy_name(name, w);
            out.write(&format!("{}{}{copy}", config.prefix(), a.path), bytes)
        };
        let mut used = |cached: String| {
            let mut names = self.cached.lock().unwrap_or_else(PoisonError::into_inner);
            names.insert(cached);
        };
        let made = resize::copies(
            &config.root,
            &asset.fs_path,
            name,
            &widths,
            &mut write,
            &mut used,
        );
        made.map_err(|why| {
            Diagnostic::error(
                "image-resize",
                format!("byline cannot make the resized copies of this image: {why}"),
            )
            .in_file(&asset.display)
            .help(
                "save the image again at a smaller size, or remove `widths` from [images] in site.toml",
            )
        })
    }
}

impl Assets {
    /// Why `path`, written in the article at `rel_path` (shown as `display`), names
    /// none of its files: a diagnostic's code, message and help.
    pub fn explain(
        &self,
        rel_path: &str,
        display: &str,
        path: &str,
        why: Unresolved,
    ) -> (&'static str, String, String) {
        match why {
            Unresolved::NoFolder => {
                let stem = rel_path.strip_suffix(".md").unwrap_or(rel_path);
                ("no-article-folder", format!("`{path}` cannot be published with this article, which has no folder of its own"), format!("move {display} to content/{stem}/index.md and put its files beside it, in content/{stem}/"))
            }
            Unresolved::Escapes => {
                let folder = rel_path.strip_suffix("index.md").unwrap_or_default();
                ("outside-article", format!("`{path}` leads out of this article's folder"), format!("an article shows only the files in its own folder (content/{folder}): copy the file there, or put files several articles share in static/ and write a site path (/images/x.png)"))
            }
            Unresolved::Missing(at) => {
                let names = self
                    .of(rel_path)
                    .into_iter()
                    .flat_map(|b| b.files.keys().map(String::as_str));
                let help = match crate::diagnostic::did_you_mean(path, names) {
                    Some(name) => format!("did you mean `{name}`?"),
                    None => format!("put the file at {at}; names are case-sensitive"),
                };
                (
                    "missing-image",
                    format!("`{path}` is not a file of this article: there is no {at}"),
                    help,
                )
            }
        }
    }

    /// The errors of SVG files that can run code when opened by their URL, where not
    /// every writer is trusted (`raw_html` other than `trusted`).
    pub fn check_svgs(&self) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        let svgs = self.bundles.values().flat_map(|b| b.files.iter());
        for (_, asset) in svgs.filter(|(name, _)| name.to_ascii_lowercase().ends_with(".svg")) {
            let mut text = Vec::new();
            let read = std::fs::File::open(&asset.fs_path)
                .and_then(|f| f.take(MAX_SVG + 1).read_to_end(&mut text));
            let found = match read {
                Err(e) => Some(format!("a read error ({e})")),
                Ok(_) if text.len() as u64 > MAX_SVG => Some(format!(
                    "more than {} MiB of text, more than byline checks",
                    MAX_SVG >> 20
                )),
                Ok(_) => crate::svg::active_content(&text),
            };
            if let Some(found) = found {
                errors.push(
                    Diagnostic::error("svg-active-content", format!("this SVG has {found}: opened by its URL, it could run code on the site"))
                        .in_file(&asset.display)
                        .help("export it again as a plain SVG, or as a PNG; a site whose writers are all trusted may allow it with `[markdown] raw_html = \"trusted\"`"),
                );
            }
        }
        errors.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
        errors
    }
}

/// The most of an SVG file byline reads to check it.
const MAX_SVG: u64 = 8 << 20;

/// Makes the `image` of each article that names one of its files (`image: chart.png`)
/// that file's absolute URL; an image it does not have is an error at `image`.
pub fn share_images(articles: &mut [Article], assets: &Assets, config: &Config) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for a in articles.iter_mut() {
        let Some(written) = a.image_file.as_deref() else {
            continue;
        };
        let (path, _) = written.split_once(['#', '?']).unwrap_or((written, ""));
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        match assets.resolve(&a.rel_path, &decoded) {
            Ok((name, _)) => a.image = Some(config.permalink(&format!("{}{name}", a.path))),
            Err(why) => {
                let (code, message, help) =
                    assets.explain(&a.rel_path, &a.display_path, written, why);
                errors.push(at_image(a, Diagnostic::error(code, message).help(help)));
            }
        }
    }
    errors
}

/// `d`, placed at the article's `image:` value.
fn at_image(a: &Article, d: Diagnostic) -> Diagnostic {
    let file = ContentFile {
        rel_path: a.rel_path.clone(),
        fs_path: a.fs_path.clone(),
    };
    let Ok(source) = file.read() else {
        return d.in_file(&a.display_path);
    };
    let Ok(split) = front_matter::split(&source) else {
        return d.in_file(&a.display_path);
    };
    let span = front_matter::value_spans(&source, &split, &[vec![Seg::Key("image")]]);
    d.at(&source, span[0].clone())
}

/// The folders above `rel` (`a/b/c.png` → `a/b/`, `a/`), nearest first, without the
/// content root (whose `index.md` would be the home page, an error of its own).
fn folders_above(rel: &str) -> impl Iterator<Item = &str> {
    rel.rmatch_indices('/').map(move |(i, _)| &rel[..=i])
}

/// The warning for a file no article publishes, pointing at an article beside it.
fn unpublished(file: &ContentFile, articles: &[ContentFile]) -> Diagnostic {
    let dir = file
        .rel_path
        .rfind('/')
        .map_or("", |i| &file.rel_path[..=i]);
    let name = &file.rel_path[dir.len()..];
    let beside = articles.iter().find(|a| {
        a.rel_path
            .strip_prefix(dir)
            .is_some_and(|rest| !rest.contains('/'))
    });
    let help = match beside {
        Some(a) => {
            let stem = a.rel_path.strip_suffix(".md").unwrap_or(&a.rel_path);
            format!("to publish it with {}, make that article a folder: move it to content/{stem}/index.md and this file to content/{stem}/{name}; or put the file in static/ to publish it as it is", a.display_path())
        }
        None => "an article's files go in its own folder, beside its index.md (content/a/b/index.md publishes content/a/b/chart.png at /a/b/chart.png); or put the file in static/ to publish it as it is".to_string(),
    };
    Diagnostic::warning(
        "unpublished-file",
        "this file is not published: it is in no article's folder",
    )
    .in_file(file.display_path())
    .help(help)
}

/// Resolves `../b.png` against the folder of `from` (`a/x.md`); `/b.png` is from the
/// content root. `None` when the path climbs out of `content/`.
pub fn resolve_relative(from: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = if link.starts_with('/') {
        Vec::new()
    } else {
        from.split('/')
            .collect::<Vec<_>>()
            .split_last()
            .map(|(_, dir)| dir.to_vec())
            .unwrap_or_default()
    };
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// How much of an image byline reads to learn its size: its header, never the pixels,
/// so a huge or hostile file costs at most this much.
pub const HEAD: u64 = 256 * 1024;

/// The widest or tallest image byline accepts, in pixels: larger than any screen
/// or print, and a bound on what resizing may allocate.
pub const MAX_SIDE: u32 = 20_000;

/// An image's width and height in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub width: u32,
    pub height: u32,
}

/// The first [`HEAD`] bytes of a file.
pub fn read_head(path: &std::path::Path) -> io::Result<Vec<u8>> {
    let mut head = Vec::new();
    std::fs::File::open(path)?
        .take(HEAD)
        .read_to_end(&mut head)?;
    Ok(head)
}

/// The size of the image whose file starts with `head` (an SVG when `svg`); the
/// error says why it cannot be known, for a message ending "…: {why}".
pub fn image_size(head: &[u8], svg: bool) -> Result<Size, String> {
    let size = if svg {
        crate::svg::size(head)?
    } else {
        if imagesize::image_type(head).is_err() {
            return Err("it is not a JPEG, PNG, GIF, WebP, AVIF or SVG image".into());
        }
        match imagesize::blob_size(head) {
            Ok(s) => Size {
                width: u32::try_from(s.width).unwrap_or(u32::MAX),
                height: u32::try_from(s.height).unwrap_or(u32::MAX),
            },
            Err(_) => {
                return Err(format!(
                    "its header is damaged, or its size is not within its first {} KiB",
                    HEAD / 1024
                ))
            }
        }
    };
    if size.width == 0 || size.height == 0 {
        return Err("its header gives it no width or no height".into());
    }
    if size.width > MAX_SIDE || size.height > MAX_SIDE {
        return Err(format!(
            "it is {}×{} pixels, more than the {MAX_SIDE} a side byline publishes",
            size.width, size.height
        ));
    }
    Ok(size)
}

/// A 1×1 PNG, for tests.
#[cfg(test)]
pub(crate) const TINY_PNG: &[u8] = b"\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\x0d\x49\x44\x41\x54\x78\x9c\x63\xf8\xff\xff\x3f\x03\x00\x08\xfc\x02\xfe\xa7\x9a\xa0\xa0\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rel: &str) -> ContentFile {
        ContentFile {
            rel_path: rel.into(),
            fs_path: PathBuf::from(format!("/s/content/{rel}")),
        }
    }

    fn gathered(articles: &[&str], others: &[&str]) -> (Assets, Vec<Diagnostic>) {
        let articles: Vec<ContentFile> = articles.iter().map(|r| file(r)).collect();
        Assets::gather(&articles, others.iter().map(|r| file(r)).collect())
    }

    #[test]
    fn a_file_belongs_to_the_nearest_folder_with_an_index_md() {
        let (assets, warnings) = gathered(
            &["a/b/index.md", "a/b/c/index.md", "a/b/d/e.md", "x.md"],
            &[
                "a/b/chart.png",
                "a/b/d/map.png",
                "a/b/c/p.jpg",
                "a/stray.png",
                "sources.yaml",
            ],
        );
        let names =
            |rel: &str| -> Vec<String> { assets.of(rel).unwrap().files.keys().cloned().collect() };
        assert_eq!(names("a/b/index.md"), ["chart.png", "d/map.png"]);
        assert_eq!(names("a/b/c/index.md"), ["p.jpg"]);
        assert!(assets.of("x.md").is_none());
        let warned: Vec<_> = warnings.iter().map(|d| d.file_name().unwrap()).collect();
        assert_eq!(warned, ["content/a/stray.png"]);
    }

    #[test]
    fn a_link_reaches_only_its_own_articles_files() {
        let (assets, _) = gathered(
            &["a/b/index.md", "a/c/index.md", "a/d.md"],
            &["a/b/x.png", "a/c/y.png"],
        );
        assert_eq!(
            assets.resolve("a/b/index.md", "./x.png").unwrap().0,
            "x.png"
        );
        assert_eq!(
            assets.resolve("a/b/index.md", "../b/x.png").unwrap().0,
            "x.png"
        );
        assert_eq!(
            assets.resolve("a/b/index.md", "../c/y.png").unwrap_err(),
            Unresolved::Escapes
        );
        assert_eq!(
            assets
                .resolve("a/b/index.md", "../../../etc/passwd")
                .unwrap_err(),
            Unresolved::Escapes
        );
        assert_eq!(
            assets.resolve("a/b/index.md", "..").unwrap_err(),
            Unresolved::Escapes
        );
        assert_eq!(
            assets.resolve("a/b/index.md", "z.png").unwrap_err(),
            Unresolved::Missing("content/a/b/z.png".into())
        );
        assert_eq!(
            assets.resolve("a/d.md", "b/x.png").unwrap_err(),
            Unresolved::NoFolder
        );
    }

    #[test]
    fn sizes_come_from_headers_and_absurd_ones_are_refused() {
        // A PNG header claiming 1×1, then one claiming 100,000 × 1.
        let png = |w: u32, h: u32| {
            let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
            b.extend(w.to_be_bytes());
            b.extend(h.to_be_bytes());
            b.extend([8, 6, 0, 0, 0]);
            b
        };
        assert_eq!(
            image_size(&png(3, 2), false),
            Ok(Size {
                width: 3,
                height: 2
            })
        );
        assert!(image_size(&png(100_000, 1), false)
            .unwrap_err()
            .contains("more than the 20000"));
        assert!(image_size(&png(0, 1), false).is_err());
        assert!(image_size(b"hello", false)
            .unwrap_err()
            .contains("not a JPEG"));
    }
}
