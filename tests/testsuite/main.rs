//! End-to-end tests: each module is a feature, each builds real sites with the real binary.

mod support;

mod build;
mod errors;
