//! The transition-quiz results server: a site owner runs it beside their blog to collect
//! their readers' completions, with nothing that identifies a reader, and to serve how other
//! readers answered. Handlers ([`api`]) are thin over the pure core (`quiz-core` validates
//! and scores) and the store ([`store`]: SQLite or PostgreSQL).
//!
//! What is stored, and nothing else: per completion, a random id made by the widget, the
//! quiz, the chosen choice ids, the outcome the server scored, the stage and the stated
//! hardest transition, the page's path and the day; per day, how many started and where
//! readers stopped. No address, user agent, cookie or time of day is ever written.

pub mod api;
pub mod config;
pub mod dashboard;
pub mod figures;
pub mod limits;
pub mod quizzes;
pub mod share;
pub mod store;
pub mod summary;
pub mod webhooks;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::{HeaderValue, Method, header};
use axum::routing::{get, post};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;

use crate::api::AppState;
use crate::config::{BODY_LIMIT, Config};
use crate::limits::DailyCap;
use crate::store::Store;

/// A server ready to serve: its router, its store (to close after), its address.
pub struct Server {
    pub listener: tokio::net::TcpListener,
    pub router: Router,
    pub store: Store,
}

impl Server {
    /// Loads the quizzes, opens and migrates the database, binds the address.
    pub async fn start(config: Config) -> Result<Server, String> {
        let quizzes = quizzes::load(&config)?;
        let store = Store::open(&config.database, config.queue).await?;
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .map_err(|error| format!("cannot listen on {}: {error}", config.listen))?;
        let config_backoff = config.webhook_backoff_ms;
        let state = AppState {
            cap: Arc::new(DailyCap::new(config.daily_cap)),
            config: Arc::new(config),
            quizzes,
            store: store.clone(),
            summaries: Arc::new(Mutex::new(Default::default())),
            sessions: Arc::new(Default::default()),
            cards: Arc::new(Default::default()),
            webhooks: Arc::new(webhooks::Webhooks::new(std::time::Duration::from_millis(config_backoff))),
        };
        Ok(Server { listener, router: router(state), store })
    }

    /// The address it listens on.
    pub fn address(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    /// Serves until `shutdown` resolves, then finishes the requests in flight (each waits
    /// for its completion's commit) and closes the database.
    pub async fn serve(self, shutdown: impl std::future::Future<Output = ()> + Send + 'static) -> Result<(), String> {
        let Server { listener, router, store } = self;
        axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(|error| error.to_string())?;
        store.close().await;
        Ok(())
    }
}

/// The routes, with CORS for the configured origins (no credentials: readers' requests
/// never carry cookies) and the body size limit.
fn router(state: AppState) -> Router {
    let origins: Vec<String> = state.quizzes.values().flat_map(|quiz| quiz.origins.clone()).collect();
    let allow_origin = if origins.iter().any(|origin| origin == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(origins.iter().filter_map(|origin| HeaderValue::from_str(origin).ok()))
    };
    let cors = CorsLayer::new()
        .allow_origin(allow_origin)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE])
        .max_age(std::time::Duration::from_secs(86_400));
    let api = Router::new()
        .route("/api/v1/completions", post(api::post_completion))
        .route("/api/v1/starts", post(api::post_start))
        .route("/api/v1/stops", post(api::post_stop))
        .route("/api/v1/summary/{quiz}", get(api::get_summary))
        .layer(cors)
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT));
    let dashboard = match &state.config.dashboard_secret {
        Some(_) => Router::new()
            .route("/dashboard", get(dashboard::home))
            .route("/dashboard/sign-in", post(dashboard::sign_in))
            .route("/dashboard/sign-out", post(dashboard::sign_out))
            .route("/dashboard/export/{quiz}/{file}", get(dashboard::export))
            .route("/dashboard/quiz/{quiz}", get(dashboard::quiz_page))
            .route("/dashboard/dashboard.css", get(dashboard::stylesheet)),
        None => {
            tracing::info!("no dashboard_secret: the dashboard is off");
            Router::new()
        }
    };
    let router = Router::new()
        .route("/healthz", get(api::healthz))
        .route("/share/{quiz}/{token}", get(share::page))
        .route("/share-image/{quiz}/{token}", get(share::image))
        .merge(api)
        .merge(dashboard)
        .layer(axum::middleware::map_response(api::json_refusals));
    let router = match &state.config.static_dir {
        Some(dir) => router.fallback_service(tower_http::services::ServeDir::new(dir)),
        None => router,
    };
    router.with_state(state)
}
