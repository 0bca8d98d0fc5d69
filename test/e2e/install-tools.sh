#!/usr/bin/env bash
# Installs what the end-to-end tests need on a Debian machine without GitHub access:
# Debian's Chromium (Playwright drives it), ripgrep, libkrb5-dev (code-server's native modules),
# and code-server 4.100.3 (VS Code 1.100's workbench; the newest that runs on Node 20) into
# .e2e/ in the repository (gitignored; not a devDependency, so `npm ci` stays fast).
# Usage: bash test/e2e/install-tools.sh   (as root; about 2 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD/.e2e"
CODE_SERVER_VERSION=4.100.3

if ! command -v chromium >/dev/null || ! command -v rg >/dev/null || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium libkrb5-dev ripgrep >/dev/null
fi

if [ -x "$ROOT/node_modules/.bin/code-server" ]; then
  echo "code-server already in $ROOT"
  exit 0
fi
mkdir -p "$ROOT/tmp"
# @vscode/ripgrep's postinstall downloads rg from GitHub; a failure rolls back the whole install.
# Seed its download cache with Debian's rg instead.
CACHE="$ROOT/tmp/vscode-ripgrep-cache-1.15.11"
mkdir -p "$CACHE" "$ROOT/tmp/rg"
cp /usr/bin/rg "$ROOT/tmp/rg/rg"
tar -czf "$CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$ROOT/tmp/rg" rg
cd "$ROOT"
[ -f package.json ] || echo '{ "name": "stylegraph-e2e-tools", "private": true }' >package.json
# node-pty's postinstall runs `npx node-gyp`: npm_config_yes lets npx install it without asking.
TMPDIR="$ROOT/tmp" npm_config_yes=true npm install --no-audit --no-fund --no-save --unsafe-perm=true \
  --foreground-scripts=false "code-server@$CODE_SERVER_VERSION" >"$ROOT/install.log" 2>&1 \
  || { tail -40 "$ROOT/install.log"; exit 1; }
rm -rf "$ROOT/tmp"
XDG_CONFIG_HOME="$ROOT/tmp-config" XDG_DATA_HOME="$ROOT/tmp-config" "$ROOT/node_modules/.bin/code-server" --version && rm -rf "$ROOT/tmp-config"
