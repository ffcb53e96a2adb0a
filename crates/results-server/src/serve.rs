//! How connections are taken and served, so one client cannot stop the server:
//!
//! - at most `max_connections` open at once (further ones wait in the listen backlog, which
//!   holds a burst of [`BACKLOG`]), and
//!   that bound kept under the process's open-file limit, with room for the database and
//!   the webhook sockets ([`RESERVED_FILES`]);
//! - HTTP/1.1 through hyper with a timer: a client has `header_timeout` seconds to send a
//!   request's headers, and a connection idle that long between requests is closed;
//! - the router's own layers bound requests in flight and their time (`crate::web`);
//! - on shutdown, no new connection is taken, idle ones are closed, and requests in flight
//!   finish (for at most `request_timeout` and a little more).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

use crate::config::Config;

/// Open files kept free for everything but client connections: the database's files and
/// connections, webhook sockets, the listener, logs.
pub const RESERVED_FILES: usize = 128;

/// The process's open-file limit (soft, hard).
fn open_file_limit() -> Option<(libc::rlim_t, libc::rlim_t)> {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit writes into the struct we pass and reads nothing else.
    let read = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) };
    (read == 0).then_some((limit.rlim_cur, limit.rlim_max))
}

/// Raises the soft open-file limit toward what `wanted` connections need (never past the hard
/// limit), and returns how many connections fit under it.
pub fn connections_that_fit(wanted: usize) -> usize {
    let needed = (wanted + RESERVED_FILES) as libc::rlim_t;
    let Some((mut soft, hard)) = open_file_limit() else { return wanted };
    if soft < needed && soft != libc::RLIM_INFINITY {
        let raised = libc::rlimit { rlim_cur: needed.min(hard), rlim_max: hard };
        // SAFETY: setrlimit reads the struct we pass; raising the soft limit up to the hard one
        // is always allowed.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
            soft = needed.min(hard);
        }
    }
    if soft >= needed || soft == libc::RLIM_INFINITY {
        return wanted;
    }
    let fit = (soft as usize).saturating_sub(RESERVED_FILES).max(1);
    tracing::warn!(
        max_connections = wanted,
        open_file_limit = soft,
        connections = fit,
        "the open-file limit is too low for max_connections: serving fewer (raise LimitNOFILE)"
    );
    fit
}

/// Connections the kernel may hold for the server before it accepts them (the system's
/// `somaxconn` caps it): a burst of connections waits there rather than being dropped and
/// retried a second later.
pub const BACKLOG: u32 = 4096;

/// A listener on `address`, with a [`BACKLOG`] for bursts.
pub fn listen(address: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if address.is_ipv4() { tokio::net::TcpSocket::new_v4()? } else { tokio::net::TcpSocket::new_v6()? };
    socket.set_reuseaddr(true)?;
    socket.bind(address)?;
    socket.listen(BACKLOG)
}

/// Serves `router` on `listener` until `shutdown` resolves, then stops gracefully.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    config: &Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) {
    let connections = Arc::new(Semaphore::new(connections_that_fit(config.max_connections)));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(Duration::from_secs(config.header_timeout));
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = connections.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of files or memory for a moment: wait rather than spin.
                    tracing::warn!(%error, "a connection could not be accepted");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = router.clone().map_request(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            request.map(Body::new)
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service)));
        tokio::spawn(async move {
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    let finishing = Duration::from_secs(config.request_timeout + 5);
    if tokio::time::timeout(finishing, graceful.shutdown()).await.is_err() {
        tracing::warn!("some connections were still open when the server stopped");
    }
}
