# shellcheck shell=bash
# Shared by bin/run and bin/test: finds the repository root and makes sure a fresh machine with only a JDK,
# Maven and Node.js has what the build, the tests and the devhost need (Azurite from npm, redis-server).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export AISAAS_REPO_ROOT="$ROOT"

die() {
  echo "error: $*" >&2
  exit 1
}

note() {
  echo "${0##*/}: $*" >&2
}

require_command() { # name, message when missing
  command -v "$1" >/dev/null 2>&1 || die "$2"
}

major_version() { # "17.0.15" -> 17, "1.8.0_392" -> 1, "v20.19.0" -> 20
  local v="${1#v}"
  echo "${v%%.*}"
}

check_tools() {
  require_command java "java not found: install a JDK 17+ (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless)"
  local java_version
  java_version="$(java -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')"
  if [[ -z "$java_version" || "$(major_version "$java_version")" -lt 17 ]]; then
    die "java ${java_version:-(unknown version)} is too old: the build needs JDK 17+ (JAVA_HOME / PATH)"
  fi
  require_command mvn "mvn not found: install Maven 3.8+ (Debian/Ubuntu: apt-get install maven)"
  require_command node "node not found: install Node.js 20+ (https://nodejs.org), needed for the Azurite storage emulator"
  require_command npm "npm not found: install npm with Node.js 20+ (https://nodejs.org)"
  local node_version
  node_version="$(node --version)"
  if [[ "$(major_version "$node_version")" -lt 20 ]]; then
    die "node $node_version is too old: Azurite needs Node.js 20+"
  fi
}

# Installs the root package.json's tools (Azurite) when they are missing or package-lock.json changed.
ensure_node_modules() {
  local stamp="$ROOT/node_modules/.aisaas-package-lock.sha256" want
  want="$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)"
  if [[ -f "$ROOT/node_modules/azurite/dist/src/blob/main.js" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  note "installing Node.js dev tools (npm ci at $ROOT)..."
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
    || die "npm ci failed at $ROOT (see the messages above)"
  echo "$want" >"$stamp"
}

# redis-server for the local Redis (REDIS_SERVER_BINARY names another one).
ensure_redis() {
  if [[ -n "${REDIS_SERVER_BINARY:-}" ]]; then
    [[ -x "$REDIS_SERVER_BINARY" ]] || command -v "$REDIS_SERVER_BINARY" >/dev/null 2>&1 \
      || die "REDIS_SERVER_BINARY=$REDIS_SERVER_BINARY is not an executable"
    return 0
  fi
  command -v redis-server >/dev/null 2>&1 && return 0
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    note "installing redis-server (apt-get)..."
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server; } \
      >/dev/null || die "apt-get install redis-server failed"
    command -v redis-server >/dev/null 2>&1 || die "redis-server still not on PATH after apt-get install"
  else
    die "redis-server not found: install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) or set REDIS_SERVER_BINARY"
  fi
}

# The web console's npm packages (console/node_modules), installed when missing or console/package-lock.json changed.
ensure_console_modules() {
  local dir="$ROOT/console" stamp="$ROOT/console/node_modules/.aisaas-package-lock.sha256" want
  want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  note "installing the console's npm packages (npm ci at $dir)..."
  (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
    || die "npm ci failed at $dir (see the messages above)"
  echo "$want" >"$stamp"
}

# Builds the console into console/dist when a source is newer than the last build.
build_console() {
  local dir="$ROOT/console"
  ensure_console_modules
  if [[ -f "$dir/dist/index.html" ]] \
    && [[ -z "$(find "$dir/src" "$dir/index.html" "$dir/package-lock.json" "$dir/vite.config.ts" "$dir/tsconfig.json" \
      -newer "$dir/dist/index.html" -print -quit)" ]]; then
    return 0
  fi
  note "building the console (npm run build in console/)..."
  (cd "$dir" && npm run --silent build >/dev/null) || die "the console build failed: run 'npm run build' in console/ to see why"
}

# Debian's Chromium for the console's browser tests (CHROMIUM_BINARY names another one); Playwright downloads none.
ensure_chromium() {
  if [[ -n "${CHROMIUM_BINARY:-}" ]]; then
    [[ -x "$CHROMIUM_BINARY" ]] || die "CHROMIUM_BINARY=$CHROMIUM_BINARY is not an executable"
    return 0
  fi
  command -v chromium >/dev/null 2>&1 && return 0
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    note "installing chromium (apt-get)..."
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; } \
      >/dev/null || die "apt-get install chromium failed"
    command -v chromium >/dev/null 2>&1 || die "chromium still not on PATH after apt-get install"
  else
    die "chromium not found: install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_BINARY"
  fi
}

ensure_prerequisites() {
  check_tools
  ensure_node_modules
  ensure_redis
}
