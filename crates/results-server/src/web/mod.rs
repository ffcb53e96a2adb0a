//! The web layer: HTTP in and out, thin over the application (`crate::app`).
//!
//! | module | what |
//! |---|---|
//! | [`api`] | the readers' API and `/healthz` (JSON) |
//! | [`auth`] | the [`auth::Owner`] extractor, the sign-in form, signing in and out, cookies |
//! | [`dashboard`] | the owner's pages (HTML) |
//! | [`export`] | the owner's CSV and JSON exports |
//! | [`share`] | share pages and their PNG cards |
//! | [`widget`] | the widget's files, from the binary, under `/quiz/` |
//! | [`client`] | who is asking: the address (behind a trusted proxy too), user agent, origin |
//! | [`error`] | refusals as JSON for the API, as pages elsewhere |
//! | [`layout`] | the frame of every page |
//!
//! [`router`] puts them together: the API under `/api` with CORS, the body limit and the JSON
//! refusals; everything else with HTML refusals; both under the same bound on requests in
//! flight (503 beyond) and on their time (408 beyond).

pub mod api;
pub mod auth;
pub mod client;
pub mod dashboard;
pub mod error;
pub mod export;
pub mod layout;
pub mod share;
pub mod widget;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::error_handling::HandleErrorLayer;
use axum::http::{Method, StatusCode, header};
use axum::routing::{get, post};
use tokio::sync::Semaphore;
use tower::ServiceBuilder;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::config::BODY_LIMIT;
use crate::state::AppState;

/// Every route, with its layers.
pub fn router(state: AppState) -> Router {
    let config = state.app.config.clone();
    let in_flight = Arc::new(Semaphore::new(config.max_in_flight));
    let timeout = Duration::from_secs(config.request_timeout);
    let limited = |router: Router<AppState>| {
        router.layer(
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(|_: tower::BoxError| async { StatusCode::SERVICE_UNAVAILABLE }))
                .load_shed()
                .layer(GlobalConcurrencyLimitLayer::with_semaphore(in_flight.clone()))
                .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout)),
        )
    };

    // CORS for every page, with its own origin and never with credentials (readers' requests
    // carry no cookies): the application decides what each origin may do, and a page it
    // refuses can read why (the refusal says only what to fix). Without this, a page on an
    // origin the owner forgot would see only a CORS error, and the server nothing at all.
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::mirror_request())
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE])
        .max_age(Duration::from_secs(86_400));
    let api = Router::new()
        .route("/v1/completions", post(api::post_completion))
        .route("/v1/starts", post(api::post_start))
        .route("/v1/stops", post(api::post_stop))
        .route("/v1/summary/{quiz}", get(api::get_summary))
        .fallback(|| async { StatusCode::NOT_FOUND });
    let api = limited(api)
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(cors)
        .layer(axum::middleware::map_response(error::json_refusals));

    let mut pages = Router::new()
        .route("/healthz", get(api::healthz))
        .route("/share/{quiz}/{token}", get(share::page))
        .route("/share-image/{quiz}/{token}", get(share::image))
        .route("/dashboard/dashboard.css", get(dashboard::stylesheet))
        .route("/quiz/{*path}", get(widget::serve));
    match &config.dashboard_secret {
        Some(_) => {
            pages = pages
                .route("/dashboard", get(dashboard::home))
                .route("/dashboard/sign-in", post(auth::sign_in))
                .route("/dashboard/sign-out", post(auth::sign_out))
                .route("/dashboard/quiz/{quiz}", get(dashboard::quiz_page))
                .route("/dashboard/quiz/{quiz}/delete", get(dashboard::delete_confirm).post(dashboard::delete))
                .route("/dashboard/export/{quiz}/{file}", get(export::export));
        }
        None => tracing::info!("no dashboard_secret: the dashboard is off"),
    }
    pages = match &config.static_dir {
        Some(dir) => pages.fallback_service(tower_http::services::ServeDir::new(dir)),
        None => pages.fallback(|| async { StatusCode::NOT_FOUND }),
    };
    let pages = limited(pages)
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(axum::middleware::map_response(error::html_refusals));

    Router::new().nest("/api", api).merge(pages).with_state(state)
}
