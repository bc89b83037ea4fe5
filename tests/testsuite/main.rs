//! End-to-end tests: each module is a feature, each builds real sites with the real binary.

mod support;
mod web;

mod archive;
mod assets;
mod bibliography;
mod browser;
mod build;
mod citations;
mod claims;
mod cli;
mod corrections;
mod embed;
mod errors;
mod fragments;
mod i18n;
mod lang;
mod limits;
mod links;
mod markdown_safety;
mod messages;
mod multilang;
mod notes;
mod output;
mod privacy;
mod schedule;
mod schema;
mod search;
mod serve;
mod site_data;
mod source_fields;
mod timeline;
mod url_policy;
mod urls;
mod wording;
mod writer;
