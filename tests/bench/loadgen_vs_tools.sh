#!/usr/bin/env bash
# Measures ferry's own load generator (the one behind `ferry bench`) against two
# independent tools, on one server, in one run. Not a test: it prints figures.
#
#   1. Maximum rate: `wrk` and ferry's closed loop (`ferry dev load --closed 64`), each
#      pinned to CPU 0, against the Go reference of 01-hello pinned to CPU 1, five
#      seconds each, alternated three times. Target: ferry reaches ≥ 0.9 of wrk's rate.
#   2. Percentiles at a fixed rate: `oha` with a fixed rate and its latency correction
#      (open loop, latency from the scheduled time) and ferry's open loop at the same
#      rate, ten seconds each, alternated three times. Target: ferry's p50 and p99 within
#      10% of oha's at 5% of wrk's maximum rate, a rate where neither generator is busy
#      enough to add latency of its own. The same comparison at 50% is printed as a
#      diagnostic, without a target: there oha, one tokio runtime on one core juggling 64
#      connections, spends long enough scheduling that its own queueing shows in its p50.
#   3. A second independent figure at the low rate: `h2load` (nghttp2, C, libev) over
#      HTTP/1.1 with a fixed rate per connection (`--rps`), its per-request log turned into
#      p50/p99. At 5% of capacity no request waits for the one before it, so its latency
#      from the actual send time is the open-loop latency; it settles whether a gap between
#      ferry and oha is ferry's or oha's.
#
# Usage: tests/bench/loadgen_vs_tools.sh [--quick]   (--quick: 2 s runs, once; for a smoke test)
# Needs: wrk (Debian: apt-get install wrk), h2load (apt-get install nghttp2-client), oha
# (installed here into target/tools with `cargo install oha --locked` when missing), go,
# taskset (util-linux).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
say() { printf 'bench-loadgen: %s\n' "$*" >&2; }

rounds=3
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
for tool in go taskset python3; do
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

# --- the server ------------------------------------------------------------------
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PORT=$port GOMAXPROCS=1 taskset -c "$server_cpu" target/go/01-hello 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 200); do
  curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  python3 -c 'import time; time.sleep(0.05)'
done
url="http://127.0.0.1:$port/hello?name=Ada"
say "server: the Go reference of 01-hello on 127.0.0.1:$port, CPU $server_cpu, GOMAXPROCS=1; generators on CPU $load_cpu"

median() { python3 -c 'import sys, statistics; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }

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

# --- 2. percentiles at a fixed rate ----------------------------------------------------
compare_at() {  # compare_at RATE: prints "oha_p50 oha_p99 ferry_p50 ferry_p99", medians over the rounds
  local rate=$1 oha_p50=() oha_p99=() ferry_p50=() ferry_p99=() p50 p99
  for round in $(seq 1 "$rounds"); do
    read -r p50 p99 < <(taskset -c "$load_cpu" "$oha" --no-tui --worker-threads 1 --output-format json -z "${fixed_seconds}s" -q "$rate" \
                          -c 64 --latency-correction "$url" |
                        python3 -c 'import json, sys; d = json.load(sys.stdin)["latencyPercentiles"]; print(d["p50"] * 1e6, d["p99"] * 1e6)')
    oha_p50+=("$p50")
    oha_p99+=("$p99")
    read -r p50 p99 < <("$ferry" dev load --port "$port" --path "/hello?name=Ada" --rate "$rate" \
                          --duration "$fixed_seconds" --warmup 1 --connections 64 --cpu "$load_cpu" --json |
                        python3 -c 'import json, sys; d = json.load(sys.stdin)["corrected"]; print(d["p50_us"], d["p99_us"])')
    ferry_p50+=("$p50")
    ferry_p99+=("$p99")
    say "round $round at $rate/s: oha p50 ${oha_p50[-1]} µs p99 ${oha_p99[-1]} µs; ferry p50 $p50 µs p99 $p99 µs"
  done
  echo "$(median "${oha_p50[@]}") $(median "${oha_p99[@]}") $(median "${ferry_p50[@]}") $(median "${ferry_p99[@]}")"
}
# The floor: one connection, one request at a time (wrk, closed loop): no latency can be
# below this round trip, so it tells which of two differing figures is nearer the truth.
floor_p50=$(taskset -c "$load_cpu" wrk -t1 -c1 -d"${max_seconds}s" --latency "$url" |
            awk '$1 == "50%" {v = $2; if (v ~ /us$/) {sub("us", "", v); print v} else if (v ~ /ms$/) {sub("ms", "", v); print v * 1000} else {print v * 1e6}}')
low=$(python3 -c "print(int($wrk_max * 0.05))")
high=$(python3 -c "print(int($wrk_max * 0.5))")
read -r low_oha_p50 low_oha_p99 low_ferry_p50 low_ferry_p99 < <(compare_at "$low")
# h2load: 8 connections, each at an eighth of the rate; percentiles from its request log.
h2_p50=() h2_p99=()
h2_log=$(mktemp)
for round in $(seq 1 "$rounds"); do
  taskset -c "$load_cpu" h2load --h1 -c 8 --rps "$(python3 -c "print(max(1, round($low / 8)))")" -D "$fixed_seconds" \
    --warm-up-time 1 --log-file "$h2_log" "$url" >/dev/null
  read -r p50 p99 < <(python3 -c '
import statistics, sys
d = sorted(int(line.split("\t")[2]) for line in open(sys.argv[1]) if line.strip())
print(d[len(d) // 2], d[min(len(d) - 1, int(len(d) * 0.99))])' "$h2_log")
  h2_p50+=("$p50")
  h2_p99+=("$p99")
  say "round $round at $low/s: h2load p50 $p50 µs p99 $p99 µs"
done
rm -f "$h2_log"
low_h2_p50=$(median "${h2_p50[@]}")
low_h2_p99=$(median "${h2_p99[@]}")
read -r high_oha_p50 high_oha_p99 high_ferry_p50 high_ferry_p99 < <(compare_at "$high")

python3 - "$floor_p50" "$wrk_max" "$ferry_max" "$low" "$low_oha_p50" "$low_oha_p99" "$low_ferry_p50" "$low_ferry_p99" \
  "$high" "$high_oha_p50" "$high_oha_p99" "$high_ferry_p50" "$high_ferry_p99" "$low_h2_p50" "$low_h2_p99" <<'EOF'
import sys
(floor_p50, wrk_max, ferry_max, fixed, oha_p50, oha_p99, ferry_p50, ferry_p99,
 high, high_oha_p50, high_oha_p99, high_ferry_p50, high_ferry_p99, h2_p50, h2_p99) = map(float, sys.argv[1:])
def verdict(ok): return "meets the target" if ok else "MISSES the target"
ratio = ferry_max / wrk_max
print()
print(f"maximum rate (closed loop, 64 connections, medians)")
print(f"  wrk    {wrk_max:10,.0f} requests/s")
print(f"  ferry  {ferry_max:10,.0f} requests/s   ratio {ratio:.2f} (target ≥ 0.90): {verdict(ratio >= 0.9)}")
print()
print(f"latency at {fixed:,.0f} requests/s (open loop, from the intended send time, medians)")
print(f"  floor: p50 {floor_p50 / 1000:.3f} ms with one connection and one request at a time (wrk)")
for name, theirs, ours in (("p50", oha_p50, ferry_p50), ("p99", oha_p99, ferry_p99)):
    diff = (ours - theirs) / theirs if theirs else float("inf")
    print(f"  {name}  oha {theirs / 1000:8.3f} ms   ferry {ours / 1000:8.3f} ms   {diff:+.1%} (target within 10%): {verdict(abs(diff) <= 0.10)}")
for name, theirs, ours in (("p50", h2_p50, ferry_p50), ("p99", h2_p99, ferry_p99)):
    diff = (ours - theirs) / theirs if theirs else float("inf")
    print(f"  {name}  h2load {theirs / 1000:5.3f} ms   ferry {ours / 1000:8.3f} ms   {diff:+.1%} (target within 10%): {verdict(abs(diff) <= 0.10)}")
print()
print(f"diagnostic: latency at {high:,.0f} requests/s (50% of wrk's maximum), no target")
for name, theirs, ours in (("p50", high_oha_p50, high_ferry_p50), ("p99", high_oha_p99, high_ferry_p99)):
    print(f"  {name}  oha {theirs / 1000:8.3f} ms   ferry {ours / 1000:8.3f} ms")
EOF
