//! Who is asking: the client's address (the connection's peer, or behind a trusted proxy
//! the address that proxy saw), its user agent and the page's origin, as an extractor.
//!
//! Behind a proxy (`trust_forwarded_for`), `X-Forwarded-For` is read from the right: each
//! proxy appends the address it saw, so the right-most entry is the one our own proxy wrote;
//! entries of further proxies the owner lists in `trusted_proxies` are skipped, and the first
//! other one is the client. Entries to its left were written by the client itself and are
//! never believed.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};

use crate::app::Sender;
use crate::config::Config;
use crate::state::AppState;

/// The client of a request.
#[derive(Debug, Clone)]
pub struct Client {
    pub address: IpAddr,
    pub user_agent: Option<String>,
    pub origin: Option<String>,
}

impl Client {
    /// As the application's rules see it.
    pub fn sender(&self) -> Sender<'_> {
        Sender { address: self.address, user_agent: self.user_agent.as_deref(), origin: self.origin.as_deref() }
    }
}

/// The client's address for a connection from `peer` carrying `headers`.
pub fn address(config: &Config, headers: &HeaderMap, peer: IpAddr) -> IpAddr {
    if !config.trust_forwarded_for {
        return peer;
    }
    let entries: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect();
    for entry in entries.iter().rev() {
        let Ok(address) = entry.parse::<IpAddr>() else {
            // Not an address our proxy would write: believe nothing further left.
            return peer;
        };
        if !config.trusted_proxies.iter().any(|proxy| proxy.contains(&address)) {
            return address;
        }
    }
    peer
}

impl FromRequestParts<AppState> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Client, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |ConnectInfo(peer)| peer.ip());
        let text = |name| parts.headers.get(name).and_then(|value| value.to_str().ok()).map(String::from);
        Ok(Client {
            address: address(&state.app.config, &parts.headers, peer),
            user_agent: text(header::USER_AGENT),
            origin: text(header::ORIGIN),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", value.parse().unwrap());
        }
        headers
    }

    #[test]
    fn behind_a_proxy_the_right_most_untrusted_entry_is_the_client() {
        let peer: IpAddr = "10.0.0.2".parse().unwrap();
        let mut config = Config::default();
        let ip = |text: &str| text.parse::<IpAddr>().unwrap();
        // Not behind a proxy: the header is ignored.
        assert_eq!(address(&config, &headers(&["203.0.113.9"]), peer), peer);
        config.trust_forwarded_for = true;
        // The client wrote "1.2.3.4" itself; our proxy appended what it saw.
        assert_eq!(address(&config, &headers(&["1.2.3.4, 198.51.100.7"]), peer), ip("198.51.100.7"));
        assert_eq!(address(&config, &headers(&["1.2.3.4", "198.51.100.7"]), peer), ip("198.51.100.7"));
        assert_eq!(address(&config, &headers(&[]), peer), peer);
        assert_eq!(address(&config, &headers(&["1.2.3.4, garbage"]), peer), peer);
        // A CDN in front of our proxy: its entry is skipped.
        config.trusted_proxies = vec!["192.0.2.0/24".parse().unwrap()];
        assert_eq!(address(&config, &headers(&["1.2.3.4, 198.51.100.7, 192.0.2.10"]), peer), ip("198.51.100.7"));
        assert_eq!(address(&config, &headers(&["192.0.2.10"]), peer), peer);
    }
}
