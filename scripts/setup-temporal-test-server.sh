#!/usr/bin/env bash
# Installs Temporal's Java time-skipping test server (io.temporal:temporal-test-server)
# for TestWorkflowEnvironment.createTimeSkipping() on machines without internet access
# to the SDK's download server. Needs only a JDK (17+) and Maven (3.8+).
#
#   scripts/setup-temporal-test-server.sh      # prints the wrapper path on stdout
#
# Result (TOOLS_DIR defaults to <repo>/.tools, which is git-ignored):
#   $TOOLS_DIR/temporal-test-server/lib/*.jar   runtime classpath (from tools/temporal-test-server/pom.xml)
#   $TOOLS_DIR/temporal-test-server/app.jsa     AppCDS archive (faster JVM start; optional)
#   $TOOLS_DIR/bin/temporal-test-server         wrapper: `temporal-test-server <port>`
#
# Use the wrapper from tests with
#   server: { executable: { type: 'existing-path', path: '<repo>/.tools/bin/temporal-test-server' } }
# The SDK gives the server 5 s to open its port, hence the start-up tuning below.
#
# Idempotent: a marker keyed by the pom, this script and the java version skips all work
# when nothing changed. Set FORCE=1 to reinstall. Logs go to stderr.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
POM="$ROOT/tools/temporal-test-server/pom.xml"
TOOLS_DIR="${TOOLS_DIR:-$ROOT/.tools}"
MVN="${MVN:-mvn}"
MAIN_CLASS="io.temporal.testserver.TestServer"
# JVM flags for a quick start on small CI runners (C1 only, serial GC, no hsperfdata
# file). JVM warnings go to stderr rather than stdout.
JVM_FLAGS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto
  -Xlog:disable -Xlog:all=warning:stderr)

log() { printf '[setup-temporal-test-server] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ -f "$POM" ]] || die "missing $POM"

mkdir -p "$TOOLS_DIR"
TOOLS_DIR="$(cd "$TOOLS_DIR" && pwd)"
INSTALL_DIR="$TOOLS_DIR/temporal-test-server"
LIB_DIR="$INSTALL_DIR/lib"
CDS_ARCHIVE="$INSTALL_DIR/app.jsa"
MARKER="$INSTALL_DIR/.installed"
WRAPPER="$TOOLS_DIR/bin/temporal-test-server"

# --- which java ----------------------------------------------------------------
# Pin the real path: the CDS archive only works with the JVM that created it.
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  JAVA_BIN="$JAVA_HOME/bin/java"
else
  JAVA_BIN="$(command -v java || true)"
fi
[[ -n "$JAVA_BIN" ]] || die "java not found (install a JDK 17+ or set JAVA_HOME)"
JAVA_BIN="$(readlink -f "$JAVA_BIN" 2>/dev/null || echo "$JAVA_BIN")"
JAVA_VERSION="$("$JAVA_BIN" -version 2>&1)"

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum | cut -d' ' -f1
  else shasum -a 256 | cut -d' ' -f1; fi
}
KEY="$( { cat "$POM" "$0"; printf '%s\n%s\n%s\n' "$JAVA_BIN" "$JAVA_VERSION" "$TOOLS_DIR"; } | sha256)"

is_installed() {
  [[ -z "${FORCE:-}" && -f "$MARKER" && "$(cat "$MARKER")" == "$KEY" && -x "$WRAPPER" && -d "$LIB_DIR" ]]
}

if is_installed; then
  log "up to date ($WRAPPER)"
  echo "$WRAPPER"
  exit 0
fi

# Serialise concurrent runs (e.g. parallel CI jobs sharing a workspace).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$TOOLS_DIR/.temporal-test-server.lock"
  flock 9
  if is_installed; then log "installed meanwhile by another run"; echo "$WRAPPER"; exit 0; fi
fi

command -v "$MVN" >/dev/null 2>&1 || die "maven ($MVN) not found"

# --- 1. resolve the classpath ------------------------------------------------------
VERSION="$(sed -n 's:.*<temporal.version>\([^<]*\)</temporal.version>.*:\1:p' "$POM" | head -n1)"
log "resolving io.temporal:temporal-test-server:${VERSION:-?} classpath with Maven"
rm -f "$MARKER"
STAGE="$INSTALL_DIR.new.$$"
TRIAL_PID=""
cleanup() {
  if [[ -n "$TRIAL_PID" ]]; then kill "$TRIAL_PID" 2>/dev/null || true; fi
  rm -rf "$STAGE"
}
trap cleanup EXIT

rm -rf "$STAGE"
mkdir -p "$STAGE"
# Dependencies of the throwaway pom = temporal-test-server.jar itself + its runtime deps.
# (Maven 3.8 prints stray colour-reset codes even with -B -q: strip them.)
if ! "$MVN" -B -q -Dstyle.color=never -f "$POM" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$STAGE/lib" </dev/null 2>&1 \
    | sed 's/\x1b\[[0-9;]*m//g' >&2; then
  die "maven could not resolve the classpath (needs Maven Central or a mirror in ~/.m2/settings.xml)"
fi
compgen -G "$STAGE/lib/temporal-test-server-*.jar" >/dev/null \
  || die "temporal-test-server jar missing from the resolved classpath"

# CDS validates jar paths, so move into the final place before dumping.
rm -rf "$INSTALL_DIR"
mv "$STAGE" "$INSTALL_DIR"

# Explicit, sorted classpath (a `lib/*` wildcard expands in directory order, and CDS
# needs the same classpath at dump and run time).
CLASSPATH_STR="$(find "$LIB_DIR" -maxdepth 1 -name '*.jar' | LC_ALL=C sort | paste -sd: -)"

# --- 2. AppCDS archive (optional: JVM start ~0.9 s -> ~0.3 s on 2 cores) -------------
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
now_ms() { local t="${EPOCHREALTIME:-}"; [[ -n "$t" ]] && echo $(( ${t/[.,]/} / 1000 )) || echo 0; }

# run_server <log> <linger-seconds> <command...>: run `<command> <port>`, wait until the
# port accepts connections, keep it up <linger> s, stop it with SIGTERM (a clean JVM exit).
# Sets STARTUP_MS. Fails if the server does not listen within 60 s.
STARTUP_MS=0
run_server() {
  local out="$1" linger="$2" port t0 i ok=""; shift 2
  for i in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 40000))
    port_open "$port" || break
  done
  t0="$(now_ms)"
  "$@" "$port" </dev/null >"$out" 2>&1 &
  TRIAL_PID=$!
  for ((i = 0; i < 3000; i++)); do
    if port_open "$port"; then ok=1; break; fi
    kill -0 "$TRIAL_PID" 2>/dev/null || break
    sleep 0.02
  done
  STARTUP_MS=$(( $(now_ms) - t0 ))
  [[ -n "$ok" ]] && sleep "$linger"
  kill -TERM "$TRIAL_PID" 2>/dev/null || true
  wait "$TRIAL_PID" 2>/dev/null || true
  TRIAL_PID=""
  [[ -n "$ok" ]]
}

make_cds_archive() {
  local classlist="$INSTALL_DIR/classes.lst" trial_log="$INSTALL_DIR/cds-trial.log"
  # Trial run records the classes loaded during start-up ...
  if ! run_server "$trial_log" 1 "$JAVA_BIN" "${JVM_FLAGS[@]}" \
      -XX:DumpLoadedClassList="$classlist" -cp "$CLASSPATH_STR" "$MAIN_CLASS"; then
    log "WARNING: trial start of the test server failed; see $trial_log"
    return 1
  fi
  log "trial start without CDS: port open after ${STARTUP_MS} ms"
  # ... and a static archive is dumped from them (needs no default JDK CDS archive).
  if ! "$JAVA_BIN" -Xshare:dump -XX:+UseSerialGC -XX:SharedClassListFile="$classlist" \
      -XX:SharedArchiveFile="$CDS_ARCHIVE" -cp "$CLASSPATH_STR" \
      </dev/null >>"$trial_log" 2>&1; then
    rm -f "$CDS_ARCHIVE"
    log "WARNING: CDS dump failed; see $trial_log"
    return 1
  fi
  rm -f "$classlist"
}

log "creating class-data-sharing archive"
if ! make_cds_archive; then
  rm -f "$CDS_ARCHIVE"
  log "continuing without CDS (slower JVM start)"
fi

# --- 3. wrapper --------------------------------------------------------------------
# POSIX single-quoting, so the wrapper runs under any /bin/sh.
q() { local s=${1//\'/\'\\\'\'}; printf "'%s'" "$s"; }

write_wrapper() {
  local flags=("${JVM_FLAGS[@]}") f
  [[ -f "$CDS_ARCHIVE" ]] && flags+=("-XX:SharedArchiveFile=$CDS_ARCHIVE")
  mkdir -p "$(dirname "$WRAPPER")"
  {
    echo '#!/bin/sh'
    echo '# Generated by scripts/setup-temporal-test-server.sh (re-run it instead of editing).'
    echo '# Usage: temporal-test-server <port> [--enable-time-skipping]'
    echo '# Extra JVM options: TEMPORAL_TEST_SERVER_JAVA_OPTS (word-split).'
    echo '# exec: the SDK must signal the JVM itself, or teardown hangs.'
    printf 'exec %s' "$(q "$JAVA_BIN")"
    for f in "${flags[@]}"; do printf ' %s' "$(q "$f")"; done
    printf ' ${TEMPORAL_TEST_SERVER_JAVA_OPTS:-} \\\n  -cp %s \\\n  %s "$@"\n' \
      "$(q "$CLASSPATH_STR")" "$MAIN_CLASS"
  } >"$WRAPPER.tmp"
  chmod 755 "$WRAPPER.tmp"
  mv -f "$WRAPPER.tmp" "$WRAPPER"
}
write_wrapper

# --- 4. smoke test of the wrapper --------------------------------------------------
SMOKE_LOG="$INSTALL_DIR/smoke.log"
# -Xshare:on (overrides the wrapper's -Xshare:auto) makes an unusable archive fatal
# instead of silently falling back to the slow start.
if [[ -f "$CDS_ARCHIVE" ]] && ! run_server "$SMOKE_LOG" 0 \
    env TEMPORAL_TEST_SERVER_JAVA_OPTS="${TEMPORAL_TEST_SERVER_JAVA_OPTS:-} -Xshare:on" "$WRAPPER"; then
  log "WARNING: the CDS archive is unusable ($(grep -v '^$' "$SMOKE_LOG" | tail -n1)); dropping it"
  rm -f "$CDS_ARCHIVE"
  write_wrapper
fi
if [[ ! -f "$CDS_ARCHIVE" ]]; then
  run_server "$SMOKE_LOG" 0 "$WRAPPER" || die "the test server did not start; see $SMOKE_LOG"
fi
log "wrapper start: port open after ${STARTUP_MS} ms (the SDK allows 5000 ms)"
(( STARTUP_MS < 3000 )) || log "WARNING: slow start; createTimeSkipping may time out on this machine"

echo "$KEY" >"$MARKER"
log "installed $WRAPPER ($(du -sh "$LIB_DIR" | cut -f1) of jars)"
echo "$WRAPPER"
