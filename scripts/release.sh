#!/usr/bin/env bash
# Packs what a site owner downloads, from a built dist/ and a built results server, into
# versioned archives with a SHA-256 sums file:
#
#   transition-quiz-widget-VERSION.tar.gz, .zip    the files to upload to a site (dist/ without
#                                                  the npm package's own files)
#   transition-quiz-VERSION.tgz                    the npm package (npm pack of dist/)
#   transition-quiz-results-VERSION-TARGET.tar.gz  the results server for this platform, with
#                                                  the widget inside it, an example
#                                                  configuration, a systemd unit and an
#                                                  example webhook receiver
#   SHA256SUMS                                     sha256sum -c SHA256SUMS checks them all
#
#   scripts/release.sh [--profile release|debug] [--out DIR]
#
# `make release` builds dist/ and the release server first, then runs this (into
# target/release-archives/). The end-to-end tests run it with --profile debug on the server
# they built, into a folder of their own, and walk an owner's route from the archives.
# It refuses a server built without the widget (its --version says so).
set -euo pipefail
cd "$(dirname "$0")/.."

profile=release
out=target/release-archives
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "release.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
target=$(rustc -vV | awk '/^host: / { print $2 }')
binary=target/$profile/transition-quiz-results
[ -f dist/embed.js ] || { echo "release.sh: dist/ is not built (make dist)" >&2; exit 1; }
[ -x "$binary" ] || { echo "release.sh: $binary is not built (cargo build -p results-server)" >&2; exit 1; }
if ! "$binary" --version | grep -q "files embedded"; then
  echo "release.sh: $binary was built without the widget: $("$binary" --version)" >&2
  exit 1
fi
if ! command -v zip >/dev/null || ! command -v unzip >/dev/null; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd=sudo
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq zip unzip >/dev/null
fi

rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT

# The widget: what pages load, and the licence.
widget=transition-quiz-widget-$version
mkdir "$staging/$widget"
cp -R dist/. "$staging/$widget/"
rm -f "$staging/$widget"/{package.json,README.md,index.html,demo.css} "$staging/$widget"/.[!.]*
(cd "$staging" && tar -czf "$out/$widget.tar.gz" --owner=0 --group=0 "$widget" && zip -qr "$out/$widget.zip" "$widget")
unzip -tq "$out/$widget.zip" >/dev/null

# The npm package.
(cd dist && npm pack --silent --pack-destination "$out" >/dev/null)

# The results server: the binary (debug information stripped), an example configuration, a
# systemd unit, the example webhook receiver, the licence.
server=transition-quiz-results-$version-$target
mkdir "$staging/$server"
cp "$binary" "$staging/$server/transition-quiz-results"
strip --strip-debug "$staging/$server/transition-quiz-results" 2>/dev/null || true
cp LICENSE scripts/webhook-receiver.mjs "$staging/$server/"
cat > "$staging/$server/results.toml" <<'TOML'
# The results server's configuration (every key is in the README, "Run the server").
listen = "127.0.0.1:8787"            # put your web server or proxy in front, with https
database = "sqlite://results.db"     # relative to where it runs; or postgres://...
# public_url = "https://results.example.com"   # this server's address, as readers reach it
# dashboard_secret = "a long random string"   # at least 16 characters; without it, no dashboard
min_completions = 30                 # below this, readers see no figures at all

[quizzes.four-transitions]           # the built-in quiz
origins = ["https://blog.example"]   # your site: pages allowed to send results
TOML
cat > "$staging/$server/transition-quiz-results.service" <<'UNIT'
# /etc/systemd/system/transition-quiz-results.service
[Unit]
Description=transition-quiz results server
After=network.target

[Service]
ExecStart=/usr/local/bin/transition-quiz-results --config /etc/transition-quiz/results.toml
DynamicUser=yes
StateDirectory=transition-quiz
Restart=on-failure
# Open files: max_connections (4096) and room for the database and webhooks.
LimitNOFILE=8192

[Install]
WantedBy=multi-user.target
UNIT
(cd "$staging" && tar -czf "$out/$server.tar.gz" --owner=0 --group=0 "$server")

(cd "$out" && sha256sum -- *.tar.gz *.zip *.tgz > SHA256SUMS)
echo "release.sh: $out"
(cd "$out" && ls -l -- *.tar.gz *.zip *.tgz SHA256SUMS)
