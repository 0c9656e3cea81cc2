#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "cohort/cohort.hpp"
#include "progress/progress.hpp"
#include "store/store.hpp"
#include "util/interrupt.hpp"

#include <fmt/core.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

namespace ferry::cli {

namespace {

std::string cohort_db(const Context& context) { return context.options.db.empty() ? "cohort.db" : context.options.db; }

void send_html(httplib::Response& response, const std::string& html, int status = 200) {
  response.status = status;
  // Nothing on these pages comes from elsewhere: no script but the page's own, no fetches.
  response.set_header("Content-Security-Policy",
                      "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:");
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("Cache-Control", "no-store");
  response.set_content(html, "text/html; charset=utf-8");
}

std::string message_page(const std::string& title, const std::string& text) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\"><title>" +
         progress::html_escape(title) + "</title></head><body>" + cohort::nav_html() + "<h1>" +
         progress::html_escape(title) + "</h1><p>" + progress::html_escape(text) + "</p></body></html>\n";
}

}  // namespace

int cmd_cohort_import(const Context& context, const CohortImportArgs& args) {
  auto store = store::Store::open(cohort_db(context));
  if (!store) {
    fmt::print(stderr, "ferry: error: {}\n", store.error());
    return k_exit_error;
  }
  int failures = 0;
  for (const auto& file : args.files) {
    auto imported = cohort::import_file(**store, file, args.learner);
    if (!imported) {
      fmt::print(stderr, "ferry: error: {}\n", imported.error());
      ++failures;
      continue;
    }
    if (imported->fresh) {
      fmt::print("imported {}: {}, {} exercise{}\n", file, imported->learner, imported->attempts,
                 imported->attempts == 1 ? "" : "s");
    } else {
      fmt::print("skipped {}: already imported ({}), nothing changed\n", file, imported->learner);
    }
  }
  fmt::print("cohort database: {}\n", (*store)->path());
  return failures == 0 ? k_exit_pass : k_exit_error;
}

int cmd_serve(const Context& context, const ServeArgs& args) {
  auto opened = store::Store::open(cohort_db(context));
  if (!opened) {
    fmt::print(stderr, "ferry: error: {}\n", opened.error());
    return k_exit_error;
  }
  std::unique_ptr<store::Store> store = std::move(*opened);
  std::mutex store_lock;  // one connection, many server threads

  auto today = [&] { return args.today.empty() ? store::utc_now_iso8601().substr(0, 10) : args.today; };
  auto report_of = [&](const std::string& learner) -> util::Expected<progress::Report> {
    auto input = progress_input(context, *store, learner, today());
    if (!input) {
      return util::Error{input.error()};
    }
    return progress::compute(*input);
  };

  httplib::Server server;
  server.Get("/", [&](const httplib::Request&, httplib::Response& response) {
    std::lock_guard<std::mutex> guard(store_lock);
    auto learners = store->learners();
    if (!learners) {
      send_html(response, message_page("ferry — error", learners.error()), 500);
      return;
    }
    std::vector<cohort::LearnerRow> rows;
    for (const auto& learner : *learners) {
      auto report = report_of(learner);
      if (!report) {
        send_html(response, message_page("ferry — error", report.error()), 500);
        return;
      }
      rows.push_back({learner, std::move(*report)});
    }
    send_html(response, cohort::cohort_page(rows, today()));
  });
  // cpp-httplib has percent-decoded the path already: a name may hold any character, '/' too.
  server.Get(R"(/learner/(.+))", [&](const httplib::Request& request, httplib::Response& response) {
    std::string learner = request.matches[1].str();
    std::lock_guard<std::mutex> guard(store_lock);
    auto learners = store->learners();
    if (!learners || std::find(learners->begin(), learners->end(), learner) == learners->end()) {
      send_html(response, message_page("No such learner", "There is no learner \"" + learner + "\" in this cohort."), 404);
      return;
    }
    auto report = report_of(learner);
    if (!report) {
      send_html(response, message_page("ferry — error", report.error()), 500);
      return;
    }
    send_html(response, progress::to_html(*report, "Progress of " + learner, cohort::nav_html()));
  });
  server.Get("/cases", [&](const httplib::Request&, httplib::Response& response) {
    std::lock_guard<std::mutex> guard(store_lock);
    auto learners = store->learners();
    if (!learners) {
      send_html(response, message_page("ferry — error", learners.error()), 500);
      return;
    }
    std::vector<std::pair<std::string, std::vector<store::AttemptRecord>>> all;
    for (const auto& learner : *learners) {
      auto attempts = store->learner_attempts(learner);
      if (!attempts) {
        send_html(response, message_page("ferry — error", attempts.error()), 500);
        return;
      }
      all.emplace_back(learner, std::move(*attempts));
    }
    send_html(response, cohort::cases_page(cohort::case_rows(all)));
  });
  // Read-only: nothing changes the cohort over HTTP.
  auto refuse = [](const httplib::Request&, httplib::Response& response) {
    response.set_header("Allow", "GET, HEAD");
    send_html(response, message_page("Method not allowed", "This dashboard is read-only."), 405);
  };
  server.Post(".*", refuse);
  server.Put(".*", refuse);
  server.Patch(".*", refuse);
  server.Delete(".*", refuse);
  server.set_error_handler([](const httplib::Request& request, httplib::Response& response) {
    if (response.status == 404 && response.body.empty()) {
      send_html(response, message_page("Not found", "Nothing lives at " + request.path + "."), 404);
    }
  });

  int port = args.port;
  if (port == 0) {
    port = server.bind_to_any_port(args.bind);
  } else if (!server.bind_to_port(args.bind, port)) {
    port = -1;
  }
  if (port < 0) {
    fmt::print(stderr, "ferry: error: cannot listen on {}:{}\n", args.bind, args.port);
    return k_exit_error;
  }
  if (args.bind != "127.0.0.1" && args.bind != "::1" && args.bind != "localhost") {
    fmt::print(stderr, "ferry: warning: listening on {}, not loopback: whoever reaches this machine can read the cohort\n",
               args.bind);
  }
  fmt::print("ferry serve: http://{}:{}/ — the cohort in {} (Ctrl-C stops)\n", args.bind, port, store->path());
  std::fflush(stdout);

  std::atomic<bool> done{false};
  std::thread stopper([&] {
    while (!done.load() && !util::interrupted()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    server.stop();
  });
  bool ok = server.listen_after_bind();
  done = true;
  stopper.join();
  if (util::interrupted()) {
    fmt::print("ferry serve: stopped\n");
    return k_exit_interrupted;
  }
  return ok ? k_exit_pass : k_exit_error;
}

}  // namespace ferry::cli
