#!/usr/bin/env bash
# Starts the cluster-sync daemon in the background.
#   bin/start.sh [options of `cluster-sync start`, e.g. --conf FILE --hosts FILE --log-dir DIR --once]
# The pid goes to <log-dir>/cluster-sync.pid, the process's own output to <log-dir>/start.out, the
# daemon's log to <log-dir>/sync.INFO.log and sync.WARN.log. Refuses to start a second daemon on
# the same log directory. Builds first when dist/ is missing or older than src/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

LOG_DIR="$(log_dir_from_args "$@")"
PID_FILE="$LOG_DIR/cluster-sync.pid"
OUT_FILE="$LOG_DIR/start.out"

command -v node >/dev/null || { echo "start.sh: node is not installed or not on PATH" >&2; exit 1; }

# One start at a time per log directory, so two concurrent starts cannot both pass the check.
exec 9>"$LOG_DIR/.start.lock"
if command -v flock >/dev/null && ! flock -n 9; then
  echo "start.sh: another start is in progress for $LOG_DIR" >&2
  exit 1
fi

if [ -f "$PID_FILE" ]; then
  pid="$(cat "$PID_FILE")"
  if is_daemon_pid "$pid"; then
    echo "start.sh: cluster-sync is already running (pid $pid, $PID_FILE); stop it first with bin/stop.sh" >&2
    exit 1
  fi
  echo "start.sh: removing stale pid file $PID_FILE (pid $pid is not running)"
  rm -f "$PID_FILE"
fi

stamp="$ROOT/dist/.build-stamp"
if [ ! -f "$stamp" ] || [ -n "$(find "$ROOT/src" -type f -newer "$stamp" -print -quit)" ]; then
  echo "start.sh: building (dist/ is missing or older than src/)"
  if ! (cd "$ROOT" && npm run --silent build >>"$OUT_FILE" 2>&1); then
    echo "start.sh: build failed; see $OUT_FILE" >&2
    exit 1
  fi
fi

echo "---- $(date '+%Y-%m-%d %H:%M:%S') start.sh $*" >>"$OUT_FILE"
INFO_LOG="$LOG_DIR/sync.INFO.log"
info_before=$( [ -f "$INFO_LOG" ] && wc -c <"$INFO_LOG" || echo 0 )
nohup node --enable-source-maps "$ROOT/dist/main.js" start "$@" </dev/null >>"$OUT_FILE" 2>&1 9>&- &
pid=$!
echo "$pid" >"$PID_FILE"

# A configuration error ends the process at once: report it here rather than leave a dead pid.
# The daemon has passed its configuration once it logs that it is starting; a loaded machine may
# take seconds to get there, so wait for either (up to 60 s) instead of a fixed time.
for _ in $(seq 1 300); do
  if ! kill -0 "$pid" 2>/dev/null; then
    code=0
    wait "$pid" || code=$?
    rm -f "$PID_FILE"
    echo "start.sh: cluster-sync exited right after starting (exit code $code):" >&2
    tail -n 20 "$OUT_FILE" >&2
    exit "$code"
  fi
  if [ -f "$INFO_LOG" ] && tail -c +"$((info_before + 1))" "$INFO_LOG" 2>/dev/null | grep -q 'cluster-sync starting'; then
    break
  fi
  sleep 0.2
done
echo "cluster-sync started (pid $pid); follow it with: tail -F $LOG_DIR/sync.INFO.log"
