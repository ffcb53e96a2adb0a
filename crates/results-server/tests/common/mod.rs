//! What the results server's tests share: the databases to run against (a fresh SQLite file,
//! and a fresh PostgreSQL database when `TQ_TEST_POSTGRES` names a server), the tests' own
//! small quiz (`tests/quizzes/climb.json`, never the built-in one, whose questions change),
//! a server started in this process, and the real binary started as a child process (for
//! SIGKILL, open-file limits and restarts).
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use quiz_core::fingerprint::fingerprint;
use results_server::Server;
use results_server::config::{Config, QuizConfig};
use serde_json::{Value, json};

pub const AGENT: &str = "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36";
/// The origin of the test pages.
pub const PAGE: &str = "https://blog.example";
/// The test quiz's key.
pub const QUIZ: &str = "climb";

/// The test quiz file.
pub fn quiz_file() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/quizzes/climb.json"))
}

/// The test quiz, parsed.
pub fn test_quiz() -> quiz_core::quiz::Quiz {
    quiz_core::validate::parse_quiz(&std::fs::read_to_string(quiz_file()).unwrap()).unwrap()
}

/// The test quiz's fingerprint.
pub fn quiz_fingerprint() -> String {
    fingerprint(&test_quiz())
}

/// A share token of the test quiz's `first()` answers, as the widget makes it.
pub fn share_token() -> String {
    let quiz = test_quiz();
    let chosen = first();
    let answers: Vec<Option<usize>> = quiz
        .questions
        .iter()
        .map(|question| question.choices.iter().position(|choice| chosen[&question.id] == choice.id.as_str()))
        .collect();
    quiz_core::share_link::encode_shared(&quiz, &answers)
}

/// A stored completion of the test quiz (stage "first", hardest "second"): `answers` is an
/// object of question id → choice id.
pub fn stored(
    id: &str,
    day: i64,
    page: &str,
    answers: &Value,
    outcome: Option<&str>,
) -> results_server::app::store::Completion {
    let pairs: Vec<String> =
        answers.as_object().unwrap().iter().map(|(q, c)| format!("{q}={}", c.as_str().unwrap())).collect();
    results_server::app::store::Completion {
        id: id.to_string(),
        quiz: QUIZ.into(),
        day,
        page_path: page.to_string(),
        outcome: outcome.map(String::from),
        further_up: None,
        stage: Some("first".into()),
        hardest: Some("second".into()),
        answers: pairs.join(","),
    }
}

/// Answers whose result is the first climb (a clear gap, 100).
pub fn first() -> Value {
    json!({ "stage": "s1", "hardest": "h2", "q1": "a", "q2": "a", "q3": "a" })
}

/// Answers whose result is the second climb (67), from a reader on the second who finds the
/// third hardest.
pub fn second() -> Value {
    json!({ "stage": "s2", "hardest": "h3", "q1": "b", "q2": "b", "q3": "d" })
}

/// Answers that show no clear gap.
pub fn no_gap() -> Value {
    json!({ "stage": "s0", "hardest": "h0", "q1": "d", "q2": "d", "q3": "d" })
}

/// A completion body of the test quiz.
pub fn completion(id: &str, answers: Value) -> Value {
    json!({
        "id": id, "quiz": QUIZ, "fingerprint": quiz_fingerprint(),
        "answers": answers, "page": "/blog/post?utm_source=newsletter#transition-quiz:x=1",
    })
}

/// A start (no step) or stop beacon of the test quiz.
pub fn beacon(step: Option<u32>) -> String {
    let mut body = json!({ "quiz": QUIZ, "fingerprint": quiz_fingerprint() });
    if let Some(step) = step {
        body["step"] = json!(step);
    }
    body.to_string()
}

/// The databases to run against: a fresh SQLite file, and a fresh PostgreSQL database when
/// `TQ_TEST_POSTGRES` is set (`postgres://user@127.0.0.1:port`).
pub async fn databases() -> Vec<(String, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let mut list = vec![(format!("sqlite://{}", dir.path().join("results.db").display()), Some(dir))];
    match std::env::var("TQ_TEST_POSTGRES") {
        Ok(server) => list.push((fresh_postgres(&server).await, None)),
        Err(_) if std::env::var_os("CI").is_some() => panic!("CI must test PostgreSQL too: set TQ_TEST_POSTGRES"),
        Err(_) => eprintln!("note: TQ_TEST_POSTGRES is not set, so only SQLite is tested here"),
    }
    list
}

/// Creates an empty database on the PostgreSQL server and returns its URL.
pub async fn fresh_postgres(server: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    sqlx::any::install_default_drivers();
    let name = format!("t{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst));
    let admin = sqlx::AnyPool::connect(&format!("{server}/postgres")).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.unwrap();
    admin.close().await;
    format!("{server}/{name}")
}

/// The test quiz's configuration, for pages on [`PAGE`].
pub fn quiz_config() -> QuizConfig {
    QuizConfig { file: Some(quiz_file()), origins: vec![PAGE.into()], webhook: None }
}

/// A configuration for the in-process server: the test quiz, no minimum, no cache.
pub fn config(database: &str) -> Config {
    let mut config = Config {
        listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        database: database.into(),
        min_completions: 1,
        summary_max_age: 0,
        ..Config::default()
    };
    config.quizzes.insert(QUIZ.to_string(), quiz_config());
    // The built-in quiz is always accepted: on the same pages, so no quiz allows any origin.
    config.quizzes.insert(
        quiz_core::default_quiz::DEFAULT_QUIZ_ID.to_string(),
        QuizConfig { file: None, origins: vec![PAGE.into()], webhook: None },
    );
    config
}

/// A server running in this process, and a client for it.
pub struct Running {
    pub base: String,
    pub client: reqwest::Client,
    pub stop: Option<tokio::sync::oneshot::Sender<()>>,
    pub done: tokio::task::JoinHandle<Result<(), String>>,
    pub dir: Option<tempfile::TempDir>,
}

/// Starts a server in this process.
pub async fn start(config: Config, dir: Option<tempfile::TempDir>) -> Running {
    let server = Server::start(config).await.unwrap();
    let base = format!("http://{}", server.address());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let done = tokio::spawn(server.serve(async move {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::builder().user_agent(AGENT).no_proxy().build().unwrap();
    Running { base, client, stop: Some(stop), done, dir }
}

impl Running {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// POSTs `body` to `path` from a page on [`PAGE`]: the status and the JSON answer.
    pub async fn post(&self, path: &str, content_type: &str, body: String) -> (u16, Value) {
        let response = self
            .client
            .post(self.url(path))
            .header("content-type", content_type)
            .header("origin", PAGE)
            .body(body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn complete(&self, body: Value) -> (u16, Value) {
        self.post("/api/v1/completions", "application/json", body.to_string()).await
    }

    pub async fn summary(&self) -> Value {
        let response = self.client.get(self.url("/api/v1/summary/climb")).header("origin", PAGE).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200);
        response.json().await.unwrap()
    }

    /// Stops gracefully and waits until it has.
    pub async fn stop(mut self) {
        let _ = self.stop.take().unwrap().send(());
        self.done.await.unwrap().unwrap();
    }
}

/// The `name=value` of a `Set-Cookie` header named `name`, with its attributes.
pub fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with(&format!("{name}=")))
        .map(String::from)
}

/// The value part of a `Set-Cookie` line.
pub fn cookie_value(line: &str) -> String {
    line.split(';').next().unwrap().split_once('=').unwrap().1.to_string()
}

/// The CSRF token in a page's form.
pub fn form_csrf(page: &str) -> String {
    page.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string()
}

/// The results server's binary, built by cargo for these tests.
pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_transition-quiz-results"))
}

/// The real binary, started as a child process with a configuration file.
pub struct Spawned {
    pub child: Child,
    pub base: String,
    pub address: SocketAddr,
    /// The server's log (JSON lines on standard error), as read so far.
    pub log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    config_dir: tempfile::TempDir,
}

/// How to start the binary: the configuration's TOML (without `listen`, which is always a
/// free port on 127.0.0.1), the database, and an open-file limit to run it under.
pub struct Launch<'a> {
    pub toml: &'a str,
    pub database: &'a str,
    pub open_files: Option<u64>,
}

/// Starts the binary and waits (at most 30 s) until it logs its address.
pub fn spawn(launch: Launch) -> Spawned {
    let config_dir = tempfile::tempdir().unwrap();
    let config_path = config_dir.path().join("results.toml");
    std::fs::write(&config_path, format!("listen = \"127.0.0.1:0\"\n{}", launch.toml)).unwrap();
    let mut command = Command::new(binary());
    command
        .args(["--config", config_path.to_str().unwrap(), "--database", launch.database])
        .env("RUST_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(limit) = launch.open_files {
        use std::os::unix::process::CommandExt;
        // SAFETY: setrlimit is async-signal-safe; the closure touches nothing else.
        unsafe {
            command.pre_exec(move || {
                let value = libc::rlimit { rlim_cur: limit as libc::rlim_t, rlim_max: limit as libc::rlim_t };
                if libc::setrlimit(libc::RLIMIT_NOFILE, &value) == 0 {
                    Ok(())
                } else {
                    Err(std::io::Error::last_os_error())
                }
            });
        }
    }
    let mut child = command.spawn().expect("the server binary starts");
    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let (found, address) = std::sync::mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    let kept = log.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Ok(entry) = serde_json::from_str::<Value>(&line)
                && entry["fields"]["message"] == "listening"
            {
                let _ = found.send(entry["fields"]["address"].as_str().unwrap_or_default().to_string());
            }
            kept.lock().unwrap().push(line);
        }
    });
    let address: SocketAddr = match address.recv_timeout(Duration::from_secs(30)) {
        Ok(address) => address.parse().unwrap(),
        Err(_) => {
            let _ = child.kill();
            panic!("the server did not start:\n{}", log.lock().unwrap().join("\n"));
        }
    };
    Spawned { child, base: format!("http://{address}"), address, log, config_dir }
}

impl Spawned {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// SIGKILL: no graceful anything.
    /// The test quiz's summary, as a page on [`PAGE`] reads it.
    pub async fn summary(&self) -> Value {
        client()
            .get(self.url("/api/v1/summary/climb"))
            .header("origin", PAGE)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    pub fn kill(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// SIGTERM, then waits (at most `deadline`) for the process to end; whether it did.
    pub async fn terminate(&mut self, deadline: Duration) -> bool {
        // SAFETY: kill sends a signal to our own child.
        unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) };
        let child = &mut self.child;
        eventually(deadline, || {
            let ended = child.try_wait().unwrap().is_some();
            async move { ended }
        })
        .await
    }

    /// The process's resident memory now, in KB.
    pub fn rss_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|line| line.starts_with("VmRSS:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }
}

impl Drop for Spawned {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = &self.config_dir;
    }
}

/// The test quiz's section of a TOML configuration, for pages on [`PAGE`], with more lines.
pub fn quiz_toml(more: &str) -> String {
    format!(
        "[quizzes.four-transitions]\norigins = [\"{PAGE}\"]\n\n[quizzes.climb]\nfile = {:?}\norigins = [\"{PAGE}\"]\n{more}\n",
        quiz_file().display().to_string()
    )
}

/// A client for a spawned server, sending [`AGENT`].
pub fn client() -> reqwest::Client {
    reqwest::Client::builder().user_agent(AGENT).no_proxy().build().unwrap()
}

/// Polls `check` every 20 ms until it is true or `deadline` passes; whether it became true.
pub async fn eventually<F: std::future::Future<Output = bool>>(
    deadline: Duration,
    mut check: impl FnMut() -> F,
) -> bool {
    let started = Instant::now();
    loop {
        if check().await {
            return true;
        }
        if started.elapsed() > deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Signs in to the dashboard at `base` with `secret`: a client that does not follow
/// redirects, and the session cookie (`tq_session=...`) to send with it.
pub async fn signed_in(base: &str, secret: &str) -> (reqwest::Client, String) {
    let owner = reqwest::Client::builder()
        .user_agent(AGENT)
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let form = owner.get(format!("{base}/dashboard")).send().await.unwrap();
    let csrf = cookie_value(&set_cookie(&form, "tq_csrf").expect("the form sets a CSRF cookie"));
    let signed = owner
        .post(format!("{base}/dashboard/sign-in"))
        .header("cookie", format!("tq_csrf={csrf}"))
        .form(&[("secret", secret), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status().as_u16(), 303, "signed in");
    let session = format!("tq_session={}", cookie_value(&set_cookie(&signed, "tq_session").unwrap()));
    (owner, session)
}
