#!/usr/bin/env bash
# Builds the Temporal server 1.29.1 and its SQL schema tool from the Go module proxy into the git-ignored .tools/,
# for the cluster stack (scripts/cluster) and the cluster tests (test/cluster/). Idempotent: skips what exists.
#
# Result (TOOLS_DIR defaults to <repo>/.tools):
#   $TOOLS_DIR/bin/temporal-server        go.temporal.io/server/cmd/server@v1.29.1
#   $TOOLS_DIR/bin/temporal-sql-tool      go.temporal.io/server/cmd/tools/sql@v1.29.1 (setup-schema, update-schema)
#   $TOOLS_DIR/temporal-server/schema/    the module's schema/postgresql/v12 (versioned migrations of both databases)
#   $TOOLS_DIR/temporal-server/config/    the module's config/development-postgres12.yaml and dynamicconfig/ (templates)
# Logs go to stderr; prints nothing on stdout. Set FORCE=1 to rebuild.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TOOLS_DIR="${TOOLS_DIR:-$ROOT/.tools}"
VERSION="v1.29.1"
log() { printf '[setup-temporal-server] %s\n' "$*" >&2; }

BIN="$TOOLS_DIR/bin"
SHARE="$TOOLS_DIR/temporal-server"
mkdir -p "$BIN"
if [[ "${FORCE:-}" != "1" && -x "$BIN/temporal-server" && -x "$BIN/temporal-sql-tool" && -f "$SHARE/.version" && "$(cat "$SHARE/.version")" == "$VERSION" ]]; then
  exit 0
fi
command -v go >/dev/null || { log "ERROR: go is needed to build the Temporal server (or point TEMPORAL_ADDRESS at an existing cluster)"; exit 1; }

# go install names the binaries after their package folders (server, sql): build into a scratch GOBIN, then rename.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
start=$(date +%s)
log "building the Temporal server $VERSION with go install (about 5 minutes on 2 cores with a warm Go build cache, longer cold)"
GOBIN="$scratch" GOFLAGS=-mod=mod go install "go.temporal.io/server/cmd/server@$VERSION"
log "building the schema tool"
GOBIN="$scratch" GOFLAGS=-mod=mod go install "go.temporal.io/server/cmd/tools/sql@$VERSION"
mv "$scratch/server" "$BIN/temporal-server"
mv "$scratch/sql" "$BIN/temporal-sql-tool"

# Schema and configuration templates, copied out of the module cache so the stack does not depend on it later.
module="$(GOFLAGS=-mod=mod go env GOMODCACHE)/go.temporal.io/server@$VERSION"
[[ -d "$module/schema/postgresql/v12" ]] || { log "ERROR: $module/schema/postgresql/v12 not found after the build"; exit 1; }
rm -rf "$SHARE"
mkdir -p "$SHARE/schema" "$SHARE/config"
cp -r "$module/schema/postgresql/v12" "$SHARE/schema/"
cp "$module/config/development-postgres12.yaml" "$SHARE/config/"
cp -r "$module/config/dynamicconfig" "$SHARE/config/"
chmod -R u+w "$SHARE"
echo "$VERSION" > "$SHARE/.version"
log "built in $(( $(date +%s) - start )) s: $BIN/temporal-server, $BIN/temporal-sql-tool"
