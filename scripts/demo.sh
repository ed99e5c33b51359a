#!/usr/bin/env bash
# The quickstart from a fresh machine that has only Node >= 20.19 and npm: installs pnpm when it is
# missing, then the workspace's dependencies, then runs `pnpm demo` (which builds what it needs).
# Arguments go to the demo:  bash scripts/demo.sh --once   ·   bash scripts/demo.sh --help
set -euo pipefail
cd "$(dirname "$0")/.."

if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null; then
  echo "The quickstart needs Node.js >= 20.19 (found: $(node -v 2>/dev/null || echo none))." >&2
  exit 1
fi

# The pnpm of package.json's packageManager field.
PNPM_VERSION=$(node -p 'require("./package.json").packageManager.split("@")[1]')

if ! command -v pnpm >/dev/null 2>&1; then
  echo "› installing pnpm@${PNPM_VERSION} (npm install -g)"
  if ! npm install -g "pnpm@${PNPM_VERSION}" >/dev/null; then
    echo "Could not install pnpm globally. Install it yourself (https://pnpm.io/installation, or 'corepack enable'), then run this again." >&2
    exit 1
  fi
fi

# The dev intake stores traces in SQLite: node:sqlite on Node >= 22.13, else better-sqlite3, which is
# compiled at install time when no prebuilt binary can be downloaded. On Debian/Ubuntu, install its
# toolchain when it is missing (as .ci/run does).
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 13) ? 0 : 1)'; then
  missing=()
  for tool in make g++ python3; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
  bash scripts/apt-install.sh "the better-sqlite3 build" ${missing[@]+"${missing[@]}"}
fi

echo "› pnpm install"
pnpm install --frozen-lockfile
# `pnpm demo` is this script; run it directly, so that Ctrl-C does not end with pnpm's "Command failed".
exec node scripts/demo.mjs "$@"
