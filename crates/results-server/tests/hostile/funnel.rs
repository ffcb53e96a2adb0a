//! The owner's funnel shows no negative figure and no bar out of its track, whatever beacons
//! arrive. (Before issue 20: 30 stop beacons after 10 starts drew "Question 2: -20 readers"
//! and an SVG bar of width -199.)

use crate::common::*;
use crate::{SECRET, owner_get, sign_in};

/// The table under the heading `heading` in `page`.
fn table_after<'a>(page: &'a str, heading: &str) -> &'a str {
    let start = page.find(&format!("<h2>{heading}</h2>")).unwrap_or_else(|| panic!("no {heading} in {page}"));
    let rest = &page[start..];
    &rest[..rest.find("</table>").unwrap()]
}

/// Every number in `<td class="n">` cells, and every bar's width.
fn figures_and_widths(table: &str) -> (Vec<i64>, Vec<i64>) {
    let numbers = table
        .split("<td class=\"n\">")
        .skip(1)
        .map(|cell| cell.split('<').next().unwrap().trim().parse::<i64>().unwrap())
        .collect();
    let widths = table
        .split("<rect class=\"fill\"")
        .skip(1)
        .map(|rect| rect.split("width=\"").nth(1).unwrap().split('"').next().unwrap().parse::<i64>().unwrap())
        .collect();
    (numbers, widths)
}

#[tokio::test]
async fn more_stops_than_starts_never_draw_a_negative_funnel() {
    for (database, _dir) in databases().await {
        let toml = format!("dashboard_secret = \"{SECRET}\"\n{}", quiz_toml(""));
        let server = spawn(Launch { toml: &toml, database: &database, open_files: None });
        let client = client();
        let send = |path: &'static str, body: String| {
            client.post(server.url(path)).header("content-type", "text/plain").header("origin", PAGE).body(body).send()
        };
        for _ in 0..10 {
            assert_eq!(send("/api/v1/starts", beacon(None)).await.unwrap().status().as_u16(), 204);
        }
        for step in [1, 1, 2, 2, 2] {
            for _ in 0..6 {
                assert_eq!(send("/api/v1/stops", beacon(Some(step))).await.unwrap().status().as_u16(), 204);
            }
        }
        let (_, session) = sign_in(&server, SECRET, "192.0.2.1").await;
        let (status, page) = owner_get(&server, &session.unwrap(), "/dashboard/quiz/climb").await;
        assert_eq!(status, 200, "{database}");
        let (numbers, widths) = figures_and_widths(table_after(&page, "Where readers stop"));
        assert!(!numbers.is_empty() && !widths.is_empty(), "{database}: the funnel has figures and bars");
        assert!(numbers.iter().all(|n| *n >= 0), "{database}: a negative figure: {numbers:?}");
        assert!(widths.iter().all(|w| (0..=100).contains(w)), "{database}: a bar out of its track: {widths:?}");
        // 10 started, 12 stops at question 1 (only 10 could leave there), none left after it.
        // (Each step is named by its question, whose label is followed by its bar.)
        let row = |label: &str| {
            let after = page.split(&format!("<span class=\"label\">{label}</span>")).nth(1).unwrap_or_default();
            after.split("</tr>").next().unwrap_or_default().split("</th>").nth(1).unwrap_or_default().to_string()
        };
        assert_eq!(row("1. Where are you now?"), "<td class=\"n\">10</td><td class=\"n\">10</td>", "{database}");
        assert_eq!(row("2. Which climb is hardest?"), "<td class=\"n\">0</td><td class=\"n\">0</td>", "{database}");
    }
}
