//! The `innomap` binary: parse the command line, run it, print any error once, return an exit code.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        Err(error) => {
            // A closed pipe (e.g. `innomap query … | head`) is not a failure.
            if error
                .chain()
                .filter_map(|e| e.downcast_ref::<std::io::Error>())
                .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            let code = error
                .chain()
                .find_map(|e| e.downcast_ref::<innomap::Error>())
                .map_or(1, innomap::Error::exit_code);
            eprintln!("innomap: {}", first_line(&error));
            ExitCode::from(code as u8)
        }
    }
}

/// The error chain as one sentence: context first, then the cause.
fn first_line(error: &anyhow::Error) -> String {
    error
        .chain()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ")
}
