#!/usr/bin/env bash
# Stops the cluster-sync daemon started by bin/start.sh: SIGTERM, then waits for a clean exit
# (the daemon finishes what it is sending and writes a final report). After the timeout it sends
# SIGKILL and says so.
#   bin/stop.sh [--log-dir DIR] [--timeout SECONDS (default 60)]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

timeout=60
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --timeout) timeout="${2:?--timeout needs a number of seconds}"; shift 2 ;;
    --timeout=*) timeout="${1#--timeout=}"; shift ;;
    *) args+=("$1"); shift ;;
  esac
done
[[ "$timeout" =~ ^[0-9]+$ ]] || { echo "stop.sh: --timeout: expected a whole number of seconds, got '$timeout'" >&2; exit 2; }

LOG_DIR="$(log_dir_from_args "${args[@]+"${args[@]}"}")"
PID_FILE="$LOG_DIR/cluster-sync.pid"

if [ ! -f "$PID_FILE" ]; then
  echo "cluster-sync is not running (no $PID_FILE)"
  exit 0
fi
pid="$(cat "$PID_FILE")"
if ! is_daemon_pid "$pid"; then
  echo "cluster-sync is not running (stale pid $pid); removing $PID_FILE"
  rm -f "$PID_FILE"
  exit 0
fi

echo "stopping cluster-sync (pid $pid)..."
kill -TERM "$pid"
deadline=$((SECONDS + timeout))
while kill -0 "$pid" 2>/dev/null; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "cluster-sync did not stop within ${timeout}s; sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    rm -f "$PID_FILE"
    echo "cluster-sync killed"
    exit 0
  fi
  sleep 0.2
done
rm -f "$PID_FILE"
echo "cluster-sync stopped"
