//! The floor: the bare pipeline issue 4 names as the lower bound for a build, with the
//! crates byline uses and none of its work. Each article is read, its front matter
//! deserialised with serde_yaml, its body rendered by pulldown-cmark and the page by one
//! Tera template with a sources sidebar, then written; articles in parallel (rayon).
//! No highlighting, citations, claims, diagnostics, ledger or list pages.
//!
//! `bench/bench.py --floor` times it beside byline and Hugo, so the cost of everything
//! byline adds to that pipeline is measured on the same machine in the same run:
//!
//!     cargo run --release --example floor -- CORPUS OUTPUT

use std::fs;
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Serialize)]
struct FrontMatter {
    title: String,
    #[serde(default)]
    summary: Option<String>,
    date: String,
    #[serde(default)]
    authors: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    sources: Vec<Source>,
}

#[derive(Deserialize, Serialize)]
struct Source {
    id: String,
    title: String,
    #[serde(default)]
    publisher: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    date: Option<String>,
}

const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ page.title }}</title>
{% if page.summary %}<meta name="description" content="{{ page.summary }}">{% endif %}</head>
<body>
<main><article>
<h1>{{ page.title }}</h1>
<p class="meta"><time datetime="{{ page.date }}">{{ page.date }}</time>{% for a in page.authors %} · {{ a }}{% endfor %}</p>
{{ body | safe }}
</article>
<aside aria-label="Sources"><h2>Sources</h2><ol>
{% for s in page.sources %}<li id="source-{{ s.id }}"><cite>{% if s.url %}<a href="{{ s.url }}">{{ s.title }}</a>{% else %}{{ s.title }}{% endif %}</cite>{% if s.publisher %} <span>{{ s.publisher }}</span>{% endif %}{% if s.date %} <time datetime="{{ s.date }}">{{ s.date }}</time>{% endif %}</li>
{% endfor %}</ol></aside></main>
</body>
</html>
"#;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [root, out] = &args[..] else {
        eprintln!("usage: floor CORPUS OUTPUT");
        std::process::exit(2);
    };
    let content = Path::new(root).join("content");
    let files: Vec<_> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let mut tera = tera::Tera::default();
    tera.add_raw_template("page.html", PAGE)
        .expect("the page template parses");
    let pages = files
        .par_iter()
        .map(|path| {
            let text = fs::read_to_string(path).expect("a corpus file reads as UTF-8");
            let rest = text.strip_prefix("---\n").expect("front matter opens");
            let end = rest.find("\n---\n").expect("front matter closes");
            let front: FrontMatter =
                serde_yaml::from_str(&rest[..end]).expect("front matter deserialises");
            let mut body = String::with_capacity(text.len() * 3 / 2);
            pulldown_cmark::html::push_html(
                &mut body,
                pulldown_cmark::Parser::new(&rest[end + 5..]),
            );
            let mut context = tera::Context::new();
            context.insert("page", &front);
            context.insert("body", &body);
            let html = tera
                .render("page.html", &context)
                .expect("the page renders");
            let rel = path.strip_prefix(&content).expect("under content/");
            let dir = Path::new(out).join(rel.with_extension(""));
            fs::create_dir_all(&dir).expect("the output folder can be made");
            fs::write(dir.join("index.html"), html).expect("the page can be written");
        })
        .count();
    println!("{pages} pages");
}
