#!/usr/bin/env bash
# Measures ferry's own load generator (the one behind `ferry bench`) against independent
# tools, in one run. Not a test: it prints figures.
#
#   1. Maximum rate: `wrk` and ferry's closed loop (`ferry dev load --closed 64`), each
#      pinned to CPU 0, against the Go reference of 01-hello pinned to CPU 1, five
#      seconds each, alternated five times. Target: ferry reaches ≥ 0.9 of wrk's rate.
#   2. Percentiles at a fixed rate, on the kind of service `ferry bench` is for: the Rust
#      reference of 09-hotpath (about 1 ms of CPU a request: a 260 KiB JSON body of events
#      folded into statistics), one worker thread on CPU 1, at 25% of its capacity.
#      `oha` with its latency correction (open loop, timed from the scheduled send) and
#      ferry's open loop, 8 connections each, ten seconds each, alternated five times.
#      Target: ferry's p50 and p99 within 10% of oha's. (h2load is not used here: with a
#      260 KiB request body its figures were 5-6 ms where oha and ferry both saw ~1 ms.)
#   3. Diagnostic, no target: the generators' own cost, on 01-hello's answers of about
#      0.1 ms, at 5% of wrk's maximum rate, all on 8 connections: the floor (wrk, one
#      connection, one request at a time), oha (from the scheduled send), `h2load` (nghttp2,
#      C; `--rps` per connection, per-request log; from the actual send) and ferry (both).
#      At this scale a few tens of µs of wake-up and scheduling in the generator are a third
#      of the figure, so the tools disagree with one another by more than 10%; which one is
#      nearest the floor is the thing to read.
#   4. Diagnostic, no target: oha and ferry at 50% of wrk's maximum rate, 64 connections:
#      there oha, one tokio runtime on one core juggling 64 connections, spends long enough
#      scheduling that its own queueing shows in its p50.
#
# Usage: tests/bench/loadgen_vs_tools.sh [--quick]   (--quick: 2 s runs, once; for a smoke test)
# Needs: wrk (Debian: apt-get install wrk), h2load (apt-get install nghttp2-client), oha
# (installed here into target/tools with `cargo install oha --locked` when missing), go,
# cargo, taskset (util-linux).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
say() { printf 'bench-loadgen: %s\n' "$*" >&2; }

rounds=5
max_seconds=5
fixed_seconds=10
if [[ "${1:-}" == "--quick" ]]; then
  rounds=1
  max_seconds=2
  fixed_seconds=2
fi

# --- the tools -------------------------------------------------------------------
for pair in wrk:wrk h2load:nghttp2-client; do
  tool=${pair%%:*} package=${pair#*:}
  if ! command -v "$tool" >/dev/null; then
    if [[ $(id -u) -eq 0 ]]; then
      say "installing $package"
      apt-get install -y "$package" >/dev/null || { apt-get update >/dev/null && apt-get install -y "$package" >/dev/null; }
    else
      say "$tool is missing: sudo apt-get install $package"
      exit 2
    fi
  fi
done
oha="$root/target/tools/bin/oha"
if [[ ! -x "$oha" ]]; then
  say "installing oha 1.16.0 into target/tools (a few minutes, once)"
  cargo install oha --locked --version 1.16.0 --root "$root/target/tools" >/dev/null
fi
for tool in go cargo taskset python3; do
  command -v "$tool" >/dev/null || { say "$tool is missing"; exit 2; }
done
./ferry bootstrap >/dev/null
ferry="${FERRY_BUILD_DIR:-$root/build}/cpp-harness/ferry"
(cd reference-go && go build -o ../target/go/01-hello ./01-hello)

cpus=$(nproc)
if (( cpus < 2 )); then
  say "one CPU only: the server and the load generators share it, so the figures compare poorly"
  server_cpu=0
  load_cpu=0
else
  server_cpu=1
  load_cpu=0
fi

# --- the servers -----------------------------------------------------------------
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() {  # wait_for PORT
  for _ in $(seq 1 200); do
    curl -fs "http://127.0.0.1:$1/health" >/dev/null 2>&1 && return 0
    python3 -c 'import time; time.sleep(0.05)'
  done
  say "the server on port $1 did not answer /health"
  exit 1
}
cargo build --quiet --release -p hotpath-reference
port=$(free_port)
PORT=$port GOMAXPROCS=1 taskset -c "$server_cpu" target/go/01-hello 2>/dev/null &
server=$!
hot_port=$(free_port)
PORT=$hot_port TOKIO_WORKER_THREADS=1 taskset -c "$server_cpu" target/release/hotpath-reference >/dev/null 2>&1 &
hot_server=$!
trap 'kill $server $hot_server 2>/dev/null || true' EXIT
wait_for "$port"
wait_for "$hot_port"
url="http://127.0.0.1:$port/hello?name=Ada"
hot_url="http://127.0.0.1:$hot_port/stats"
hot_body=exercises/09-hotpath/testdata/events-seed7.json
say "servers: the Go reference of 01-hello on port $port (GOMAXPROCS=1), the Rust reference of 09-hotpath on port $hot_port (TOKIO_WORKER_THREADS=1), both on CPU $server_cpu; generators on CPU $load_cpu"

median() { python3 -c 'import sys, statistics; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }
# oha's p50 and p99 in µs, from its JSON report on stdin
oha_percentiles() { python3 -c 'import json, sys; d = json.load(sys.stdin)["latencyPercentiles"]; print(d["p50"] * 1e6, d["p99"] * 1e6)'; }
# ferry's p50 and p99 in µs: from the intended send time, then from the actual send
ferry_percentiles() {
  python3 -c 'import json, sys; d = json.load(sys.stdin); c, u = d["corrected"], d["uncorrected"]; print(c["p50_us"], c["p99_us"], u["p50_us"], u["p99_us"])'
}

# --- 1. maximum rate -----------------------------------------------------------------
wrk_rates=()
ferry_rates=()
for round in $(seq 1 "$rounds"); do
  rate=$(taskset -c "$load_cpu" wrk -t1 -c64 -d"${max_seconds}s" "$url" | awk '/Requests\/sec/ {print $2}')
  wrk_rates+=("$rate")
  rate=$("$ferry" dev load --port "$port" --path "/hello?name=Ada" --closed 64 --duration "$max_seconds" \
           --cpu "$load_cpu" --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["rps"])')
  ferry_rates+=("$rate")
  say "round $round: wrk ${wrk_rates[-1]}/s, ferry $rate/s"
done
wrk_max=$(median "${wrk_rates[@]}")
ferry_max=$(median "${ferry_rates[@]}")

# --- 2. percentiles at a fixed rate on 09-hotpath ---------------------------------------
hot_capacity=$("$ferry" dev load --port "$hot_port" --method POST --path /stats --body-file "$hot_body" --closed 4 \
                 --duration "$max_seconds" --cpu "$load_cpu" --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["rps"])')
hot_rate=$(python3 -c "print(int($hot_capacity * 0.25))")
say "09-hotpath: capacity $hot_capacity/s (closed loop, 4 connections); fixed rate $hot_rate/s"
hot_oha_p50=() hot_oha_p99=() hot_ferry_p50=() hot_ferry_p99=()
for round in $(seq 1 "$rounds"); do
  read -r p50 p99 < <(taskset -c "$load_cpu" "$oha" --no-tui --worker-threads 1 --output-format json -z "${fixed_seconds}s" \
                        -q "$hot_rate" -c 8 --latency-correction -m POST -D "$hot_body" -T application/json "$hot_url" |
                      oha_percentiles)
  hot_oha_p50+=("$p50") hot_oha_p99+=("$p99")
  read -r c50 c99 _ _ < <("$ferry" dev load --port "$hot_port" --method POST --path /stats --body-file "$hot_body" \
                            --rate "$hot_rate" --duration "$fixed_seconds" --warmup 1 --connections 8 --cpu "$load_cpu" --json |
                          ferry_percentiles)
  hot_ferry_p50+=("$c50") hot_ferry_p99+=("$c99")
  say "round $round at $hot_rate/s: oha p50 $p50 µs p99 $p99 µs; ferry p50 $c50 µs p99 $c99 µs"
done

# --- 3. the generators' own cost on 01-hello -------------------------------------------
# The floor: one connection, one request at a time (wrk, closed loop): no latency can be
# below this round trip.
floor_p50=$(taskset -c "$load_cpu" wrk -t1 -c1 -d"${max_seconds}s" --latency "$url" |
            awk '$1 == "50%" {v = $2; if (v ~ /us$/) {sub("us", "", v); print v} else if (v ~ /ms$/) {sub("ms", "", v); print v * 1000} else {print v * 1e6}}')
low=$(python3 -c "print(int($wrk_max * 0.05))")
low_oha_p50=() low_oha_p99=() h2_p50=() h2_p99=() low_c50=() low_c99=() low_u50=() low_u99=()
h2_log=$(mktemp)
for round in $(seq 1 "$rounds"); do
  read -r p50 p99 < <(taskset -c "$load_cpu" "$oha" --no-tui --worker-threads 1 --output-format json -z "${fixed_seconds}s" \
                        -q "$low" -c 8 --latency-correction "$url" | oha_percentiles)
  low_oha_p50+=("$p50") low_oha_p99+=("$p99")
  : > "$h2_log"  # h2load appends to its log
  taskset -c "$load_cpu" h2load --h1 -c 8 --rps "$(python3 -c "print(max(1, round($low / 8)))")" -D "$fixed_seconds" \
    --warm-up-time 1 --log-file "$h2_log" "$url" >/dev/null
  read -r h50 h99 < <(python3 -c '
import sys
d = sorted(int(line.split("\t")[2]) for line in open(sys.argv[1]) if line.strip())
print(d[len(d) // 2], d[min(len(d) - 1, int(len(d) * 0.99))])' "$h2_log")
  h2_p50+=("$h50") h2_p99+=("$h99")
  read -r c50 c99 u50 u99 < <("$ferry" dev load --port "$port" --path "/hello?name=Ada" --rate "$low" \
                                --duration "$fixed_seconds" --warmup 1 --connections 8 --cpu "$load_cpu" --json | ferry_percentiles)
  low_c50+=("$c50") low_c99+=("$c99") low_u50+=("$u50") low_u99+=("$u99")
  say "round $round at $low/s: oha p50 $p50 µs p99 $p99 µs; h2load p50 $h50 µs p99 $h99 µs; ferry p50 $c50 µs p99 $c99 µs (from the send: $u50, $u99)"
done
rm -f "$h2_log"

# --- 4. oha and ferry at half of wrk's maximum -------------------------------------------
high=$(python3 -c "print(int($wrk_max * 0.5))")
high_oha_p50=() high_oha_p99=() high_ferry_p50=() high_ferry_p99=()
for round in $(seq 1 "$rounds"); do
  read -r p50 p99 < <(taskset -c "$load_cpu" "$oha" --no-tui --worker-threads 1 --output-format json -z "${fixed_seconds}s" \
                        -q "$high" -c 64 --latency-correction "$url" | oha_percentiles)
  high_oha_p50+=("$p50") high_oha_p99+=("$p99")
  read -r c50 c99 _ _ < <("$ferry" dev load --port "$port" --path "/hello?name=Ada" --rate "$high" \
                            --duration "$fixed_seconds" --warmup 1 --connections 64 --cpu "$load_cpu" --json | ferry_percentiles)
  high_ferry_p50+=("$c50") high_ferry_p99+=("$c99")
  say "round $round at $high/s: oha p50 $p50 µs p99 $p99 µs; ferry p50 $c50 µs p99 $c99 µs"
done

m() { median "$@"; }
python3 - "$wrk_max" "$ferry_max" \
  "$hot_rate" "$(m "${hot_oha_p50[@]}")" "$(m "${hot_oha_p99[@]}")" "$(m "${hot_ferry_p50[@]}")" "$(m "${hot_ferry_p99[@]}")" \
  "$low" "$floor_p50" "$(m "${low_oha_p50[@]}")" "$(m "${low_oha_p99[@]}")" "$(m "${h2_p50[@]}")" "$(m "${h2_p99[@]}")" \
  "$(m "${low_c50[@]}")" "$(m "${low_c99[@]}")" "$(m "${low_u50[@]}")" "$(m "${low_u99[@]}")" \
  "$high" "$(m "${high_oha_p50[@]}")" "$(m "${high_oha_p99[@]}")" "$(m "${high_ferry_p50[@]}")" "$(m "${high_ferry_p99[@]}")" <<'EOF'
import sys
(wrk_max, ferry_max,
 hot_rate, hot_oha_p50, hot_oha_p99, hot_ferry_p50, hot_ferry_p99,
 low, floor_p50, low_oha_p50, low_oha_p99, h2_p50, h2_p99, low_c50, low_c99, low_u50, low_u99,
 high, high_oha_p50, high_oha_p99, high_ferry_p50, high_ferry_p99) = map(float, sys.argv[1:])
def verdict(ok): return "meets the target" if ok else "MISSES the target"
def ms(us): return f"{us / 1000:6.3f} ms"
ratio = ferry_max / wrk_max
print()
print("maximum rate, the Go reference of 01-hello (closed loop, 64 connections, medians)")
print(f"  wrk    {wrk_max:10,.0f} requests/s")
print(f"  ferry  {ferry_max:10,.0f} requests/s   ratio {ratio:.2f} (target ≥ 0.90): {verdict(ratio >= 0.9)}")
print()
print(f"latency, the Rust reference of 09-hotpath at {hot_rate:,.0f} requests/s (25% of its capacity; open loop,")
print("8 connections, from the scheduled send time, medians)")
for name, theirs, ours in (("p50", hot_oha_p50, hot_ferry_p50), ("p99", hot_oha_p99, hot_ferry_p99)):
    diff = (ours - theirs) / theirs if theirs else float("inf")
    print(f"  {name}  oha {ms(theirs)}   ferry {ms(ours)}   {diff:+.1%} (target within 10%): {verdict(abs(diff) <= 0.10)}")
print()
print(f"diagnostic: the generators' own cost, 01-hello at {low:,.0f} requests/s (5% of wrk's maximum), 8 connections, medians")
print(f"  floor   p50 {ms(floor_p50)}                  (wrk: one connection, one request at a time)")
print(f"  oha     p50 {ms(low_oha_p50)}   p99 {ms(low_oha_p99)}   (from the scheduled send)")
print(f"  ferry   p50 {ms(low_c50)}   p99 {ms(low_c99)}   (from the scheduled send)")
print(f"  h2load  p50 {ms(h2_p50)}   p99 {ms(h2_p99)}   (from the actual send)")
print(f"  ferry   p50 {ms(low_u50)}   p99 {ms(low_u99)}   (from the actual send)")
print()
print(f"diagnostic: 01-hello at {high:,.0f} requests/s (50% of wrk's maximum), 64 connections, medians")
print(f"  oha     p50 {ms(high_oha_p50)}   p99 {ms(high_oha_p99)}")
print(f"  ferry   p50 {ms(high_ferry_p50)}   p99 {ms(high_ferry_p99)}")
EOF
