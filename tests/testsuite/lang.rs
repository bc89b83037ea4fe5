//! The site's language (issue 19): dates written in it, with the digits the site
//! chooses; right-to-left languages marked `dir="rtl"`; mixed-direction names and
//! titles isolated; `inLanguage` in JSON-LD and `xml:lang` on the feeds.

use crate::support::*;

const ARTICLE: &str = "---
title: Aleppo
date: 2016-12-08
updated: 2017-03-01
sources:
  - id: un
    title: UN remarks
    date: 2016-12-09
claims:
  - id: halt
    text: The offensive was halted.
    status: disputed
    as_of: 2016-12-10
    asserted_by: [un]
---

The UN spoke [@un].
";

fn site(language: &str, digits: Option<&str>) -> String {
    let digits = digits.map_or(String::new(), |d| format!("digits = \"{d}\"\n"));
    format!("{SITE_TOML}language = \"{language}\"\n{digits}")
}

fn built(language: &str, digits: Option<&str>) -> Run {
    Test::new()
        .file("site.toml", site(language, digits))
        .file("content/a.md", ARTICLE)
        .run()
}

#[test]
fn every_date_on_a_page_is_written_in_the_sites_language_and_datetime_stays_iso() {
    for (language, published, updated, as_of) in [
        ("en", "8 December 2016", "1 March 2017", "10 December 2016"),
        ("fr", "8 décembre 2016", "1er mars 2017", "10 décembre 2016"),
        (
            "de",
            "8. Dezember 2016",
            "1. März 2017",
            "10. Dezember 2016",
        ),
        (
            "es",
            "8 de diciembre de 2016",
            "1 de marzo de 2017",
            "10 de diciembre de 2016",
        ),
        (
            "pt",
            "8 de dezembro de 2016",
            "1 de março de 2017",
            "10 de dezembro de 2016",
        ),
        ("ru", "8 декабря 2016", "1 марта 2017", "10 декабря 2016"),
        ("uk", "8 грудня 2016", "1 березня 2017", "10 грудня 2016"),
        ("ar", "8 ديسمبر 2016", "1 مارس 2017", "10 ديسمبر 2016"),
    ] {
        let run = built(language, None);
        let html = run.read("a/index.html");
        let time = |iso: &str, shown: &str| format!("<time datetime=\"{iso}\">{shown}</time>");
        for expected in [
            // The words around them are the theme's (i18n.rs tests those).
            format!(" {}</span>", time("2016-12-08", published)),
            format!(" {}</span>", time("2017-03-01", updated)),
            format!(" {}</span>", time("2016-12-10", as_of)),
        ] {
            assert!(
                html.contains(&expected),
                "{language}: no {expected} in {html}"
            );
        }
        // The source's date, the day before the claim was assessed.
        let source_date = time("2016-12-09", &as_of.replacen("10", "9", 1));
        assert!(html.contains(&source_date), "{language}: no {source_date}");
        let home = run.read("index.html");
        assert!(
            home.contains(&time("2016-12-08", published)),
            "{language}: {home}"
        );
        let ledger = run.read("claims/index.html");
        assert!(
            ledger.contains(&time("2016-12-10", as_of)),
            "{language}: {ledger}"
        );
    }
}

#[test]
fn the_site_chooses_the_digits_of_its_dates() {
    let html = built("ar", Some("arab")).read("a/index.html");
    assert!(html.contains("<time datetime=\"2016-12-08\">٨ ديسمبر ٢٠١٦</time>"));
    let html = built("fa", None).read("a/index.html");
    assert!(html.contains("<time datetime=\"2016-12-08\">۸ دسامبر ۲۰۱۶</time>"));
    let html = built("fa", Some("latn")).read("a/index.html");
    assert!(html.contains("<time datetime=\"2016-12-08\">8 دسامبر 2016</time>"));
}

#[test]
fn a_right_to_left_language_sets_dir_on_every_page_and_a_left_to_right_one_does_not() {
    let run = Test::fixture("rtl").run();
    for page in [
        "index.html",
        "reports/bridge/index.html",
        "claims/index.html",
        "404.html",
    ] {
        let html = run.read(page);
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">\n"),
            "{page}"
        );
    }
    for language in ["he", "fa-IR", "ur", "ku-Arab"] {
        let html = built(language, None).read("index.html");
        let expected = format!("<html lang=\"{language}\" dir=\"rtl\">");
        assert!(html.contains(&expected), "{language}");
    }
    let html = built("en-GB", None).read("index.html");
    assert!(html.contains("<html lang=\"en-GB\">\n"));
}

#[test]
fn names_and_titles_in_another_direction_are_isolated_with_their_language() {
    let run = Test::fixture("rtl").run();
    let html = run.read("reports/bridge/index.html");
    for expected in [
        // The English source's title and quote, and the Arabic one's.
        "<cite class=\"source__title\" dir=\"auto\" lang=\"en\"><a href=\"https://example.org/parade\">Parade route announcement</a></cite>",
        "<blockquote class=\"source__quote\" dir=\"auto\" lang=\"en\"><p>The parade will cross the Long Bridge at noon on 8 December.</p></blockquote>",
        "<cite class=\"source__title\" dir=\"auto\" lang=\"ar\">",
        "<bdi>J. Organiser</bdi>",
        "<bdi class=\"source__publisher\">Spring Parade Committee</bdi>",
        // Authors, and the sources each claim names.
        "<bdi>مكتب التحقق</bdi> و<bdi>Jane Reporter</bdi>",
        "<span class=\"ref-num\">[2]</span> <bdi>Parade route announcement</bdi></a><span class=\"ref-pub\">, <bdi>Spring Parade Committee</bdi></span>",
    ] {
        assert!(html.contains(expected), "no {expected} in {html}");
    }
    let claim = run.read("claims/reports/bridge/repairs/index.html");
    for expected in [
        "<a href=\"/claimants/city-council/\"><bdi>City Council</bdi></a>",
        "<bdi lang=\"ar\">إشعار بالإغلاق المؤقت للجسر الطويل</bdi>",
    ] {
        assert!(claim.contains(expected), "no {expected} in {claim}");
    }
    let claim = run.read("claims/reports/bridge/route/index.html");
    assert!(claim.contains("<bdi lang=\"en\">Parade route announcement</bdi>"));
    let home = run.read("index.html");
    assert!(home.contains("<h2 class=\"article-card__title\" dir=\"auto\">"));
}

#[test]
fn json_ld_and_feeds_say_the_sites_language() {
    let run = Test::fixture("rtl").run();
    let article = run.read("reports/bridge/index.html");
    let headline = "\"headline\":\"هل أُغلق الجسر الطويل للإصلاح أم من أجل الموكب؟\",\"inLanguage\":\"ar\",\"keywords\":[\"نقل\",\"البلدية\"]";
    assert!(article.contains(headline), "{article}");
    let reviews = article.matches("\"@type\":\"ClaimReview\"").count();
    assert_eq!(reviews, 0, "claim pages carry the reviews");
    let claim = run.read("claims/reports/bridge/repairs/index.html");
    assert!(
        claim.contains("\"datePublished\":\"2016-12-10\",\"inLanguage\":\"ar\",\"itemReviewed\""),
        "{claim}"
    );
    let home = run.read("index.html");
    assert!(home.contains("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"WebSite\",\"description\":\"شروح تبيّن مصدر كل ادعاء ومدى يقيننا منه.\",\"inLanguage\":\"ar\",\"name\":\"مكتب التحقق\",\"publisher\":{\"@type\":\"Organization\",\"name\":\"مكتب التحقق\",\"url\":\"https://example.org/\"},\"url\":\"https://example.org/\"}</script>"), "{home}");
    for feed in ["atom.xml", "corrections/atom.xml", "tags/nql/atom.xml"] {
        let xml = run.read(feed);
        assert!(
            xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ar\">"),
            "{feed}: {xml}"
        );
    }
}

#[test]
fn a_language_that_is_no_tag_and_digits_byline_does_not_know_are_both_errors() {
    Test::new()
        .file("site.toml", site("english!", Some("roman")))
        .failure()
        .stderr(
            "error[config]: `english!` is not a language tag: its language subtag is invalid
  --> site.toml:3:12
  |
3 | language = \"english!\"
  |            ^^^^^^^^^^
  |
  = help: write a BCP 47 language tag, like language = \"ar\", \"fr\" or \"pt-BR\"

error[config]: `digits` takes \"latn\", \"arab\", \"arabext\", not `roman`
  --> site.toml:4:10
  |
4 | digits = \"roman\"
  |          ^^^^^^^
  |
  = help: \"latn\" writes 0123456789, \"arab\" ٠١٢٣٤٥٦٧٨٩, \"arabext\" ۰۱۲۳۴۵۶۷۸۹; leave it out for the language's usual digits

error: build failed with 2 errors
",
        )
        .run();
}
