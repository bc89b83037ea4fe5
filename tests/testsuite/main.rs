//! End-to-end tests: each module is a feature, each builds real sites with the real binary.

mod support;

mod browser;
mod build;
mod errors;
mod limits;
mod messages;
mod serve;
mod site_data;
mod wording;
mod writer;
