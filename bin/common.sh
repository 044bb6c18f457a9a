# Shared by bin/start.sh and bin/stop.sh: where the installation, the log directory and the pid
# file are, and whether a pid still belongs to a running cluster-sync daemon.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The log directory is the --log-dir argument if given (as the daemon sees it), else <root>/log.
log_dir_from_args() {
  local dir="$ROOT/log" previous=""
  for arg in "$@"; do
    case "$arg" in
      --log-dir=*) dir="${arg#--log-dir=}" ;;
      *) [ "$previous" = "--log-dir" ] && dir="$arg" ;;
    esac
    previous="$arg"
  done
  mkdir -p "$dir" && (cd "$dir" && pwd)
}

# True when the pid is alive and is a cluster-sync daemon (not a recycled pid of something else).
is_daemon_pid() {
  local pid="$1"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  [ -r "/proc/$pid/cmdline" ] || return 0
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'main.js start'
}
