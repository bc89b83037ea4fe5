//! One file per subcommand; each returns the process exit code.

pub mod archive;
pub mod build;
pub mod check;
pub mod completions;
pub mod init;
pub mod new;
pub mod schema;
pub mod serve;
pub mod theme;
