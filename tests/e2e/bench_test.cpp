// `ferry bench` and its load generator, end to end: the open loop charges a server's
// stall to every request that was due during it (no coordinated omission), and a whole
// bench of 01-hello, short, prints and writes a complete report.
#include "ferry_run.hpp"

#include "process/supervisor.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

using namespace ferry::e2e;

TEST_CASE("a server that stalls 200 ms once a second shows the stall in the corrected p99, not the uncorrected",
          "[e2e][bench]") {
  ScratchDir scratch;
  ferry::process::ServiceSpec spec;
  spec.binary = FIXTURE_BINARY;
  spec.env = {{"FIXTURE_MODE", "stall"}};
  auto started = ferry::process::Service::start(spec);
  INFO(started.failure);
  REQUIRE(started.service);
  // One connection: while the server stalls, the requests that fall due wait in the
  // generator. A closed-loop tool would not send them and never see their wait.
  Run run = run_ferry({"dev", "load", "--port", std::to_string(started.service->port()), "--path", "/hello", "--rate",
                       "200", "--duration", "3", "--warmup", "0.5", "--connections", "1", "--json"},
                      scratch.db());
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  auto figures = nlohmann::json::parse(run.output.substr(run.output.find('{')));
  CHECK(figures["errors"] == 0);
  CHECK(figures["ok"].get<int>() >= 500);
  // Three stalls of 200 ms in the window: a fifth of the requests were due during one.
  CHECK(figures["corrected"]["p99_us"].get<std::int64_t>() >= 150'000);
  CHECK(figures["corrected"]["max_us"].get<std::int64_t>() >= 180'000);
  // Measured from when each was actually written, most of that wait disappears.
  CHECK(figures["uncorrected"]["p99_us"].get<std::int64_t>() < figures["corrected"]["p99_us"].get<std::int64_t>());
  CHECK(figures["uncorrected"]["p50_us"].get<std::int64_t>() <= figures["corrected"]["p50_us"].get<std::int64_t>());
}

TEST_CASE("the load generator counts a server that is not there as errors, and stops", "[e2e][bench]") {
  ScratchDir scratch;
  Run run = run_ferry({"dev", "load", "--port", "1", "--path", "/", "--rate", "100", "--duration", "0.5", "--warmup",
                       "0", "--json"},
                      scratch.db());
  INFO(run.output);
  REQUIRE(run.exit_code == 1);
  auto figures = nlohmann::json::parse(run.output.substr(run.output.find('{')));
  CHECK(figures["ok"] == 0);
  CHECK(figures["errors"].get<int>() >= 40);
  CHECK_THAT(figures["first_error"].get<std::string>(), Catch::Contains("cannot connect"));
}

TEST_CASE("the load generator sends a body from a file and the headers it is given", "[e2e][bench]") {
  ScratchDir scratch;
  ferry::process::ServiceSpec spec;
  spec.binary = FIXTURE_BINARY;
  spec.env = {{"FIXTURE_MODE", "stateful"}};
  auto started = ferry::process::Service::start(spec);
  INFO(started.failure);
  REQUIRE(started.service);
  std::string body_file = (scratch.path() / "events.json").string();
  {
    std::ofstream out(body_file, std::ios::binary);
    out << '[' << std::string(100 * 1024, ' ') << ']';  // larger than one socket write
  }
  std::string port = std::to_string(started.service->port());
  auto load = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"dev", "load", "--port", port, "--method", "POST", "--rate", "50",
                                     "--duration", "0.5", "--warmup", "0", "--body-file", body_file, "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    Run run = run_ferry(args, scratch.db());
    INFO(run.output);
    return nlohmann::json::parse(run.output.substr(run.output.find('{')));
  };
  // Content-Type application/json by default, every byte of the file in each request.
  auto whole = load({"--path", "/body?bytes=102402"});
  CHECK(whole["errors"] == 0);
  CHECK(whole["non_2xx"] == 0);
  CHECK(whole["ok"].get<int>() >= 20);
  // The fixture checks the length: a different one is 400, counted apart from answers that passed.
  auto short_by_one = load({"--path", "/body?bytes=102401"});
  CHECK(short_by_one["ok"] == 0);
  CHECK(short_by_one["non_2xx"].get<int>() >= 20);
  // A header given replaces the default Content-Type: the fixture answers 415.
  auto typed = load({"--path", "/body?bytes=102402", "--header", "Content-Type: text/plain"});
  CHECK(typed["ok"] == 0);
  CHECK(typed["non_2xx"].get<int>() >= 20);

  Run missing = run_ferry({"dev", "load", "--port", port, "--body-file", (scratch.path() / "nowhere.json").string()},
                          scratch.db());
  CHECK(missing.exit_code == 2);
  CHECK(contains(missing.output, "--body-file " + (scratch.path() / "nowhere.json").string() + ": cannot read"));
  Run bad_header = run_ferry({"dev", "load", "--port", port, "--header", "no colon here"}, scratch.db());
  CHECK(bad_header.exit_code == 2);
  CHECK(contains(bad_header.output, "--header \"no colon here\": expected \"Name: value\""));
}

TEST_CASE("a short bench of 01-hello prints a complete report and writes its JSON and SVG", "[e2e][bench]") {
  ScratchDir scratch;
  std::string json = (scratch.path() / "hello.json").string();
  std::string svg = (scratch.path() / "hello.svg").string();
  Run run = run_ferry({"bench", "01-hello", "--impl", "rust", "--runs", "2", "--duration", "0.5", "--warmup", "0.2",
                       "--levels", "50", "--json", json, "--svg", svg},
                      scratch.db());
  INFO(run.output);
  // The verdict depends on the machine; the report must be complete whatever it is.
  REQUIRE((run.exit_code == 0 || run.exit_code == 1));
  REQUIRE(contains(run.output, "finding the Go reference's capacity"));
  REQUIRE(contains(run.output, "(connections → answers: 1 → "));  // the ramp it found the capacity with
  REQUIRE(contains(run.output, "GOMAXPROCS=1"));
  REQUIRE(contains(run.output, "TOKIO_WORKER_THREADS=1"));
  REQUIRE(contains(run.output, "p99 latency"));
  REQUIRE((contains(run.output, "PASS") || contains(run.output, "FAIL") || contains(run.output, "INCONCLUSIVE")));
  REQUIRE(contains(run.output, "report: " + json));

  auto report = nlohmann::json::parse(std::ifstream(json));
  REQUIRE(report["runs"].size() == 4);  // 1 level × 2 repetitions × (Go, Rust)
  int go = 0;
  int rust = 0;
  for (const auto& r : report["runs"]) {
    (r["impl"] == "go" ? go : rust) += 1;
    CHECK(r["ok"].get<int>() > 0);
    CHECK(r["peak_rss_kib"].get<double>() > 0);
    CHECK(r["max_rss_kib"].get<double>() > 0);
  }
  CHECK(go == 2);
  CHECK(rust == 2);
  CHECK(report["judgements"].size() == 3);  // three claims at one level
  std::ifstream plot(svg);
  std::string text((std::istreambuf_iterator<char>(plot)), std::istreambuf_iterator<char>());
  CHECK(text.rfind("<svg", 0) == 0);
}
