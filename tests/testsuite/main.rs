//! End-to-end tests: each module is a feature, each builds real sites with the real binary.

mod support;

mod assets;
mod browser;
mod build;
mod cli;
mod embed;
mod errors;
mod limits;
mod markdown_safety;
mod messages;
mod notes;
mod output;
mod privacy;
mod schedule;
mod schema;
mod search;
mod serve;
mod site_data;
mod timeline;
mod url_policy;
mod urls;
mod wording;
mod writer;
