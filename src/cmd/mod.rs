//! One file per subcommand; each returns the process exit code.

pub mod build;
pub mod check;
