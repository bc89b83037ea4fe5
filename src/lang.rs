//! The language a site is written in, as its pages show it: the tag (`<html lang>`,
//! feeds, JSON-LD), the direction its text runs, and how a date is written ("8 décembre
//! 2016", "8 декабря 2016", "8 ديسمبر 2016") with the digits the site chooses.
//!
//! Everything that writes a date takes a `Lang` as a parameter, never a global, so that
//! one build can one day render several languages. Month names come from glibc's
//! locales (`pure-rust-locales`, compiled in); glibc's `mon` is the form a date uses,
//! genitive where the language has one (Russian "декабря", Polish "grudnia"). The order
//! and the words around the month, which glibc keeps only in numeric formats, are
//! byline's table below ([`form`]). A language the table lacks keeps the English form.

use chrono::{Datelike, NaiveDate};
use pure_rust_locales as glibc;
use serde::Serialize;

/// The direction a language's text runs, as `dir` writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dir {
    Ltr,
    Rtl,
}

/// The digits dates are written with, named as Unicode's CLDR names numbering systems.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digits {
    /// 0123456789
    Latn,
    /// Arabic-Indic: ٠١٢٣٤٥٦٧٨٩
    Arab,
    /// Extended Arabic-Indic (Persian, Urdu): ۰۱۲۳۴۵۶۷۸۹
    Arabext,
}

impl Digits {
    /// What `digits` names in site.toml, for the JSON schema and messages.
    pub const NAMES: [&'static str; 3] = ["latn", "arab", "arabext"];

    /// The digits site.toml names (`"arab"`).
    pub fn named(name: &str) -> Option<Digits> {
        match name {
            "latn" => Some(Digits::Latn),
            "arab" => Some(Digits::Arab),
            "arabext" => Some(Digits::Arabext),
            _ => None,
        }
    }

    fn zero(self) -> char {
        match self {
            Digits::Latn => '0',
            Digits::Arab => '\u{660}',
            Digits::Arabext => '\u{6F0}',
        }
    }

    fn write(self, n: i64, out: &mut String) {
        let zero = self.zero() as u32;
        for c in n.to_string().chars() {
            match c.to_digit(10) {
                Some(d) => out.extend(char::from_u32(zero + d)),
                None => out.push(c),
            }
        }
    }
}

/// A language as pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lang {
    tag: String,
    dir: Dir,
    form: &'static Form,
    digits: Digits,
}

impl Default for Lang {
    fn default() -> Self {
        Lang::new("en", None)
    }
}

impl Lang {
    /// The language of a BCP 47 tag; `digits` as the site chose, else as newsrooms
    /// writing the language use (Persian: its own digits; every other: 0–9).
    pub fn new(tag: &str, digits: Option<Digits>) -> Lang {
        let (language, script) = subtags(tag);
        let digits = digits.unwrap_or(match language.as_str() {
            "fa" => Digits::Arabext,
            _ => Digits::Latn,
        });
        Lang {
            tag: tag.to_string(),
            dir: direction(&language, script.as_deref()),
            form: form(&language),
            digits,
        }
    }

    pub fn tag(&self) -> &str {
        &self.tag
    }

    pub fn dir(&self) -> Dir {
        self.dir
    }

    /// The language's name in itself ("Français", "العربية"), for a language switcher;
    /// the tag for a language byline has no name for.
    pub fn name(&self) -> String {
        let (language, _) = subtags(&self.tag);
        let Some(name) = autonym(&language) else {
            return self.tag.clone();
        };
        let mut chars = name.chars();
        chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    }

    /// A calendar day as this language writes it in running text.
    pub fn date(&self, day: NaiveDate) -> String {
        let f = self.form;
        let mut out = String::with_capacity(32);
        self.digits.write(i64::from(day.day()), &mut out);
        if day.day() == 1 {
            out.push_str(f.first);
        }
        out.push_str(f.before_month);
        out.push_str(f.months[day.month0() as usize]);
        out.push_str(f.before_year);
        self.digits.write(i64::from(day.year()), &mut out);
        out.push_str(f.after_year);
        out
    }
}

/// The primary language subtag and the script subtag, lowercase.
fn subtags(tag: &str) -> (String, Option<String>) {
    match oxilangtag::LanguageTag::parse(tag) {
        Ok(t) => (
            t.primary_language().to_ascii_lowercase(),
            t.script().map(str::to_ascii_lowercase),
        ),
        Err(_) => {
            let first = tag.split(['-', '_']).next().unwrap_or_default();
            (first.to_ascii_lowercase(), None)
        }
    }
}

/// Right to left when the script says so, or, without one, when the language's usual
/// script runs that way.
fn direction(language: &str, script: Option<&str>) -> Dir {
    const RTL_SCRIPTS: [&str; 10] = [
        "adlm", "arab", "hebr", "mand", "mend", "nkoo", "rohg", "samr", "syrc", "thaa",
    ];
    const RTL_LANGUAGES: [&str; 16] = [
        "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ji", "ks", "ps", "sd", "syr", "ug", "ur",
        "yi", "prs",
    ];
    let rtl = match script {
        Some(s) => RTL_SCRIPTS.contains(&s),
        None => RTL_LANGUAGES.contains(&language),
    };
    if rtl {
        Dir::Rtl
    } else {
        Dir::Ltr
    }
}

/// How a language writes a date: day, month, year, with the words between them.
#[derive(Debug, PartialEq, Eq)]
struct Form {
    months: &'static [&'static str],
    /// After the day when it is the first of the month (French "1er").
    first: &'static str,
    before_month: &'static str,
    before_year: &'static str,
    after_year: &'static str,
}

const ENGLISH_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const fn day_month_year(months: &'static [&'static str]) -> Form {
    Form {
        months,
        first: "",
        before_month: " ",
        before_year: " ",
        after_year: "",
    }
}

const fn with_dot(months: &'static [&'static str]) -> Form {
    Form {
        before_month: ". ",
        ..day_month_year(months)
    }
}

const fn with_de(months: &'static [&'static str]) -> Form {
    Form {
        before_month: " de ",
        before_year: " de ",
        ..day_month_year(months)
    }
}

static ENGLISH: Form = day_month_year(&ENGLISH_MONTHS);

/// The form of a language (its primary subtag, lowercase); English for one not listed.
fn form(language: &str) -> &'static Form {
    static FRENCH: Form = Form {
        first: "er",
        ..day_month_year(glibc::fr_FR::LC_TIME::MON)
    };
    static GERMAN: Form = with_dot(glibc::de_DE::LC_TIME::MON);
    static SPANISH: Form = with_de(glibc::es_ES::LC_TIME::MON);
    static PORTUGUESE: Form = with_de(glibc::pt_PT::LC_TIME::MON);
    static ITALIAN: Form = day_month_year(glibc::it_IT::LC_TIME::MON);
    static DUTCH: Form = day_month_year(glibc::nl_NL::LC_TIME::MON);
    static POLISH: Form = day_month_year(glibc::pl_PL::LC_TIME::MON);
    static CZECH: Form = with_dot(glibc::cs_CZ::LC_TIME::MON);
    static RUSSIAN: Form = day_month_year(glibc::ru_RU::LC_TIME::MON);
    static UKRAINIAN: Form = day_month_year(glibc::uk_UA::LC_TIME::MON);
    static GREEK: Form = day_month_year(glibc::el_GR::LC_TIME::MON);
    static TURKISH: Form = day_month_year(glibc::tr_TR::LC_TIME::MON);
    static SWEDISH: Form = day_month_year(glibc::sv_SE::LC_TIME::MON);
    static DANISH: Form = with_dot(glibc::da_DK::LC_TIME::MON);
    static NORWEGIAN: Form = with_dot(glibc::nb_NO::LC_TIME::MON);
    static CROATIAN: Form = Form {
        after_year: ".",
        ..with_dot(glibc::hr_HR::LC_TIME::MON)
    };
    static INDONESIAN: Form = day_month_year(glibc::id_ID::LC_TIME::MON);
    static ARABIC: Form = day_month_year(glibc::ar_EG::LC_TIME::MON);
    static HEBREW: Form = Form {
        before_month: " ב",
        ..day_month_year(glibc::he_IL::LC_TIME::MON)
    };
    static PERSIAN: Form = day_month_year(glibc::fa_IR::LC_TIME::MON);
    static URDU: Form = day_month_year(glibc::ur_PK::LC_TIME::MON);
    match language {
        "fr" => &FRENCH,
        "de" => &GERMAN,
        "es" => &SPANISH,
        "pt" => &PORTUGUESE,
        "it" => &ITALIAN,
        "nl" => &DUTCH,
        "pl" => &POLISH,
        "cs" => &CZECH,
        "ru" => &RUSSIAN,
        "uk" => &UKRAINIAN,
        "el" => &GREEK,
        "tr" => &TURKISH,
        "sv" => &SWEDISH,
        "da" => &DANISH,
        "nb" | "no" => &NORWEGIAN,
        "hr" => &CROATIAN,
        "id" => &INDONESIAN,
        "ar" => &ARABIC,
        "he" | "iw" => &HEBREW,
        "fa" => &PERSIAN,
        "ur" => &URDU,
        _ => &ENGLISH,
    }
}

/// The name glibc gives a language (its primary subtag) in itself, for the languages
/// whose dates byline writes.
fn autonym(language: &str) -> Option<&'static str> {
    match language {
        "en" => glibc::en_US::LC_ADDRESS::LANG_NAME,
        "fr" => glibc::fr_FR::LC_ADDRESS::LANG_NAME,
        "de" => glibc::de_DE::LC_ADDRESS::LANG_NAME,
        "es" => glibc::es_ES::LC_ADDRESS::LANG_NAME,
        "pt" => glibc::pt_PT::LC_ADDRESS::LANG_NAME,
        "it" => glibc::it_IT::LC_ADDRESS::LANG_NAME,
        "nl" => glibc::nl_NL::LC_ADDRESS::LANG_NAME,
        "pl" => glibc::pl_PL::LC_ADDRESS::LANG_NAME,
        "cs" => glibc::cs_CZ::LC_ADDRESS::LANG_NAME,
        "ru" => glibc::ru_RU::LC_ADDRESS::LANG_NAME,
        "uk" => glibc::uk_UA::LC_ADDRESS::LANG_NAME,
        "el" => glibc::el_GR::LC_ADDRESS::LANG_NAME,
        "tr" => glibc::tr_TR::LC_ADDRESS::LANG_NAME,
        "sv" => glibc::sv_SE::LC_ADDRESS::LANG_NAME,
        "da" => glibc::da_DK::LC_ADDRESS::LANG_NAME,
        "nb" | "no" => glibc::nb_NO::LC_ADDRESS::LANG_NAME,
        "hr" => glibc::hr_HR::LC_ADDRESS::LANG_NAME,
        "id" => glibc::id_ID::LC_ADDRESS::LANG_NAME,
        "ar" => glibc::ar_EG::LC_ADDRESS::LANG_NAME,
        "he" | "iw" => glibc::he_IL::LC_ADDRESS::LANG_NAME,
        "fa" => glibc::fa_IR::LC_ADDRESS::LANG_NAME,
        "ur" => glibc::ur_PK::LC_ADDRESS::LANG_NAME,
        _ => None,
    }
}

/// The English name of a month (1–12), for messages.
pub fn english_month(month: u32) -> &'static str {
    ENGLISH_MONTHS[(month.clamp(1, 12) - 1) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn date(tag: &str, digits: Option<Digits>, d: NaiveDate) -> String {
        Lang::new(tag, digits).date(d)
    }

    #[test]
    fn each_language_writes_a_date_its_own_way() {
        let d = day(2016, 12, 8);
        for (tag, expected) in [
            ("en", "8 December 2016"),
            ("en-GB", "8 December 2016"),
            ("fr", "8 décembre 2016"),
            ("de", "8. Dezember 2016"),
            ("es", "8 de diciembre de 2016"),
            ("pt-BR", "8 de dezembro de 2016"),
            ("ru", "8 декабря 2016"),
            ("uk", "8 грудня 2016"),
            ("pl", "8 grudnia 2016"),
            ("cs", "8. prosince 2016"),
            ("hr", "8. prosinca 2016."),
            ("ar", "8 ديسمبر 2016"),
            ("he", "8 בדצמבר 2016"),
            ("fa", "۸ دسامبر ۲۰۱۶"),
            ("ja", "8 December 2016"),
        ] {
            assert_eq!(date(tag, None, d), expected, "{tag}");
        }
    }

    #[test]
    fn russian_and_ukrainian_take_the_genitive_in_every_month() {
        assert_eq!(date("ru", None, day(2024, 3, 1)), "1 марта 2024");
        assert_eq!(date("uk", None, day(2024, 5, 31)), "31 травня 2024");
    }

    #[test]
    fn the_first_of_the_month_in_french_is_1er() {
        assert_eq!(date("fr-CA", None, day(2016, 12, 1)), "1er décembre 2016");
        assert_eq!(date("fr", None, day(2016, 12, 2)), "2 décembre 2016");
    }

    #[test]
    fn digits_are_the_sites_choice() {
        let d = day(2016, 12, 8);
        assert_eq!(date("ar", Some(Digits::Arab), d), "٨ ديسمبر ٢٠١٦");
        assert_eq!(date("ar", Some(Digits::Latn), d), "8 ديسمبر 2016");
        assert_eq!(date("fa", Some(Digits::Latn), d), "8 دسامبر 2016");
        assert_eq!(date("ur", Some(Digits::Arabext), d), "۸ دسمبر ۲۰۱۶");
        assert_eq!(
            date("en", Some(Digits::Arab), day(9, 1, 10)),
            "١٠ January ٩"
        );
    }

    #[test]
    fn direction_follows_the_script_or_else_the_language() {
        for tag in [
            "ar", "ar-EG", "he", "fa-IR", "ur", "ps", "az-Arab", "ku-Arab", "yi",
        ] {
            assert_eq!(Lang::new(tag, None).dir(), Dir::Rtl, "{tag}");
        }
        for tag in [
            "en",
            "fr",
            "ar-Latn",
            "zh-Hant",
            "tr",
            "x-private",
            "not a tag",
        ] {
            assert_eq!(Lang::new(tag, None).dir(), Dir::Ltr, "{tag}");
        }
    }

    #[test]
    fn a_language_is_named_in_itself() {
        assert_eq!(Lang::new("fr", None).name(), "Français");
        assert_eq!(Lang::new("ar", None).name(), "العربية");
        assert_eq!(Lang::new("pt-BR", None).name(), "Português");
        assert_eq!(Lang::new("tlh", None).name(), "tlh");
    }
}
