//! The transition-quiz results server: a site owner runs it beside their blog to collect
//! their readers' completions, with nothing that identifies a reader, and to serve how other
//! readers answered.
//!
//! Layers, each depending only on the ones below it:
//! - [`web`]: HTTP in and out (axum): the readers' API, the owner's dashboard, exports and
//!   share pages; errors as JSON for the API and as pages elsewhere.
//! - [`state`]: what every handler shares.
//! - [`app`]: what the server does, with no HTTP: completions, summaries, figures, limits,
//!   webhooks, the owner's sign-in, share cards, and the store (SQLite or PostgreSQL).
//! - [`config`]: the configuration, every default in one place.
//!
//! [`serve`] takes connections (bounded, with timeouts); [`Server`] ties it together.
//!
//! What is stored, and nothing else: per completion, a random id made by the widget, the
//! quiz, the chosen choice ids, the outcome the server scored, the stage and the stated
//! hardest transition, the page's path and the day (for `retention_days`, if set); per quiz
//! and day, counts of those completions (by result, by choice, by page), how many started
//! and where readers stopped; webhook deliveries waiting (with when their next attempt may start, until
//! delivered) and the latest finished ones; the owner's sessions; refused completions counted
//! by quiz, day, reason and the page's origin (a site, not a person). No address, user agent
//! or cookie of a reader is ever written.
//!
//! The binary also carries the widget's files (`build.rs` embeds `dist/`) and serves them
//! under `/quiz/` ([`web::widget`]).

pub mod app;
pub mod config;
pub mod serve;
pub mod state;
pub mod web;

use std::net::SocketAddr;

use tokio_util::sync::CancellationToken;

use crate::app::App;
use crate::config::Config;
use crate::state::AppState;

/// A server ready to serve: its listener and its application.
pub struct Server {
    listener: tokio::net::TcpListener,
    state: AppState,
}

impl Server {
    /// Loads the quizzes, opens and migrates the database, binds the address.
    pub async fn start(config: Config) -> Result<Server, String> {
        let listen = config.listen;
        let app = App::open(config).await?;
        let listener = serve::listen(listen).map_err(|error| format!("cannot listen on {listen}: {error}"))?;
        Ok(Server { listener, state: AppState::new(app) })
    }

    /// The address it listens on.
    pub fn address(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    /// Serves until `shutdown` resolves (with, beside it, the webhook worker, the refusal
    /// counts' flusher and, with `retention_days`, the retention job), then: takes no new
    /// connection, lets the requests in flight finish (each completion answered 200 is
    /// committed), commits what is queued, drains the webhook deliveries that are due, writes
    /// the refusal counts, stops the retention job between two chunks, and closes the
    /// database.
    pub async fn serve(self, shutdown: impl std::future::Future<Output = ()> + Send + 'static) -> Result<(), String> {
        let Server { listener, state } = self;
        let app = state.app.clone();
        let stop_worker = CancellationToken::new();
        let worker = tokio::spawn(app.webhook_worker().run(stop_worker.clone()));
        let (counting, stop_counting) = (app.clone(), stop_worker.clone());
        let refusals = tokio::spawn(async move { counting.refusals.run(counting.store.clone(), stop_counting).await });
        let retention = app
            .config
            .retention_days
            .map(|days| tokio::spawn(crate::app::retention::run(app.store.clone(), days, stop_worker.clone())));
        serve::serve(listener, web::router(state), &app.config, shutdown).await;
        stop_worker.cancel();
        let _ = worker.await;
        let _ = refusals.await;
        if let Some(retention) = retention {
            let _ = retention.await;
        }
        app.store.close().await;
        Ok(())
    }
}
