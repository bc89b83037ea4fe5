//! Printing diagnostics: human (rustc-style, coloured on a terminal unless NO_COLOR),
//! JSON lines for tools, or GitHub workflow commands so errors land on the PR diff.

use std::io::{IsTerminal, Write};

use codespan_reporting::term::termcolor::{BufferWriter, ColorChoice, NoColor};

use crate::cli::MessageFormat;
use crate::diagnostic::{plural, Diagnostic};
use rayon::prelude::*;

pub struct Reporter {
    pub format: MessageFormat,
}

impl Reporter {
    pub fn new(format: MessageFormat) -> Self {
        Reporter { format }
    }

    fn color_choice() -> ColorChoice {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if no_color || !std::io::stderr().is_terminal() {
            ColorChoice::Never
        } else {
            ColorChoice::Auto
        }
    }

    pub fn emit(&self, diags: &[Diagnostic]) {
        match self.format {
            MessageFormat::Human => {
                // stderr is unbuffered, and a diagnostic is dozens of small writes, so
                // they are rendered into buffers, on every core: a large site can have
                // thousands of warnings.
                let writer = BufferWriter::stderr(Self::color_choice());
                let mut buffers: Vec<_> = diags.chunks(256).map(|_| writer.buffer()).collect();
                buffers
                    .par_iter_mut()
                    .zip(diags.par_chunks(256))
                    .for_each(|(buffer, chunk)| {
                        for d in chunk {
                            let _ = d.emit(buffer);
                        }
                    });
                for buffer in &buffers {
                    let _ = writer.print(buffer);
                }
            }
            MessageFormat::Json | MessageFormat::Github => {
                let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                for d in diags {
                    let line = match self.format {
                        MessageFormat::Json => d.to_json().to_string(),
                        _ => d.to_github(),
                    };
                    let _ = writeln!(out, "{line}");
                }
            }
        }
    }

    /// The closing line of a run that found errors, in the command's words:
    /// `error: {what} 2 errors and 1 warning`, with `what` such as "build failed with".
    pub fn failure(&self, what: &str, errors: usize, warnings: usize) {
        let mut line = format!("error: {what} {}", plural(errors, "error"));
        if warnings > 0 {
            line.push_str(&format!(" and {}", plural(warnings, "warning")));
        }
        eprintln!("{line}");
    }

    /// Prints the one error that stopped a command, then what did not happen
    /// (`error: no article was created`).
    pub fn stopped(&self, error: Diagnostic, outcome: &str) {
        self.emit(&[error]);
        eprintln!("error: {outcome}");
    }
}

/// The diagnostics as plain rustc-style text, for `serve`'s browser overlay.
pub fn plain(diags: &[Diagnostic]) -> String {
    let mut out = NoColor::new(Vec::new());
    for d in diags {
        let _ = d.emit(&mut out);
    }
    String::from_utf8_lossy(&out.into_inner()).into_owned()
}
