#!/usr/bin/env bash
# Cold `giamngheo demo`: seconds from start to the first page served, and the server's peak memory (VmHWM)
# once the demo is loaded and a few pages have been served. Uses a fresh data directory and a free port.
# Usage: benchmarks/demo_cold_start.sh [HOUSEHOLDS] [PORT]
set -euo pipefail
households="${1:-40000}"
port="${2:-8123}"
data="$(mktemp -d)"
cd "$(dirname "$0")/.."
start=$(date +%s.%N)
GIAMNGHEO_DATA_DIR="$data" .venv/bin/giamngheo demo --households "$households" --port "$port" >"$data/demo.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$data"' EXIT
until curl -fs -o /dev/null "http://127.0.0.1:$port/"; do
    kill -0 $pid 2>/dev/null || { cat "$data/demo.log"; exit 1; }
    sleep 0.5
done
first=$(date +%s.%N)
for path in / /so-lieu-giam-ngheo/ /tra-cuu/ /api/v1/standards /api/v1/openapi.json; do
    curl -fsS -L -o /dev/null "http://127.0.0.1:$port$path"
done
printf 'households=%s cold start to first page: %.1f s\n' "$households" "$(echo "$first - $start" | bc)"
grep -E 'VmHWM|VmRSS' "/proc/$pid/status"
