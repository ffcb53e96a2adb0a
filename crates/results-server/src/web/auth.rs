//! The owner's sign-in over HTTP: the [`Owner`] extractor every owner-only handler takes, the
//! sign-in form, signing in and out, and the cookies (through axum-extra's `CookieJar`).
//!
//! - The session cookie is `HttpOnly`, `SameSite=Strict`, scoped to `/dashboard` (so it never
//!   reaches the readers' API, which reads no cookie anyway), and `Secure` when the server is
//!   reached over https (`public_url`, or `X-Forwarded-Proto: https` behind a trusted proxy).
//! - Every state-changing form (sign-in, sign-out) carries a CSRF token that must match:
//!   before sign-in, a `SameSite=Strict` cookie set with the form; after, the session's own.
//! - A wrong or mistyped secret shows the form again (with a new CSRF cookie); throttling is
//!   the application's (`crate::app::owner`).

use axum::Form;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use maud::html;
use serde::Deserialize;

use crate::app::owner::{SESSION, SignIn, random_token, same};
use crate::state::AppState;
use crate::web::client::Client;
use crate::web::error::PageError;
use crate::web::layout;

const SESSION_COOKIE: &str = "tq_session";
const CSRF_COOKIE: &str = "tq_csrf";
/// How long a sign-in form may be left open.
const FORM_SECONDS: i64 = 3600;

/// A signed-in owner: its session token and the session's CSRF token.
#[derive(Debug, Clone)]
pub struct Owner {
    token: String,
    /// The token every form of this session carries.
    pub csrf: String,
}

impl FromRequestParts<AppState> for Owner {
    /// The sign-in form (401), or an error page when the database does not answer.
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Owner, Response> {
        let jar = CookieJar::from_headers(&parts.headers);
        let signed_out = || sign_in_form(state, &parts.headers, StatusCode::UNAUTHORIZED, "Sign in to see this page.");
        let Some(token) = jar.get(SESSION_COOKIE).map(|cookie| cookie.value().to_string()) else {
            return Err(signed_out());
        };
        match state.app.owner.session(&state.app.store, &token).await {
            Ok(Some(csrf)) => Ok(Owner { token, csrf }),
            Ok(None) => Err(signed_out()),
            Err(error) => Err(PageError::storage(error).into_response()),
        }
    }
}

/// Whether the owner reaches the server over https, so cookies must be `Secure`.
fn secure(state: &AppState, headers: &HeaderMap) -> bool {
    let config = &state.app.config;
    config.public_url.as_deref().is_some_and(|url| url.starts_with("https://"))
        || (config.trust_forwarded_for
            && headers.get("x-forwarded-proto").and_then(|value| value.to_str().ok()) == Some("https"))
}

fn cookie(state: &AppState, headers: &HeaderMap, name: &'static str, value: String, seconds: i64) -> Cookie<'static> {
    Cookie::build((name, value))
        .path("/dashboard")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure(state, headers))
        .max_age(time::Duration::seconds(seconds))
        .build()
}

/// The sign-in form with `message` (if any), answered with `status` and a new CSRF cookie.
pub fn sign_in_form(state: &AppState, headers: &HeaderMap, status: StatusCode, message: &str) -> Response {
    let csrf = random_token();
    let body = html! {
        @if !message.is_empty() { p role="alert" { (message) } }
        form method="post" action="/dashboard/sign-in" {
            input type="hidden" name="csrf" value=(csrf);
            label { "Dashboard secret " input type="password" name="secret" autocomplete="current-password" required; }
            " "
            button type="submit" { "Sign in" }
        }
    };
    let jar = CookieJar::new().add(cookie(state, headers, CSRF_COOKIE, csrf, FORM_SECONDS));
    let mut response = (status, jar, layout::page("Sign in to the quiz results", body)).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The sign-in form as posted.
#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    secret: String,
    #[serde(default)]
    csrf: String,
}

/// `POST /dashboard/sign-in`.
pub async fn sign_in(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
    jar: CookieJar,
    Form(form): Form<SignInForm>,
) -> Response {
    let expected = jar.get(CSRF_COOKIE).map(|cookie| cookie.value().to_string()).unwrap_or_default();
    if expected.is_empty() || !same(&form.csrf, &expected) {
        return sign_in_form(&state, &headers, StatusCode::FORBIDDEN, "The form had expired; sign in again.");
    }
    match state.app.owner.sign_in(&state.app.store, client.address, &form.secret).await {
        Ok(SignIn::Signed { token }) => {
            let jar = jar.add(cookie(&state, &headers, SESSION_COOKIE, token, SESSION.as_secs() as i64)).add(cookie(
                &state,
                &headers,
                CSRF_COOKIE,
                String::new(),
                0,
            ));
            (jar, Redirect::to("/dashboard")).into_response()
        }
        Ok(SignIn::Wrong) => sign_in_form(&state, &headers, StatusCode::UNAUTHORIZED, "That secret is not right."),
        Ok(SignIn::Throttled(wait)) => {
            let seconds = wait.as_secs() + 1;
            let message = format!("Too many tries to sign in; try again in {seconds} seconds.");
            let mut response = sign_in_form(&state, &headers, StatusCode::TOO_MANY_REQUESTS, &message);
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            response
        }
        Err(error) => PageError::storage(error).into_response(),
    }
}

/// The sign-out form as posted.
#[derive(Deserialize)]
pub struct SignOutForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /dashboard/sign-out`.
pub async fn sign_out(
    State(state): State<AppState>,
    owner: Owner,
    headers: HeaderMap,
    Form(form): Form<SignOutForm>,
) -> Response {
    if !same(&form.csrf, &owner.csrf) {
        return PageError::new(StatusCode::FORBIDDEN, "Refused", "The form had expired; nothing was changed.")
            .into_response();
    }
    if let Err(error) = state.app.owner.sign_out(&state.app.store, &owner.token).await {
        return PageError::storage(error).into_response();
    }
    let jar = CookieJar::new().add(cookie(&state, &headers, SESSION_COOKIE, String::new(), 0));
    (jar, Redirect::to("/dashboard")).into_response()
}
