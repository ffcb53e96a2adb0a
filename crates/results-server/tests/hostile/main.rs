//! The results server attacked as a hostile reader, site or network would, one file per
//! point of issue 20, each point with tests that fail on the server as it was before it (two
//! tests are guards it passed too: a room of 30 on one network completes, and a share page
//! forwards to the quiz's own origins but not to look-alikes): the real binary is
//! started as a child process (so it can be killed, restarted and run under an open-file
//! limit), on SQLite and, when `TQ_TEST_POSTGRES` is set, on PostgreSQL. Everything is sent
//! to 127.0.0.1, every loop is bounded in count and time, and no test sleeps to wait for a
//! condition: each polls what it waits for, with a deadline.
//!
//! | file | what one client must not be able to do |
//! |---|---|
//! | `availability.rs` | stop the server with slow or idle connections, slow bodies, or many requests at once |
//! | `memory.rs` | grow the server's memory: the cap's table, sessions, the delivery log |
//! | `cap.rs` | beat the daily cap or flood the beacons (and a room of 30 still completes) |
//! | `funnel.rs` | make the owner's funnel show a negative figure or an out-of-bounds bar |
//! | `webhooks.rs` | lose or repeat a delivery by killing the server; exhaust sockets with a slow endpoint |
//! | `share.rs` | use share pages as an open redirect, or plant a Host in them; store a disguised path |
//! | `sign_in.rs` | guess the secret faster in parallel; sign the owner out by a restart |
//! | `pages.rs` | get JSON instead of a page on the owner's side |

#[path = "../common/mod.rs"]
mod common;

mod availability;
mod cap;
mod funnel;
mod memory;
mod pages;
mod share;
mod sign_in;
mod webhooks;

use common::*;

/// Held by the tests that load the machine (a flood) or measure time under load (the
/// availability probes), so that none of them runs beside another.
static ALONE: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Waits until no other such test runs; the returned guard keeps it so.
pub async fn alone() -> tokio::sync::MutexGuard<'static, ()> {
    ALONE.lock().await
}

/// The owner's secret in these tests.
pub const SECRET: &str = "a long and hostile test secret";

/// A client that does not follow redirects, for the owner's pages.
pub fn owner_client() -> reqwest::Client {
    reqwest::Client::builder().user_agent(AGENT).no_proxy().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// Signs in to `server` with `secret`, from `address` (sent as `X-Forwarded-For`, for servers
/// behind a trusted proxy): the sign-in's answer and, when it signed in, the session cookie.
pub async fn sign_in(server: &Spawned, secret: &str, address: &str) -> (reqwest::Response, Option<String>) {
    let owner = owner_client();
    let form = owner.get(server.url("/dashboard")).header("x-forwarded-for", address).send().await.unwrap();
    let csrf = cookie_value(&set_cookie(&form, "tq_csrf").expect("the form sets a CSRF cookie"));
    let answer = owner
        .post(server.url("/dashboard/sign-in"))
        .header("x-forwarded-for", address)
        .header("cookie", format!("tq_csrf={csrf}"))
        .form(&[("secret", secret), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    let session = set_cookie(&answer, "tq_session").map(|line| format!("tq_session={}", cookie_value(&line)));
    (answer, session.filter(|cookie| cookie != "tq_session="))
}

/// GETs an owner's page with a session cookie: the status and the body.
pub async fn owner_get(server: &Spawned, session: &str, path: &str) -> (u16, String) {
    let response = owner_client().get(server.url(path)).header("cookie", session).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// POSTs a completion of the test quiz from `address` (as `X-Forwarded-For`) with `agent`.
pub async fn complete_from(server: &Spawned, address: &str, agent: &str, body: &serde_json::Value) -> u16 {
    client()
        .post(server.url("/api/v1/completions"))
        .header("content-type", "application/json")
        .header("origin", PAGE)
        .header("user-agent", agent)
        .header("x-forwarded-for", address)
        .body(body.to_string())
        .send()
        .await
        .map(|response| response.status().as_u16())
        .unwrap_or(0)
}
