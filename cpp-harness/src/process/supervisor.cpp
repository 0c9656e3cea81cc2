#include "process/supervisor.hpp"

#include "process/ports.hpp"
#include "process/resident.hpp"
#include "util/text.hpp"

#include <httplib.h>

#include <signal.h>
#include <unistd.h>

#include <thread>

namespace ferry::process {

namespace {

using clock = std::chrono::steady_clock;

constexpr std::size_t k_tail_lines = 20;

std::string tail_of(const OutputBuffer& output) {
  auto lines = util::last_lines(output.tail(), k_tail_lines);
  std::string out;
  for (const auto& line : lines) {
    out += util::truncate_for_display(line, 300) + "\n";
  }
  return out;
}

/// One attempt at GET /health: the status, or 0 when nothing answered.
int probe_health(int port, const std::string& path) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(0, 200'000);
  client.set_read_timeout(1, 0);
  client.set_write_timeout(1, 0);
  auto result = client.Get(path);
  return result ? result->status : 0;
}

std::string describe_sockets(const std::vector<ListeningSocket>& sockets) {
  std::string out;
  for (const auto& s : sockets) {
    if (!out.empty()) {
      out += ", ";
    }
    out += (s.address.find(':') != std::string::npos ? "[" + s.address + "]" : s.address) + ":" + std::to_string(s.port);
  }
  return out;
}

}  // namespace

std::string find_panic(const std::string& output) {
  auto lines = util::split_lines(output);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    bool rust = lines[i].find("panicked at") != std::string::npos;
    if (rust || lines[i].rfind("panic: ", 0) == 0) {
      std::string text = util::truncate_for_display(util::trim(lines[i]), 200);
      // Rust prints the location, then the message on the next line.
      if (rust && i + 1 < lines.size()) {
        text += " " + util::truncate_for_display(util::trim(lines[i + 1]), 200);
      }
      return text;
    }
  }
  return {};
}

StartResult Service::start(const ServiceSpec& spec) {
  StartResult result;
  auto port = find_free_port();
  if (!port) {
    result.failure = port.error();
    return result;
  }
  SpawnOptions options;
  options.argv = {spec.binary};
  options.argv.insert(options.argv.end(), spec.args.begin(), spec.args.end());
  options.cwd = spec.cwd;
  options.env_set = spec.env;
  options.env_set["PORT"] = std::to_string(*port);
  // The key that signs graded results never reaches the code being graded.
  options.env_unset.push_back("FERRY_RESULTS_KEY");
  options.cpu = spec.cpu;
  options.sandbox = spec.sandbox;
  auto process = Subprocess::spawn(options);
  if (!process) {
    result.failure = process.error();
    return result;
  }
  auto service = std::unique_ptr<Service>(new Service());
  service->m_spec = spec;
  service->m_process = std::move(*process);
  service->m_port = *port;
  // Its own network namespace: the probes below (and the caller's cases) go in there.
  ThreadNetwork probe_network;
  if (spec.sandbox.own_network && spec.sandbox.level == IsolationLevel::namespaces) {
    service->m_network = open_network_of(service->pid());
    if (service->m_network < 0 || !probe_network.enter(service->m_network)) {
      result.failure = "ferry cannot reach its service's network namespace";
      service->stop();
      return result;
    }
  }

  service->start_memory_watch();

  auto start = clock::now();
  auto deadline = start + spec.startup_timeout;
  auto pause = std::chrono::milliseconds(2);
  int last_status = 0;
  while (true) {
    if (auto status = service->m_process->poll()) {
      service->stop();  // collects the rest of its output
      result.failure = "your service " + status->describe() + " before answering GET " + spec.health_path +
                       service->killed_because();
      if (auto panic = find_panic(service->output().tail()); !panic.empty()) {
        result.failure += "; it panicked: " + panic;
      }
      result.output_tail = tail_of(service->output());
      service->stop();
      return result;
    }
    last_status = probe_health(*port, spec.health_path);
    if (last_status == 200) {
      service->m_ready_ms = std::chrono::duration<double, std::milli>(clock::now() - start).count();
      result.service = std::move(service);
      return result;
    }
    if (clock::now() >= deadline) {
      break;
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(100));
  }

  // It never became ready: find out what it did instead.
  probe_network.restore();
  std::string waited = util::format_duration_ms(static_cast<double>(spec.startup_timeout.count()));
  auto sockets = listening_sockets_of_group(service->pid());
  // ferry connects to 127.0.0.1: a socket on the port counts only if that address reaches it.
  bool on_our_port = false;
  bool on_ipv6_loopback_only = false;
  for (const auto& s : sockets) {
    if (s.port != *port) {
      continue;
    }
    bool reachable = s.address == "127.0.0.1" || s.address == "0.0.0.0" || s.address == "::";
    on_our_port = on_our_port || reachable;
    on_ipv6_loopback_only = on_ipv6_loopback_only || !reachable;
  }
  on_ipv6_loopback_only = on_ipv6_loopback_only && !on_our_port;
  if (last_status != 0) {
    result.failure = "your service answered GET " + spec.health_path + " with status " + std::to_string(last_status) +
                     " instead of 200 (waited " + waited + ")";
  } else if (on_ipv6_loopback_only) {
    result.failure = "your service is listening on " + describe_sockets(sockets) +
                     ", which ferry cannot reach at 127.0.0.1:" + std::to_string(*port) +
                     "; bind 127.0.0.1 (or 0.0.0.0) rather than \"localhost\"";
  } else if (!sockets.empty() && !on_our_port) {
    result.failure = "your service is listening on " + describe_sockets(sockets) +
                     ", not on the port it was given in the PORT environment variable (" + std::to_string(*port) +
                     "); read the port from PORT";
  } else if (on_our_port) {
    result.failure = "your service accepts connections on port " + std::to_string(*port) + " but did not answer GET " +
                     spec.health_path + " within " + waited;
  } else {
    result.failure = "your service is running but did not listen on port " + std::to_string(*port) +
                     " (from the PORT environment variable) within " + waited;
  }
  result.output_tail = tail_of(service->output());
  service->stop();
  return result;
}

Service::~Service() {
  stop();
  stop_memory_watch();
  if (m_network >= 0) {
    close(m_network);
  }
}

ExitStatus Service::stop() { return stop(m_spec.stop_grace); }

ExitStatus Service::kill() {
  if (!m_stopped) {
    stop_memory_watch();
    m_stopped = m_process->kill_now();
    kill_stray_children();
    kill_all_of_uid(m_spec.sandbox.uid);
    m_process->finish_reader();
  }
  return *m_stopped;
}

ExitStatus Service::stop(std::chrono::milliseconds grace) {
  if (m_stopped) {
    return *m_stopped;
  }
  stop_memory_watch();
  m_stopped = m_process->stop(grace);
  // A daemon that left the group (setsid) was re-parented to us (we are a
  // subreaper), so it is our child now: kill it too.
  kill_stray_children();
  // And anything else still running under its uid (a daemon that escaped both).
  kill_all_of_uid(m_spec.sandbox.uid);
  m_process->finish_reader();
  return *m_stopped;
}

std::string Service::killed_because() const {
  if (!m_over_memory) {
    return {};
  }
  return "; ferry killed it: with what it started, it held more than " +
         std::to_string(m_spec.resident_limit_bytes >> 20) + " MiB of memory";
}

void Service::start_memory_watch() {
  if (m_spec.resident_limit_bytes == 0) {
    return;
  }
  m_memory_watch = std::thread([this] {
    std::unique_lock lock(m_watch_mutex);
    while (!m_watch_quit) {
      m_watch_wake.wait_for(lock, std::chrono::milliseconds(50));
      if (m_watch_quit) {
        break;
      }
      if (resident_bytes_of(pid(), m_spec.sandbox.uid) > m_spec.resident_limit_bytes) {
        m_over_memory = true;
        ::kill(-pid(), SIGKILL);
        break;
      }
    }
  });
}

void Service::stop_memory_watch() {
  if (m_memory_watch.joinable()) {
    {
      std::lock_guard lock(m_watch_mutex);
      m_watch_quit = true;
    }
    m_watch_wake.notify_all();
    m_memory_watch.join();
  }
}

}  // namespace ferry::process
