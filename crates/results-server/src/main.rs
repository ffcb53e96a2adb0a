//! `transition-quiz-results`: runs the results server.
//!
//! ```text
//! transition-quiz-results [--config FILE] [--database URL] [--listen ADDRESS]
//! transition-quiz-results --version
//! ```
//! Flags override `TQ_RESULTS_*` variables, which override the file (see `config.rs`).
//! Logs are JSON lines on standard error (`RUST_LOG` sets the level). SIGTERM or Ctrl-C
//! stops it gracefully: requests in flight finish, and every completion answered 200 is
//! committed.

use std::path::PathBuf;
use std::process::ExitCode;

use results_server::Server;
use results_server::config::Config;

const HELP: &str = "transition-quiz-results: collects quiz completions without personal data, serves summaries

Usage: transition-quiz-results [--config FILE] [--database URL] [--listen ADDRESS]
       transition-quiz-results --version

  --config FILE      a TOML configuration (see the README, \"See how readers answered\")
  --database URL     sqlite://FILE (created if missing) or postgres://USER@HOST/DB
  --listen ADDRESS   e.g. 127.0.0.1:8787
  --version          prints the version and whether the widget's files are in this binary

It also serves the widget's files, from the binary, under /quiz/ (/quiz/embed.js).";

fn main() -> ExitCode {
    let mut config_path = None;
    let (mut database, mut listen) = (None, None);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{HELP}");
                return ExitCode::SUCCESS;
            }
            "-V" | "--version" => {
                println!(
                    "transition-quiz-results {} ({})",
                    env!("CARGO_PKG_VERSION"),
                    results_server::web::widget::describe()
                );
                return ExitCode::SUCCESS;
            }
            "--config" => config_path = args.next().map(PathBuf::from),
            "--database" => database = args.next(),
            "--listen" => listen = args.next(),
            other => {
                eprintln!("transition-quiz-results: unknown argument {other}\n\n{HELP}");
                return ExitCode::from(2);
            }
        }
    }
    tracing_subscriber::fmt()
        .json()
        .with_writer(std::io::stderr)
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();
    let mut config = match Config::load(config_path.as_deref(), |name| std::env::var(name).ok()) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("transition-quiz-results: {error}");
            return ExitCode::from(2);
        }
    };
    if let Some(database) = database {
        config.database = database;
    }
    if let Some(listen) = listen {
        match listen.parse() {
            Ok(address) => config.listen = address,
            Err(error) => {
                eprintln!("transition-quiz-results: --listen {listen}: {error}");
                return ExitCode::from(2);
            }
        }
    }
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime starts");
    runtime.block_on(async move {
        let server = match Server::start(config).await {
            Ok(server) => server,
            Err(error) => {
                tracing::error!(%error, "the server could not start");
                return ExitCode::FAILURE;
            }
        };
        tracing::info!(address = %server.address(), "listening");
        match server.serve(shutdown_signal()).await {
            Ok(()) => {
                tracing::info!("stopped");
                ExitCode::SUCCESS
            }
            Err(error) => {
                tracing::error!(%error, "the server failed");
                ExitCode::FAILURE
            }
        }
    })
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
