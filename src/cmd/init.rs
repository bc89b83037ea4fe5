//! `byline init [DIR]`: a site that builds at once, with every setting of site.toml
//! shown as a comment and one example article that uses sources, citations and a
//! disputed claim. No `themes/` folder: the built-in theme is used.

use std::path::Path;

use crate::cli::{Cli, InitArgs};
use crate::diagnostic::Diagnostic;
use crate::report::Reporter;

pub fn run(cli: &Cli, args: &InitArgs) -> i32 {
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    match create(&args.dir, &today) {
        Ok(()) => {
            let dir = args.dir.display();
            eprintln!("Created a new site in {dir}\n  next: cd {dir} && byline serve");
            0
        }
        Err(d) => {
            Reporter::new(cli.message_format).stopped(d, "no site was created");
            1
        }
    }
}

pub fn create(dir: &Path, today: &str) -> Result<(), Diagnostic> {
    let io = |e: std::io::Error| {
        Diagnostic::error(
            "io",
            format!("cannot create the site in {}: {e}", dir.display()),
        )
    };
    if dir.exists() {
        let busy = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(Result::ok)
            .any(|e| !e.file_name().to_string_lossy().starts_with('.'));
        if busy {
            return Err(Diagnostic::error("not-empty", format!("{} is not empty", dir.display()))
                .help("run `byline init` in an empty folder, or give it a new folder: `byline init my-site`"));
        }
    }
    let article_path = dir.join("content/explainers/example.md");
    std::fs::create_dir_all(article_path.parent().unwrap_or(dir)).map_err(io)?;
    std::fs::write(dir.join(crate::config::FILE_NAME), SITE_TOML).map_err(io)?;
    std::fs::write(article_path, EXAMPLE.replace("{today}", today)).map_err(io)?;
    Ok(())
}

const SITE_TOML: &str = r#"# The site's settings. Only `title` and `base_url` are required.

title = "My explainers"
# Where the site will be published; it may have a path (https://user.github.io/project/).
base_url = "https://example.org/"
# description = "Explainers with their sources and the status of every claim."
# language = "en"
# theme = "default"            # a folder under themes/; `default` is built in (byline theme eject copies it out)
# output_dir = "public"
# article_type = "Article"     # or "NewsArticle", for structured data
# image = "/cover.png"         # shared when an article sets no `image`

# [publisher]                  # who publishes the site (default: the title and base_url)
# name = "My newsroom"
# url = "https://example.org/"
# logo = "/logo.png"
# corrections_policy = "/about/corrections/"   # policy links, in structured data and the footer:
# verification_policy = "/about/fact-checking/" # also publishing_principles, ethics_policy, ownership_funding,
# contact = "/contact/"                         # masthead, mission, diversity_policy, unnamed_sources_policy, feedback_policy

# [claims]                     # your own status scale instead of confirmed/disputed/unverified/false
# statuses = [
#   { key = "true", label = "True", tone = "confirmed" },
#   { key = "misleading", label = "Misleading", tone = "disputed", description = "True in part, but missing context." },
#   { key = "unproven", label = "Unproven", tone = "unverified" },
#   { key = "false", label = "False", tone = "false" },
#   { key = "satire", label = "Satire", tone = "neutral" },   # neutral: no verdict
# ]
# [claims.labels]              # or just rename built-in statuses
# disputed = "Contested"
# [claims.ratings]             # ClaimReview ratings (1 to 5 unless you set best/worst)
# false = { value = 1 }

# [markdown]                   # raw HTML in articles
# raw_html = "sanitize"        # kept without scripts or unsafe attributes; "trusted" copies it as written, "refuse" makes it an error
# iframe_hosts = ["www.youtube-nocookie.com"]   # hosts whose https pages iframes may show

# [images]                     # resized copies of large article images, offered in srcset
# widths = [480, 960, 1600]    # default none; copies are cached in .byline-cache/

# [extra]                      # free-form data for custom templates
# twitter = "@example"
"#;

const EXAMPLE: &str = r#"---
title: "Did the army halt its offensive?"
date: {today}
summary: "Officials say the fighting stopped; residents say it goes on."
tags: [example]
sources:
  - id: ministry
    title: "Statement on the ceasefire"
    publisher: "Ministry of Defence"
    url: https://example.org/statement
    date: {today}
  - id: residents
    title: "Residents reached by phone"
    publisher: "Local reporters"
    note: "Several residents, by phone and text message."
claims:
  - id: offensive-halted
    text: "The army has halted its offensive."
    status: disputed
    as_of: {today}
    asserted_by: [ministry]
    contested_by: [residents]
    note: "Nobody independent could check."
---

The ministry announced that [the army has halted its offensive](claim:offensive-halted)
[@ministry]. Residents say the shelling goes on [@residents].

Each `[@id]` above is a citation: a numbered marker that leads to the source in the
sidebar. The claim is marked in the text with `[words](claim:id)` and shows its status.
Edit this file while `byline serve` runs and the page reloads on every save.
"#;

#[cfg(test)]
mod tests {
    #[test]
    fn refuses_a_folder_with_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x"), "").unwrap();
        assert_eq!(
            super::create(dir.path(), "2016-12-08").unwrap_err().code,
            "not-empty"
        );
    }

    #[test]
    fn the_commented_markdown_settings_are_valid() {
        let start = super::SITE_TOML.find("# [markdown]").unwrap();
        let section: String = super::SITE_TOML[start..]
            .lines()
            .take_while(|l| !l.is_empty())
            .map(|l| format!("{}\n", &l[2..]))
            .collect();
        let toml = format!("title = \"T\"\nbase_url = \"https://e.org/\"\n{section}");
        let config =
            crate::config::Config::parse(std::path::Path::new("/s"), &toml, &Default::default())
                .unwrap();
        assert_eq!(config.markdown.iframe_hosts, ["www.youtube-nocookie.com"]);
    }
}
