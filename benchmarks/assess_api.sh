#!/usr/bin/env bash
# Benchmark: POST /api/v1/assess under wrk against `giamngheo serve` on 127.0.0.1 (production settings).
#
#   benchmarks/assess_api.sh [duration=20s] [connections=16] [threads=8]
#
# Starts the server on a free port with a throwaway data directory (SQLite, migrated), waits for it,
# runs wrk with 2 load threads for a bounded duration, prints req/s and latency percentiles, then stops
# the server it started (by its process id).
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-20s}"; connections="${2:-16}"; threads="${3:-8}"
data_dir="$(mktemp -d)"
port="$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export GIAMNGHEO_DATA_DIR="$data_dir" GIAMNGHEO_DEBUG=0 GIAMNGHEO_SSL_REDIRECT=0
export GIAMNGHEO_SECRET_KEY="benchmark-only-secret-key-kkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"
.venv/bin/giamngheo manage migrate --verbosity 0
.venv/bin/giamngheo serve --host 127.0.0.1 --port "$port" --threads "$threads" > "$data_dir/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$data_dir"' EXIT
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/api/v1/standards" 2>/dev/null && break
  sleep 0.2
done
curl -fsS -X POST -H 'Content-Type: application/json' \
  -d '{"standard":"2022-2025","area":"rural","income_per_capita":1500000,"deprivations":["water","telecom","employment"]}' \
  "http://127.0.0.1:$port/api/v1/assess" | head -c 300; echo
echo "wrk: $duration, $connections connections, 2 threads; server: waitress, $threads threads, 1 process"
wrk -t2 -c"$connections" -d"$duration" --latency -s benchmarks/assess_api.lua "http://127.0.0.1:$port"
echo "load average after the run: $(cut -d" " -f1-3 /proc/loadavg) (2 cores)"
