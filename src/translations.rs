//! A site in several languages (`languages` in site.toml): which language an article is
//! written in, read from its file name (`b.fr.md` and `b/index.fr.md` are the French
//! of `b.md` and `b/index.md`), and each article's versions in every language, which
//! its page, the language switcher and the sitemap offer.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::article::Article;
use crate::config::Config;
use crate::content::ContentFile;
use crate::diagnostic::Diagnostic;

/// Which language an article file is written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// Its place in `Config::languages()`: 0 for the default language.
    pub lang: usize,
    /// The default language's file it translates (the file itself for that language).
    pub original: String,
}

/// The language of an article file, from the language tag before `.md`; an error for a
/// tag the site does not declare (see [`looks_like_a_language`]) or for the default's.
/// A site in one language reads no tag: `notes.fr.md` is an article at `notes.fr/`.
pub fn version(file: &ContentFile, config: &Config) -> Result<Version, Diagnostic> {
    let rel = file.rel_path.as_str();
    let plain = Version {
        lang: 0,
        original: rel.to_string(),
    };
    let Some((base, suffix)) = language_suffix(rel) else {
        return Ok(plain);
    };
    if config.translations.is_empty() {
        return Ok(plain);
    }
    let original = format!("{base}.md");
    let same = |tag: &str| tag.eq_ignore_ascii_case(suffix);
    if let Some(i) = config.translations.iter().position(|l| same(l.tag())) {
        return Ok(Version {
            lang: i + 1,
            original,
        });
    }
    if same(config.lang.tag()) {
        return Err(Diagnostic::error(
            "file-language",
            format!("`{suffix}` is the site's default language, which file names leave out"),
        )
        .in_file(file.display_path())
        .help(format!("rename the file to content/{original}")));
    }
    if !looks_like_a_language(suffix) {
        return Ok(plain);
    }
    let declared: Vec<&str> = config.languages().map(|l| l.tag()).collect();
    Err(Diagnostic::error(
        "file-language",
        format!(
            "`{suffix}` reads as a language, and the site's languages are {}",
            declared.join(", ")
        ),
    )
    .in_file(file.display_path())
    .help(format!(
        "add \"{suffix}\" to `languages` in site.toml, or rename the file without `.{suffix}`"
    )))
}

/// `a/b/index` and `fr` for `a/b/index.fr.md`.
fn language_suffix(rel: &str) -> Option<(&str, &str)> {
    let stem = rel.strip_suffix(".md")?;
    let (base, suffix) = stem.rsplit_once('.')?;
    let name_start = base.rfind('/').map_or(0, |i| i + 1);
    (base.len() > name_start && !suffix.contains('/')).then_some((base, suffix))
}

/// Whether a file name's last part reads as a language tag: two letters (`de`), or a
/// tag with a region or script (`pt-BR`, `zh-Hant`). Three letters alone (`old`,
/// `new`) are too often words.
fn looks_like_a_language(suffix: &str) -> bool {
    let two_letters = suffix.len() == 2 && suffix.bytes().all(|b| b.is_ascii_alphabetic());
    let tagged = suffix.contains('-')
        && oxilangtag::LanguageTag::parse(suffix).is_ok_and(|t| {
            let primary = t.primary_language();
            (2..=3).contains(&primary.len()) && t.private_use().is_none()
        });
    two_letters || tagged
}

/// One of an article's versions, as its pages link to it.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    /// The language's tag: `hreflang`.
    pub lang: String,
    /// The language's name in itself, for a switcher: "Français".
    pub name: String,
    /// Root-relative, with the base path.
    pub url: String,
    /// Absolute, for the sitemap.
    pub permalink: String,
    /// The file inside `content/`.
    #[serde(skip)]
    pub rel_path: String,
}

/// Each article's versions in every language (itself included, default language
/// first), by the article's `rel_path`; only articles with at least one other version.
pub type Alternates = HashMap<String, Arc<[Alternate]>>;

/// The versions of each article among `published`: for every language (in
/// `Config::languages()` order), its config and the articles with pages in it, each
/// with its [`Version`].
pub fn alternates(published: &[(&Config, Vec<(&Article, &Version)>)]) -> Alternates {
    let mut groups: HashMap<&str, Vec<(&Config, &Article)>> = HashMap::new();
    for (config, articles) in published {
        for (a, v) in articles {
            groups.entry(&v.original).or_default().push((config, a));
        }
    }
    let mut all = Alternates::new();
    for versions in groups.into_values().filter(|g| g.len() > 1) {
        let list: Arc<[Alternate]> = versions
            .iter()
            .map(|(config, a)| Alternate {
                lang: config.lang.tag().to_string(),
                name: config.lang.name(),
                url: config.url(&a.path),
                permalink: config.permalink(&a.path),
                rel_path: a.rel_path.clone(),
            })
            .collect();
        for (_, a) in versions {
            all.insert(a.rel_path.clone(), list.clone());
        }
    }
    all
}

/// The texts of each claim of the default language in the site's other languages, by
/// its article's `rel_path` and its id: a claim keeps its id in a translation.
#[derive(Default)]
pub struct ClaimTexts<'a>(HashMap<(&'a str, &'a str), Vec<(&'a str, &'a str)>>);

impl<'a> ClaimTexts<'a> {
    /// The texts of the translations of `site`'s claims, in the order of `languages`.
    pub fn new(site: &'a crate::site::Site) -> Self {
        let mut texts: HashMap<_, Vec<_>> = HashMap::new();
        let default = site.config.lang.tag();
        for t in &site.translations {
            let lang = t.config.lang.tag();
            for a in t.articles.iter().chain(&t.withdrawn) {
                let versions = site.alternates.get(&a.rel_path);
                let Some(original) = versions
                    .and_then(|v| v.first())
                    .filter(|v| v.lang == default)
                else {
                    continue;
                };
                for c in &a.claims {
                    let key = (original.rel_path.as_str(), c.id.as_str());
                    texts.entry(key).or_default().push((lang, c.text.as_str()));
                }
            }
        }
        ClaimTexts(texts)
    }

    /// The texts of the claim `id` of the article at `rel_path`, by language.
    pub fn of(&self, rel_path: &str, id: &str) -> TextsByLanguage<'a> {
        TextsByLanguage(self.0.get(&(rel_path, id)).cloned().unwrap_or_default())
    }
}

/// A claim's texts in other languages, written as a JSON object in the site's order.
#[derive(Default)]
pub struct TextsByLanguage<'a>(Vec<(&'a str, &'a str)>);

impl TextsByLanguage<'_> {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for TextsByLanguage<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (lang, text) in &self.0 {
            map.serialize_entry(lang, text)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn config(languages: &str) -> Config {
        let text = format!("title = \"T\"\nbase_url = \"https://e.org/p/\"\n{languages}");
        Config::parse(Path::new("."), &text, &Default::default()).unwrap()
    }

    fn of(rel: &str, config: &Config) -> Result<Version, Diagnostic> {
        let file = ContentFile {
            rel_path: rel.into(),
            fs_path: PathBuf::from(rel),
        };
        version(&file, config)
    }

    #[test]
    fn a_declared_language_before_md_makes_a_translation() {
        let c = config("languages = [\"en\", \"fr\", \"ar\"]\n");
        let v = |lang, original: &str| Version {
            lang,
            original: original.into(),
        };
        assert_eq!(of("a/b/index.fr.md", &c).unwrap(), v(1, "a/b/index.md"));
        assert_eq!(of("a/b.ar.md", &c).unwrap(), v(2, "a/b.md"));
        assert_eq!(of("a/b.md", &c).unwrap(), v(0, "a/b.md"));
        assert_eq!(of("a/notes.old.md", &c).unwrap(), v(0, "a/notes.old.md"));
        assert_eq!(of("a/.fr.md", &c).unwrap(), v(0, "a/.fr.md"));
    }

    #[test]
    fn an_undeclared_language_or_the_default_one_in_a_file_name_is_refused() {
        let c = config("languages = [\"en\", \"fr\"]\n");
        let e = of("a/b.de.md", &c).unwrap_err();
        assert_eq!(
            e.message,
            "`de` reads as a language, and the site's languages are en, fr"
        );
        assert!(of("a/b.pt-BR.md", &c).is_err());
        let e = of("a/b.en.md", &c).unwrap_err();
        assert_eq!(e.help.as_deref(), Some("rename the file to content/a/b.md"));
    }

    #[test]
    fn a_site_in_one_language_reads_no_language_from_file_names() {
        let c = config("");
        assert_eq!(of("a/b.fr.md", &c).unwrap().original, "a/b.fr.md");
    }

    #[test]
    fn a_translation_is_published_under_its_language_and_the_base_path() {
        let c = config("languages = [\"en\", \"fr\"]\n");
        let fr = c.in_language(&c.translations[0]);
        assert_eq!(fr.url("a/b/"), "/p/fr/a/b/");
        assert_eq!(fr.permalink("a/"), "https://e.org/p/fr/a/");
        assert_eq!(fr.link("/style.css"), "/p/style.css");
        assert_eq!(fr.prefix(), "fr/");
        assert_eq!(c.prefix(), "");
    }
}
