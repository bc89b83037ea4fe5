//! Article assets: an article in a folder of its own publishes the files beside it,
//! its images get their size and alt text checked, a titled image alone in its
//! paragraph is a figure with a caption and a credit, and nothing in `content/` is
//! dropped silently or read from outside the article's folder.

use crate::support::*;

/// A 3×2 PNG (its header is all byline reads).
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    b.extend(width.to_be_bytes());
    b.extend(height.to_be_bytes());
    b.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    b
}

const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 360\"><rect width=\"640\" height=\"360\"/></svg>\n";

fn article(body: &str) -> String {
    format!("---\ntitle: Buses\ndate: 2016-12-15\n---\n\n{body}")
}

/// `article`, with a source to credit.
fn sourced(body: &str) -> String {
    article(body).replace("date: 2016-12-15\n", "date: 2016-12-15\nsources:\n  - id: icrc\n    title: Evacuation statement\n    publisher: ICRC\n")
}

#[test]
fn an_articles_folder_publishes_its_files_under_its_url_with_their_size() {
    let run = Test::new()
        .file("content/news/buses/index.md", article("![Buses leave east Aleppo](bus.png)\n\nText.\n\n![A chart of departures](charts/departures.svg)\n\n[The data](data/departures.csv)\n"))
        .file("content/news/buses/bus.png", png(3, 2))
        .file("content/news/buses/charts/departures.svg", SVG)
        .file("content/news/buses/data/departures.csv", "day,buses\n")
        .run();
    let page = run.read("news/buses/index.html");
    assert!(page.contains("<p><img src=\"/news/buses/bus.png\" alt=\"Buses leave east Aleppo\" width=\"3\" height=\"2\" decoding=\"async\"></p>"), "{page}");
    assert!(page.contains("<p><img src=\"/news/buses/charts/departures.svg\" alt=\"A chart of departures\" width=\"640\" height=\"360\" loading=\"lazy\" decoding=\"async\"></p>"), "{page}");
    assert!(
        page.contains("<a href=\"/news/buses/data/departures.csv\">The data</a>"),
        "{page}"
    );
    assert_eq!(
        std::fs::read(run.path().join("public/news/buses/bus.png")).unwrap(),
        png(3, 2)
    );
    assert_eq!(run.read("news/buses/charts/departures.svg"), SVG);
    assert!(run.exists("news/buses/data/departures.csv"));
}

#[test]
fn an_articles_files_follow_its_slug_and_the_base_path() {
    let run = Test::new()
        .file(
            "site.toml",
            "title = \"T\"\nbase_url = \"https://example.org/sub/\"\n",
        )
        .file(
            "content/news/buses/index.md",
            article("![Buses](bus%20one.png)\n")
                .replace("title: Buses", "title: Buses\nslug: evacuation"),
        )
        .file("content/news/buses/bus one.png", png(3, 2))
        .run();
    let page = run.read("news/evacuation/index.html");
    assert!(
        page.contains("<img src=\"/sub/news/evacuation/bus%20one.png\""),
        "{page}"
    );
    assert!(run.exists("news/evacuation/bus one.png"));
}

#[test]
fn a_file_no_article_publishes_is_named_in_a_warning() {
    Test::new()
        .file("content/news/buses.md", article("Text.\n"))
        .file("content/news/bus.png", png(3, 2))
        .stderr("warning[unpublished-file]: content/news/bus.png: this file is not published: it is in no article's folder
 = help: to publish it with content/news/buses.md, make that article a folder: move it to content/news/buses/index.md and this file to content/news/buses/bus.png; or put the file in static/ to publish it as it is

Built 12 pages in [T] ms
")
        .run();
}

#[test]
fn an_image_beside_an_article_without_a_folder_is_an_error() {
    Test::new()
        .file("content/news/buses.md", article("![Buses](bus.png)\n"))
        .file("content/news/bus.png", png(3, 2))
        .failure()
        .stderr_contains("error[no-article-folder]: `bus.png` cannot be published with this article, which has no folder of its own
  --> content/news/buses.md:6:10
  |
6 | ![Buses](bus.png)
  |          ^^^^^^^
  |
  = help: move content/news/buses.md to content/news/buses/index.md and put its files beside it, in content/news/buses/
")
        .run();
}

#[test]
fn a_missing_image_is_an_error_with_the_name_meant() {
    Test::new()
        .file("content/a/index.md", article("Text.\n\n![Buses](buss.png)\n"))
        .file("content/a/bus.png", png(3, 2))
        .failure()
        .stderr("error[missing-image]: `buss.png` is not a file of this article: there is no content/a/buss.png
  --> content/a/index.md:8:10
  |
8 | ![Buses](buss.png)
  |          ^^^^^^^^
  |
  = help: did you mean `bus.png`?

error: build failed with 1 error
")
        .run();
}

#[test]
fn an_image_or_link_cannot_climb_out_of_its_articles_folder() {
    let run = Test::new()
        .file("content/a/index.md", article("![Other](../b/secret.png) and [a file](../b/notes.txt) and [up](../../../etc/passwd)\n"))
        .file("content/b/index.md", article("Text.\n"))
        .file("content/b/secret.png", png(3, 2))
        .file("content/b/notes.txt", "n")
        .failure()
        .run();
    assert_eq!(
        run.stderr.matches("error[outside-article]").count(),
        2,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "`../b/secret.png` leads out of this article's folder\n  --> content/a/index.md:6:10"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("`../b/notes.txt` leads out of this article's folder"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_local_image_needs_alt_text_unless_marked_decorative() {
    Test::new()
        .file("content/a/index.md", article("![](bus.png)\n\n![decorative](bus.png)\n"))
        .file("content/a/bus.png", png(3, 2))
        .failure()
        .stderr("error[missing-alt]: this image has no alt text
  --> content/a/index.md:6:1
  |
6 | ![](bus.png)
  | ^^
  |
  = help: describe what it shows for readers who cannot see it, `![Bar chart of …](chart.png)`; an image that is only decoration is written `![decorative](…)`

error: build failed with 1 error
")
        .run();
    let run = Test::new()
        .file("content/a/index.md", article("![decorative](bus.png)\n"))
        .file("content/a/bus.png", png(3, 2))
        .run();
    assert!(run
        .read("a/index.html")
        .contains("<img src=\"/a/bus.png\" alt=\"\" width=\"3\""));
}

#[test]
fn a_titled_image_alone_in_its_paragraph_is_a_figure_credited_to_a_source() {
    let run = Test::new()
        .file("content/a/index.md", sourced("![Buses in a queue](bus.png \"Buses wait at Ramouseh. Credit: @icrc\")\n\nInline ![a bus](bus.png \"A bus\") stays an image.\n\n![Chart](bus.png \"Departures by day. Credit: Jane Doe/AFP\")\n"))
        .file("content/a/bus.png", png(3, 2))
        .run();
    let page = run.read("a/index.html");
    assert!(page.contains("<figure class=\"figure\">\n<img src=\"/a/bus.png\" alt=\"Buses in a queue\" width=\"3\" height=\"2\" decoding=\"async\">\n<figcaption>Buses wait at Ramouseh. <span class=\"figure__credit\">Credit: ICRC<sup class=\"citation\"><a href=\"#source-icrc\" id=\"cite-1\" aria-label=\"Source 1: Evacuation statement\">[1]</a></sup></span></figcaption>\n</figure>\n"), "{page}");
    assert!(page.contains("<p>Inline <img src=\"/a/bus.png\" alt=\"a bus\" width=\"3\" height=\"2\" title=\"A bus\" loading=\"lazy\" decoding=\"async\"> stays an image.</p>"), "{page}");
    assert!(page.contains("<figcaption>Departures by day. <span class=\"figure__credit\">Credit: Jane Doe/AFP</span></figcaption>"), "{page}");
    // The sidebar's entry leads back to the credit.
    assert!(page.contains("href=\"#cite-1\""), "{page}");
    assert_fragments_resolve(&page);
}

#[test]
fn a_credit_naming_no_source_is_an_error_where_it_is_written() {
    Test::new()
        .file(
            "content/a/index.md",
            sourced("![Buses](bus.png \"Buses. Credit: @icr\")\n"),
        )
        .file("content/a/bus.png", png(3, 2))
        .failure()
        .stderr_contains(
            "error[unknown-source]: citation `@icr` names no source of this article
   --> content/a/index.md:10:35
",
        )
        .stderr_contains("did you mean `icrc`?")
        .run();
}

#[test]
fn an_image_whose_size_cannot_be_read_is_an_error() {
    let run = Test::new()
        .file(
            "content/a/index.md",
            article("![A](a.png) ![B](huge.png) ![C](c.svg)\n"),
        )
        .file("content/a/a.png", "not an image")
        .file("content/a/huge.png", png(1_000_000, 1_000_000))
        .file("content/a/c.svg", "<svg width=\"100%\"/>")
        .failure()
        .run();
    for part in [
        "byline cannot tell the size of `a.png`: it is not a JPEG, PNG, GIF, WebP, AVIF or SVG image",
        "byline cannot tell the size of `huge.png`: it is 1000000×1000000 pixels, more than the 20000 a side byline publishes",
        "byline cannot tell the size of `c.svg`: the root <svg> element has neither a width and a height in pixels nor a viewBox",
    ] {
        assert!(run.stderr.contains(part), "{part}\n{}", run.stderr);
    }
}

#[test]
fn an_svg_that_can_run_code_is_refused_unless_writers_are_trusted() {
    let svg = "<svg viewBox=\"0 0 1 1\"><script>alert(1)</script></svg>";
    Test::new()
        .file("content/a/index.md", article("Text.\n"))
        .file("content/a/x.svg", svg)
        .failure()
        .stderr_contains("error[svg-active-content]: content/a/x.svg: this SVG has a <script> element: opened by its URL, it could run code on the site\n")
        .run();
    Test::new()
        .file(
            "site.toml",
            format!("{SITE_TOML}[markdown]\nraw_html = \"trusted\"\n"),
        )
        .file("content/a/index.md", article("Text.\n"))
        .file("content/a/x.svg", svg)
        .run();
}

#[test]
fn a_file_where_the_articles_page_goes_is_an_error() {
    Test::new()
        .file("content/a/index.md", article("Text.\n"))
        .file("content/a/index.html", "<p>mine</p>")
        .failure()
        .stderr_contains("error[url-collision]: content/a/index.html: this file would be published at /a/index.html, where byline publishes a page (/a/index.html)\n")
        .run();
}

#[test]
fn a_linked_image_outside_the_site_is_never_published() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.png"), png(3, 2)).unwrap();
    let t = Test::new().file("content/a/index.md", article("Text.\n"));
    std::os::unix::fs::symlink(
        outside.path().join("secret.png"),
        t.path().join("content/a/secret.png"),
    )
    .unwrap();
    let run = t
        .failure()
        .stderr_contains("error[link-outside-site]")
        .run();
    assert!(!run.exists("a/secret.png"));
}

#[test]
fn the_social_image_may_name_an_articles_file_with_its_alt_text() {
    let run = Test::new()
        .file(
            "content/a/index.md",
            article("Text.\n").replace(
                "date:",
                "image: bus.png\nimage_alt: Buses leave east Aleppo\ndate:",
            ),
        )
        .file("content/a/bus.png", png(3, 2))
        .run();
    let page = run.read("a/index.html");
    assert!(page.contains("<meta property=\"og:image\" content=\"https://example.org/a/bus.png\">\n<meta property=\"og:image:alt\" content=\"Buses leave east Aleppo\">"), "{page}");
    Test::new()
        .file("content/a/index.md", article("Text.\n").replace("date:", "image: bus.jpg\ndate:"))
        .file("content/a/bus.png", png(3, 2))
        .failure()
        .stderr_contains("error[missing-image]: `bus.jpg` is not a file of this article: there is no content/a/bus.jpg\n  --> content/a/index.md:3:8\n")
        .run();
}

/// A real 80×40 PNG.
fn photo() -> Vec<u8> {
    let image = image::RgbImage::from_fn(80, 40, |x, y| image::Rgb([x as u8 * 3, y as u8 * 6, 90]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    image.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    bytes.into_inner()
}

#[test]
fn large_images_get_resized_copies_in_srcset_made_once_and_cached() {
    let t = Test::new()
        .file(
            "site.toml",
            format!("{SITE_TOML}[images]\nwidths = [16, 32, 160]\n"),
        )
        .file("content/a/index.md", article("![A photo](photo.png)\n"))
        .file("content/a/photo.png", photo());
    let run = t.run();
    let page = run.read("a/index.html");
    assert!(page.contains("<img src=\"/a/photo.png\" alt=\"A photo\" width=\"80\" height=\"40\" srcset=\"/a/photo.16w.png 16w, /a/photo.32w.png 32w, /a/photo.png 80w\" sizes=\"(min-width: 48em) 44em, 100vw\" decoding=\"async\">"), "{page}");
    let small = std::fs::read(run.path().join("public/a/photo.16w.png")).unwrap();
    let small = image::load_from_memory(&small).unwrap();
    assert_eq!((small.width(), small.height()), (16, 8));
    assert!(
        !run.exists("a/photo.160w.png"),
        "no copy wider than the original"
    );
    // The cache holds the copies by content hash; a rebuild takes them from there.
    let cache = run.path().join(".byline-cache/images");
    let mut cached: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cached.sort();
    assert_eq!(cached.len(), 2);
    let sixteen = cached
        .iter()
        .find(|p| p.to_string_lossy().ends_with("-16.png"))
        .unwrap();
    std::fs::write(sixteen, b"from the cache").unwrap();
    let run = run.then().run();
    assert_eq!(
        std::fs::read(run.path().join("public/a/photo.16w.png")).unwrap(),
        b"from the cache"
    );
    assert!(!run.exists(".byline-cache"), "the cache is not published");
}

#[test]
fn the_images_settings_are_checked_where_they_are_written() {
    Test::new()
        .file(
            "site.toml",
            format!("{SITE_TOML}[images]\nwidths = [480, 8]\n"),
        )
        .failure()
        .stderr_contains(
            "error[config]: a width must be from 16 to 20000 pixels\n  --> site.toml:4:16\n",
        )
        .run();
}

#[test]
fn resized_copies_are_the_same_bytes_with_or_without_the_cache() {
    let run = Test::new()
        .file(
            "site.toml",
            format!("{SITE_TOML}[images]\nwidths = [16, 32]\n"),
        )
        .file("content/a/index.md", article("![A photo](photo.png)\n"))
        .file("content/a/photo.png", photo())
        .run();
    let first = run.snapshot();
    std::fs::remove_dir_all(run.path().join(".byline-cache")).unwrap();
    let run = run.then().run();
    assert_eq!(run.snapshot(), first);
}

/// The names in the image cache, sorted.
fn cached(run: &Run) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(run.path().join(".byline-cache/images"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// The cache kept every copy ever made: a site whose photos changed, or whose widths
// did, grew its `.byline-cache/` without end. A build keeps the copies it used, as
// Zola keeps its processed images, and nothing in the cache that byline did not make.
#[test]
fn a_build_keeps_only_the_cached_copies_it_used_and_files_it_did_not_make() {
    let run = Test::new()
        .file(
            "site.toml",
            format!("{SITE_TOML}[images]\nwidths = [16, 32]\n"),
        )
        .file("content/a/index.md", article("![A photo](photo.png)\n"))
        .file("content/a/photo.png", photo())
        .run();
    let first = cached(&run);
    assert_eq!(first.len(), 2);
    std::fs::write(run.path().join(".byline-cache/images/notes.txt"), "mine").unwrap();
    let run = run
        .then()
        .file("site.toml", format!("{SITE_TOML}[images]\nwidths = [32]\n"))
        .run();
    let second = cached(&run);
    assert_eq!(
        second,
        [first[1].clone(), "notes.txt".to_string()],
        "{first:?}"
    );
    // `check` writes no copy, so it keeps every one.
    let run = run
        .then()
        .file("content/a/index.md", article("No photo now.\n"))
        .remove("content/a/photo.png")
        .args(&["check"])
        .run();
    assert_eq!(cached(&run), second);
    let run = run.then().run();
    assert_eq!(cached(&run), ["notes.txt"]);
}

#[test]
fn image_alt_without_an_image_is_an_error() {
    Test::new()
        .file("content/a.md", article("Text.\n").replace("date:", "image_alt: Buses\ndate:"))
        .failure()
        .stderr_contains("error[image-alt-without-image]: `image_alt` describes the article's `image`, which it does not set\n  --> content/a.md:3:12\n")
        .run();
}

#[test]
fn a_site_path_image_must_be_a_static_file_and_gets_its_size() {
    let run = Test::new()
        .file("content/a.md", article("![A map](/images/map.png)\n"))
        .file("static/images/map.png", png(3, 2))
        .run();
    assert!(run.read("a/index.html").contains(
        "<img src=\"/images/map.png\" alt=\"A map\" width=\"3\" height=\"2\" decoding=\"async\">"
    ));
    Test::new()
        .file("content/a.md", article("![A map](/images/mpa.png)\n"))
        .file("static/images/map.png", png(3, 2))
        .failure()
        .stderr_contains("error[missing-image]: `/images/mpa.png` is not a static file\n")
        .run();
}
