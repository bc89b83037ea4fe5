//! The words a theme shows, in the site's language. A theme ships one file per
//! language, `i18n/<lang>.toml`, flat: `key = "text"`, or for a count a table of
//! CLDR plural forms (`claim_count = { one = "{n} claim", other = "{n} claims" }`),
//! chosen by `icu_plurals` with data compiled in. The words of a language come in
//! layers, later ones winning: the built-in theme's English, the theme's English, then
//! for each tag of the language from the broadest (`fr`, then `fr-CA`) the built-in
//! theme's file, the theme's and the site's own `i18n/<lang>.toml`. A key no layer of
//! the language gives stays English, with a warning naming it. English is the key set:
//! a key no English file has is unknown, warned at its place with a did-you-mean.
//!
//! Everything is looked up by language ([`Catalog`]) and made once per language, so
//! pages share one [`Words`] and a later multilingual build can hold several.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use icu_plurals::{PluralCategory, PluralRules};
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{did_you_mean, Diagnostic, SourceFile};
use crate::site_fs;

/// The language every key has words in.
pub const ENGLISH: &str = "en";

/// The folder of translation files, in a theme and at the site's root.
pub const DIR: &str = "i18n";

/// CLDR's plural forms, in the order [`Message::Plural`] keeps them.
const FORMS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// One key's words.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Text(String),
    /// By plural form, in [`FORMS`] order; `other` is always there.
    Plural([Option<String>; 6]),
}

/// The words of one language: every key the English files have.
#[derive(Debug)]
pub struct Words {
    /// The language as the site writes it (`fr-CA`).
    pub language: String,
    rules: PluralRules,
    messages: HashMap<String, Message>,
}

/// Every language a build has words for, by tag.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    languages: BTreeMap<String, Arc<Words>>,
}

impl Catalog {
    pub fn new(words: impl IntoIterator<Item = Arc<Words>>) -> Self {
        let languages = words.into_iter().map(|w| (w.language.clone(), w));
        Catalog {
            languages: languages.collect(),
        }
    }

    /// The words of `language`.
    pub fn get(&self, language: &str) -> Option<&Arc<Words>> {
        self.languages.get(language)
    }
}

impl Words {
    /// The text of `key` (a plural message's `other` form); the key itself if no
    /// English file has it, which only a theme's own template can ask for.
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        match self.messages.get(key) {
            Some(Message::Text(t)) => t,
            Some(Message::Plural(forms)) => forms[5].as_deref().unwrap_or(key),
            None => key,
        }
    }

    /// The text of `key`, if English has it.
    pub fn get(&self, key: &str) -> Option<&str> {
        match self.messages.get(key)? {
            Message::Text(t) => Some(t),
            Message::Plural(forms) => forms[5].as_deref(),
        }
    }

    /// The text of `key` with each `{name}` of `args` put in.
    pub fn format(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.text(key), args)
    }

    /// The form of `key` for the count `n` (its text when it has no forms).
    pub fn form<'a>(&'a self, key: &'a str, n: u64) -> &'a str {
        match self.messages.get(key) {
            Some(Message::Plural(forms)) => {
                let form = form_index(self.rules.category_for(n));
                forms[form]
                    .as_deref()
                    .or(forms[5].as_deref())
                    .unwrap_or(key)
            }
            _ => self.text(key),
        }
    }

    /// The form of `key` for the count `n`, with `{n}` (and `args`) put in.
    pub fn count(&self, key: &str, n: u64, args: &[(&str, &str)]) -> String {
        let text = self.form(key, n);
        let n = n.to_string();
        let mut all = vec![("n", n.as_str())];
        all.extend_from_slice(args);
        fill(text, &all)
    }

    /// Every key whose message is a text, with it: the theme's `t` variable.
    pub fn texts(&self) -> BTreeMap<&str, &str> {
        (self.messages.iter())
            .filter_map(|(k, m)| match m {
                Message::Text(t) => Some((k.as_str(), t.as_str())),
                Message::Plural(_) => None,
            })
            .collect()
    }

    /// Whether `key` has words in English.
    pub fn has(&self, key: &str) -> bool {
        self.messages.contains_key(key)
    }
}

fn form_index(category: PluralCategory) -> usize {
    match category {
        PluralCategory::Zero => 0,
        PluralCategory::One => 1,
        PluralCategory::Two => 2,
        PluralCategory::Few => 3,
        PluralCategory::Many => 4,
        PluralCategory::Other => 5,
    }
}

/// `text` with `{name}` replaced by each arg's value, in one pass.
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            let (_, v) = args.iter().find(|(k, _)| *k == name)?;
            Some((v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// One translation file: its name for messages and its text.
struct File {
    display: String,
    text: String,
}

/// The words of `language` for a site at `root` whose theme is `themes/<theme>/` (or
/// the built-in one), with warnings (keys left English,
/// unknown keys); errors for files that are no translation file.
pub fn load(
    root: &Path,
    theme: &str,
    language: &str,
) -> Result<(Words, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut english = HashMap::new();
    for file in layer(root, theme, ENGLISH, false, &mut problems) {
        read(&file, &mut english, None, &mut problems);
    }
    let mut messages = HashMap::new();
    let tags = broadest_first(language);
    let mut found = false;
    for tag in &tags {
        let with_site = true;
        for file in layer(root, theme, tag, with_site, &mut problems) {
            found = true;
            read(&file, &mut messages, Some(&english), &mut problems);
        }
    }
    if problems.iter().any(Diagnostic::is_error) {
        return Err(problems);
    }
    if !tags.iter().any(|t| t == ENGLISH) {
        problems.extend(left_english(language, found, &english, &messages));
    }
    for (key, message) in english {
        messages.entry(key).or_insert(message);
    }
    let words = Words {
        language: language.to_string(),
        rules: plural_rules(language),
        messages,
    };
    Ok((words, problems))
}

/// `fr-CA` → `fr`, `fr-CA`.
fn broadest_first(language: &str) -> Vec<String> {
    let parts: Vec<&str> = language.split('-').collect();
    (1..=parts.len()).map(|n| parts[..n].join("-")).collect()
}

/// The cardinal plural rules of `language`, or of English when ICU knows neither it
/// nor a broader tag of it.
fn plural_rules(language: &str) -> PluralRules {
    let rules = |tag: &str| {
        let locale = icu_locale_core::Locale::try_from_str(tag).ok()?;
        PluralRules::try_new_cardinal((&locale).into()).ok()
    };
    rules(language)
        .or_else(|| rules(language.split('-').next().unwrap_or(ENGLISH)))
        .or_else(|| rules(ENGLISH))
        .expect("ICU's compiled data has English")
}

/// The files of one tag: the built-in theme's, the theme's, and (`with_site`) the
/// site's own.
fn layer(
    root: &Path,
    theme: &str,
    tag: &str,
    with_site: bool,
    problems: &mut Vec<Diagnostic>,
) -> Vec<File> {
    let name = format!("{tag}.toml");
    let mut files = Vec::new();
    if let Some((_, bytes)) = crate::theme::files(DIR)
        .into_iter()
        .find(|(n, _)| *n == name)
    {
        files.push(File {
            display: format!("(built-in theme) {DIR}/{name}"),
            text: String::from_utf8_lossy(bytes).into_owned(),
        });
    }
    files.extend(site_file(
        root,
        &format!("themes/{theme}/{DIR}/{name}"),
        problems,
    ));
    if with_site {
        files.extend(site_file(root, &format!("{DIR}/{name}"), problems));
    }
    files
}

/// The site's file at `rel`, if there is one (a link is not followed).
fn site_file(root: &Path, rel: &str, problems: &mut Vec<Diagnostic>) -> Option<File> {
    match site_fs::entry(root, rel) {
        site_fs::Entry::File(path) => match std::fs::read_to_string(&path) {
            Ok(text) => Some(File {
                display: rel.to_string(),
                text,
            }),
            Err(e) => {
                let d = Diagnostic::error("i18n", format!("cannot read the translations: {e}"));
                problems.push(d.in_file(rel));
                None
            }
        },
        site_fs::Entry::Link(d) => {
            problems.push(d);
            None
        }
        site_fs::Entry::Missing | site_fs::Entry::Dir(_) => None,
    }
}

/// Reads `file` into `into`; with `english`, a key it lacks is warned of.
fn read(
    file: &File,
    into: &mut HashMap<String, Message>,
    english: Option<&HashMap<String, Message>>,
    problems: &mut Vec<Diagnostic>,
) {
    let source = SourceFile::new(file.display.clone(), file.text.as_str());
    let table = match DeTable::parse(&file.text) {
        Ok(t) => t.into_inner(),
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let d = Diagnostic::error("i18n", format!("invalid translation file: {}", e.message()));
            problems.push(d.at(&source, span));
            return;
        }
    };
    for (key, value) in table {
        let (key, key_span) = (key.get_ref().to_string(), key.span());
        if let Some(english) = english.filter(|e| !e.contains_key(&key)) {
            problems.push(unknown_key(&source, key_span, &key, english));
            continue;
        }
        match message(&source, value.get_ref(), value.span(), &key) {
            Ok(m) => {
                into.insert(key, m);
            }
            Err(d) => problems.push(d),
        }
    }
}

fn unknown_key(
    source: &SourceFile,
    span: Range<usize>,
    key: &str,
    english: &HashMap<String, Message>,
) -> Diagnostic {
    let d =
        Diagnostic::warning("i18n", format!("unknown translation key `{key}`")).at(source, span);
    match did_you_mean(key, english.keys().map(String::as_str)) {
        Some(s) => d.help(format!("did you mean `{s}`?")),
        None => d.help(format!(
            "the keys are those of the theme's {DIR}/{ENGLISH}.toml; this one is not used"
        )),
    }
}

/// A key's value as a message: a string, or a table of plural forms with `other`.
fn message(
    source: &SourceFile,
    value: &DeValue<'_>,
    span: Range<usize>,
    key: &str,
) -> Result<Message, Diagnostic> {
    let wrong = |span: Range<usize>, what: String| {
        Diagnostic::error("i18n", what).at(source, span).help(
            "write `key = \"words\"`, or for a count `key = { one = \"{n} claim\", other = \"{n} claims\" }` \
             (plural forms: zero, one, two, few, many, other)",
        )
    };
    let table = match value {
        DeValue::String(s) => return Ok(Message::Text(s.to_string())),
        DeValue::Table(t) => t,
        _ => {
            return Err(wrong(
                span,
                format!("`{key}` must be a string or a table of plural forms"),
            ))
        }
    };
    let mut forms: [Option<String>; 6] = Default::default();
    for (form, text) in table {
        let Some(i) = FORMS.iter().position(|f| *f == form.get_ref().as_ref()) else {
            return Err(wrong(
                form.span(),
                format!("`{}` is no plural form", form.get_ref()),
            ));
        };
        let DeValue::String(s) = text.get_ref() else {
            return Err(wrong(
                text.span(),
                format!("`{key}.{}` must be a string", FORMS[i]),
            ));
        };
        forms[i] = Some(s.to_string());
    }
    if forms[5].is_none() {
        return Err(wrong(span, format!("`{key}` has no `other` form")));
    }
    Ok(Message::Plural(forms))
}

/// One warning per key of English that `language` has no words for; one for them all
/// when no file of the language was found.
fn left_english(
    language: &str,
    found: bool,
    english: &HashMap<String, Message>,
    messages: &HashMap<String, Message>,
) -> Vec<Diagnostic> {
    if !found {
        let d = Diagnostic::warning(
            "i18n",
            format!("the theme has no translation into `{language}`: its words stay English"),
        );
        let help = format!(
            "add {DIR}/{language}.toml at the site's root with the keys of the theme's \
             {DIR}/{ENGLISH}.toml (`byline theme eject` shows them)"
        );
        return vec![d.in_file(crate::config::FILE_NAME).help(help)];
    }
    let mut missing: Vec<&String> = english
        .keys()
        .filter(|k| !messages.contains_key(*k))
        .collect();
    missing.sort();
    missing
        .into_iter()
        .map(|key| {
            Diagnostic::warning(
                "i18n",
                format!("no `{language}` translation of `{key}`: English is used"),
            )
            .in_file(format!("{DIR}/{language}.toml"))
            .help(format!(
                "add `{key}` to {DIR}/{language}.toml at the site's root"
            ))
        })
        .collect()
}

/// The built-in theme's English words, for other modules' unit tests.
#[cfg(test)]
pub fn english() -> Words {
    load(Path::new("/nonexistent"), "default", ENGLISH)
        .unwrap()
        .0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(language: &str) -> Words {
        let dir = tempfile::tempdir().unwrap();
        load(dir.path(), "default", language).unwrap().0
    }

    #[test]
    fn fill_puts_in_named_values_and_keeps_other_braces() {
        assert_eq!(
            fill("{n} of {total} {x}", &[("n", "1"), ("total", "2")]),
            "1 of 2 {x}"
        );
        assert_eq!(fill("{", &[]), "{");
    }

    #[test]
    fn a_region_falls_back_to_its_language_then_english() {
        assert_eq!(broadest_first("fr-CA"), ["fr", "fr-CA"]);
        let w = words("fr-CA");
        assert_eq!(w.text("nav_home"), "Accueil");
        let (_, warnings) = load(Path::new("/nonexistent"), "default", "xx").unwrap();
        assert_eq!(warnings.len(), 1);
        assert!(words("xx").text("nav_home") == "Home");
    }

    #[test]
    fn plurals_follow_the_language() {
        let ru = words("ru");
        let forms: Vec<String> = [1, 3, 5, 21]
            .iter()
            .map(|&n| ru.count("claim_count", n, &[]))
            .collect();
        assert_eq!(
            forms,
            [
                "1 утверждение",
                "3 утверждения",
                "5 утверждений",
                "21 утверждение"
            ]
        );
        let ar = words("ar");
        assert_ne!(
            ar.count("source_count", 2, &[]),
            ar.count("source_count", 3, &[])
        );
        assert_eq!(words("en").count("source_count", 1, &[]), "1 source");
        assert_eq!(words("fr").count("source_count", 0, &[]), "0 source");
    }

    #[test]
    fn every_shipped_language_has_exactly_the_english_keys() {
        let keys = |name: &str| {
            let (_, bytes) = crate::theme::files(DIR)
                .into_iter()
                .find(|(n, _)| n == name)
                .unwrap();
            let mut into = HashMap::new();
            let mut problems = Vec::new();
            let file = File {
                display: name.into(),
                text: String::from_utf8_lossy(bytes).into(),
            };
            read(&file, &mut into, None, &mut problems);
            assert!(problems.is_empty(), "{name}: {problems:?}");
            let mut keys: Vec<String> = into.into_keys().collect();
            keys.sort();
            keys
        };
        let english = keys("en.toml");
        let files = crate::theme::files(DIR);
        assert!(files.len() >= 8);
        for (name, _) in files {
            assert_eq!(keys(&name), english, "{name}");
        }
    }

    #[test]
    fn unknown_and_malformed_keys_are_placed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(DIR)).unwrap();
        let write = |text: &str| std::fs::write(dir.path().join("i18n/fr.toml"), text).unwrap();
        write("nav_hom = \"Début\"\n");
        let (w, warnings) = load(dir.path(), "default", "fr").unwrap();
        assert_eq!(w.text("nav_home"), "Accueil");
        let d = &warnings[0];
        assert_eq!(
            (d.file_name(), d.line_col()),
            (Some("i18n/fr.toml"), Some((1, 1)))
        );
        assert!(d.to_json().to_string().contains("did you mean `nav_home`?"));
        write("claim_count = { one = \"x\" }\n");
        let e = load(dir.path(), "default", "fr").unwrap_err();
        assert!(
            e[0].to_json().to_string().contains("has no `other` form"),
            "{e:?}"
        );
    }
}
