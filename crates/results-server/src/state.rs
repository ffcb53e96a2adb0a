//! The state every handler shares: the application (quizzes, store, limits, caches), behind
//! one `Arc`. Its own module, so the web layer's modules depend on it and on `app`, never on
//! each other's handlers.

use std::sync::Arc;

use crate::app::App;

/// What axum hands every handler.
#[derive(Clone)]
pub struct AppState {
    pub app: Arc<App>,
}

impl AppState {
    /// The state around an opened application.
    pub fn new(app: App) -> AppState {
        AppState { app: Arc::new(app) }
    }
}
