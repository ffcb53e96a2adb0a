//! `transition-quiz-results`: runs the results server.
//!
//! ```text
//! transition-quiz-results [--config FILE] [--database URL] [--listen ADDRESS]
//! transition-quiz-results [--config FILE] [--database URL] --rebuild-counts | --check-counts
//! transition-quiz-results --version
//! ```
//! `--rebuild-counts` recounts the count tables from the raw completions (after restoring a
//! backup, say; an upgrade that adds count tables counts once by itself) and exits;
//! `--check-counts` says where they differ from a recount, exiting 1 if they do.
//! Flags override `TQ_RESULTS_*` variables, which override the file (see `config.rs`).
//! Logs are JSON lines on standard error (`RUST_LOG` sets the level). SIGTERM or Ctrl-C
//! stops it gracefully: requests in flight finish, and every completion answered 200 is
//! committed.

use std::path::PathBuf;
use std::process::ExitCode;

use results_server::Server;
use results_server::app::days::date;
use results_server::app::store::Store;
use results_server::config::Config;

const HELP: &str = "transition-quiz-results: collects quiz completions without personal data, serves summaries

Usage: transition-quiz-results [--config FILE] [--database URL] [--listen ADDRESS]
       transition-quiz-results [--config FILE] [--database URL] --rebuild-counts | --check-counts
       transition-quiz-results --version

  --config FILE      a TOML configuration (see the README, \"See how readers answered\")
  --database URL     sqlite://FILE (created if missing) or postgres://USER@HOST/DB
  --listen ADDRESS   e.g. 127.0.0.1:8787
  --version          prints the version and whether the widget's files are in this binary
  --rebuild-counts   recounts the summary's and dashboard's counts from the stored completions
                     (after restoring a backup), then exits; stop the server first
  --check-counts     says where the counts differ from a recount; exits 1 if they do

It also serves the widget's files, from the binary, under /quiz/ (/quiz/embed.js).";

fn main() -> ExitCode {
    let mut config_path = None;
    let (mut database, mut listen) = (None, None);
    let mut task = Task::Serve;
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
            "--rebuild-counts" => task = Task::RebuildCounts,
            "--check-counts" => task = Task::CheckCounts,
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
    if task != Task::Serve {
        return runtime.block_on(counts(task, &config.database));
    }
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

/// What the binary was asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Task {
    Serve,
    RebuildCounts,
    CheckCounts,
}

/// `--rebuild-counts` or `--check-counts` on `database`.
async fn counts(task: Task, database: &str) -> ExitCode {
    let store = match Store::open(database, 1).await {
        Ok(store) => store,
        Err(error) => {
            eprintln!("transition-quiz-results: {error}");
            return ExitCode::FAILURE;
        }
    };
    let code = match task {
        Task::RebuildCounts => match store.rebuild_counts().await {
            Ok(rebuilt) => {
                let from = match rebuilt.from {
                    Some(day) => format!(
                        " from {} (raw completions before it were deleted by retention_days; their counts are kept)",
                        date(day)
                    ),
                    None => String::new(),
                };
                println!("recounted {} completions on {} days{from}", rebuilt.completions, rebuilt.days);
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("transition-quiz-results: the counts could not be rebuilt (they are as they were): {error}");
                ExitCode::FAILURE
            }
        },
        Task::CheckCounts | Task::Serve => match store.check_counts().await {
            Ok(differences) if differences.is_empty() => {
                println!("the counts agree with a recount of the stored completions");
                ExitCode::SUCCESS
            }
            Ok(differences) => {
                for line in differences.iter().take(50) {
                    println!("{line}");
                }
                println!(
                    "{} counts differ from a recount; transition-quiz-results --rebuild-counts recounts them",
                    differences.len()
                );
                ExitCode::from(1)
            }
            Err(error) => {
                eprintln!("transition-quiz-results: the counts could not be checked: {error}");
                ExitCode::FAILURE
            }
        },
    };
    store.close().await;
    code
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
