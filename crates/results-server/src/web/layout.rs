//! The frame of every page the server draws (the dashboard, error pages), with maud: every
//! value written into markup is escaped by construction. No inline script or style, so the
//! pages work under the same strict Content-Security-Policy as the widget.

use axum::response::Html;
use maud::{DOCTYPE, Markup, html};

/// A page titled `title` around `body`.
pub fn page(title: &str, body: Markup) -> Html<String> {
    Html(
        html! {
            (DOCTYPE)
            html lang="en" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    link rel="stylesheet" href="/dashboard/dashboard.css";
                    title { (title) }
                }
                body { main { h1 { (title) } (body) } }
            }
        }
        .into_string(),
    )
}
