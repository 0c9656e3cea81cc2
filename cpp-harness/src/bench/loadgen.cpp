#include "bench/loadgen.hpp"

#include "bench/schedule.hpp"
#include "http/framing.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <optional>
#include <string_view>
#include <utility>

namespace ferry::bench {

namespace {

using clock = std::chrono::steady_clock;
constexpr std::uint32_t k_timer_slot = 0xFFFFFFFF;
constexpr std::size_t k_max_response_bytes = 8 * 1024 * 1024;

std::int64_t micros(clock::duration d) { return std::chrono::duration_cast<std::chrono::microseconds>(d).count(); }

double seconds(clock::duration d) { return std::chrono::duration<double>(d).count(); }

/// Pins the calling thread to a CPU and tightens its timer slack for the run, and puts
/// both back afterwards.
class ThreadTuning {
public:
  explicit ThreadTuning(int cpu) {
    m_slack = prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);
    prctl(PR_SET_TIMERSLACK, 1, 0, 0, 0);  // wake on the nanosecond asked for, not 50 µs later
    if (cpu >= 0 && sched_getaffinity(0, sizeof m_affinity, &m_affinity) == 0) {
      cpu_set_t set;
      CPU_ZERO(&set);
      CPU_SET(cpu, &set);
      m_pinned = sched_setaffinity(0, sizeof set, &set) == 0;
    }
  }
  ~ThreadTuning() {
    if (m_slack > 0) {
      prctl(PR_SET_TIMERSLACK, m_slack, 0, 0, 0);
    }
    if (m_pinned) {
      sched_setaffinity(0, sizeof m_affinity, &m_affinity);
    }
  }
  ThreadTuning(const ThreadTuning&) = delete;
  ThreadTuning& operator=(const ThreadTuning&) = delete;

private:
  long m_slack = 0;
  cpu_set_t m_affinity{};
  bool m_pinned = false;
};

/// One connection to the server.
struct Connection {
  enum class State { closed, connecting, idle, busy };
  int fd = -1;
  State state = State::closed;
  std::string_view out;  // what is left to write of the current request
  std::string in;
  std::int64_t index = -1;  // the request in flight
  bool head = false;
  clock::time_point intended;
  clock::time_point written;
  bool wants_write = false;
};

/// The shared machinery of both modes: connections, epoll, reading and writing.
class Engine {
public:
  Engine(int port, const std::vector<WireLoadRequest>& mix, int max_connections)
      : m_port(port), m_mix(mix), m_connections(static_cast<std::size_t>(std::max(1, max_connections))) {
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    m_timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u32 = k_timer_slot;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_timer, &event);
    for (const auto& request : m_mix) {
      m_is_head.push_back(request.bytes.rfind("HEAD ", 0) == 0);
    }
    for (std::size_t i = m_connections.size(); i > 0; --i) {
      m_closed.push_back(static_cast<std::uint32_t>(i - 1));
    }
  }
  ~Engine() {
    for (auto& c : m_connections) {
      close_connection(c);
    }
    ::close(m_timer);
    ::close(m_epoll);
  }
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// What happened to a request: an answer with a status, or an error.
  struct Outcome {
    std::int64_t index;
    int status;  // 0: error
    clock::time_point intended;
    clock::time_point written;
    clock::time_point done;
    std::string error;
  };

  /// A connection free to send on: an idle one, or a new one while under the cap.
  Connection* free_connection() {
    while (!m_idle.empty()) {
      auto& c = m_connections[m_idle.back()];
      m_idle.pop_back();
      if (c.state == Connection::State::idle && c.index < 0) {
        return &c;
      }
    }
    while (!m_closed.empty()) {
      auto& c = m_connections[m_closed.back()];
      m_closed.pop_back();
      if (c.state == Connection::State::closed) {
        if (open(c)) {
          return &c;
        }
        m_closed.push_back(slot(c));
        return nullptr;
      }
    }
    return nullptr;
  }

  /// Sends request @p index on @p c (which free_connection() gave).
  void send(Connection& c, std::int64_t index, clock::time_point intended) {
    const auto& request = m_mix[static_cast<std::size_t>(index) % m_mix.size()];
    c.index = index;
    c.head = m_is_head[static_cast<std::size_t>(index) % m_mix.size()];
    c.intended = intended;
    c.out = request.bytes;
    c.in.clear();
    c.written = clock::now();
    ++m_in_flight;
    if (c.state == Connection::State::connecting) {
      return;  // written once the connection is up
    }
    c.state = Connection::State::busy;
    flush(c);
  }

  /// Waits for events until @p deadline (or one event) and handles them.
  void wait(std::optional<clock::time_point> wake_at, std::chrono::milliseconds at_most) {
    if (wake_at) {
      itimerspec spec{};
      auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(wake_at->time_since_epoch()).count();
      spec.it_value.tv_sec = static_cast<time_t>(ns / 1'000'000'000);
      spec.it_value.tv_nsec = static_cast<long>(ns % 1'000'000'000);
      if (spec.it_value.tv_sec == 0 && spec.it_value.tv_nsec == 0) {
        spec.it_value.tv_nsec = 1;
      }
      timerfd_settime(m_timer, TFD_TIMER_ABSTIME, &spec, nullptr);
    }
    std::array<epoll_event, 256> events{};
    int n = epoll_wait(m_epoll, events.data(), static_cast<int>(events.size()), static_cast<int>(at_most.count()));
    for (int i = 0; i < n; ++i) {
      if (events[static_cast<std::size_t>(i)].data.u32 == k_timer_slot) {
        std::uint64_t expirations = 0;
        ssize_t ignored = ::read(m_timer, &expirations, sizeof expirations);
        (void)ignored;
        continue;
      }
      auto& c = m_connections[events[static_cast<std::size_t>(i)].data.u32];
      auto flags = events[static_cast<std::size_t>(i)].events;
      if (c.state == Connection::State::connecting && (flags & (EPOLLOUT | EPOLLERR | EPOLLHUP)) != 0) {
        int error = 0;
        socklen_t length = sizeof error;
        getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &error, &length);
        if (error != 0) {
          fail(c, std::string("cannot connect: ") + std::strerror(error));
          continue;
        }
        c.state = c.index >= 0 ? Connection::State::busy : Connection::State::idle;
        if (c.state == Connection::State::idle) {
          m_idle.push_back(slot(c));
        }
      }
      if (c.state == Connection::State::busy && !c.out.empty() && (flags & EPOLLOUT) != 0) {
        flush(c);
      }
      if ((flags & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0 && c.fd >= 0) {
        receive(c);
      }
    }
  }

  /// Fails every request written longer ago than @p timeout.
  void expire(std::chrono::milliseconds timeout, clock::time_point now) {
    for (auto& c : m_connections) {
      if ((c.state == Connection::State::busy || c.state == Connection::State::connecting) && c.index >= 0 &&
          now - c.written > timeout) {
        fail(c, "no answer within " + std::to_string(timeout.count()) + " ms");
      }
    }
  }

  /// Why the last new connection could not be opened ("" when it could).
  [[nodiscard]] const std::string& connect_error() const { return m_connect_error; }

  /// Counts request @p index as failed without sending it (its connection was refused).
  void fail_unsent(std::int64_t index, clock::time_point intended) {
    auto now = clock::now();
    m_outcomes.push_back({index, 0, intended, now, now, m_connect_error});
  }

  /// The outcomes since the last call.
  std::vector<Outcome> take_outcomes() { return std::exchange(m_outcomes, {}); }
  [[nodiscard]] std::int64_t in_flight() const { return m_in_flight; }
  [[nodiscard]] int opened() const { return m_opened; }

private:
  bool open(Connection& c) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      return false;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(m_port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int r = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    if (r != 0 && errno != EINPROGRESS) {
      m_connect_error = std::string("cannot connect: ") + std::strerror(errno);
      ::close(fd);
      return false;
    }
    m_connect_error.clear();
    c.fd = fd;
    // Even when connect() succeeds at once, the caller sends on it straight away: busy or
    // connecting, never parked in the idle list here.
    c.state = r == 0 ? Connection::State::idle : Connection::State::connecting;
    c.index = -1;
    c.in.clear();
    ++m_opened;
    epoll_event event{};
    event.events = EPOLLIN | EPOLLOUT;
    c.wants_write = true;
    event.data.u32 = slot(c);
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event);
    return true;
  }

  void want_write(Connection& c, bool on) {
    if (c.wants_write == on || c.fd < 0) {
      return;
    }
    epoll_event event{};
    event.events = EPOLLIN | (on ? EPOLLOUT : 0U);
    event.data.u32 = static_cast<std::uint32_t>(&c - m_connections.data());
    epoll_ctl(m_epoll, EPOLL_CTL_MOD, c.fd, &event);
    c.wants_write = on;
  }

  void flush(Connection& c) {
    while (!c.out.empty()) {
      ssize_t n = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
      if (n > 0) {
        c.out.remove_prefix(static_cast<std::size_t>(n));
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        break;
      } else {
        fail(c, std::string("cannot send: ") + std::strerror(errno));
        return;
      }
    }
    want_write(c, !c.out.empty());
  }

  void receive(Connection& c) {
    bool eof = false;
    std::array<char, 16 * 1024> buffer{};
    while (true) {
      ssize_t n = ::recv(c.fd, buffer.data(), buffer.size(), 0);
      if (n > 0) {
        c.in.append(buffer.data(), static_cast<std::size_t>(n));
        if (c.in.size() > k_max_response_bytes) {
          fail(c, "an answer larger than 8 MiB");
          return;
        }
        continue;
      }
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        break;
      }
      eof = true;  // 0, or a reset
      break;
    }
    if (c.state != Connection::State::busy || c.index < 0) {
      if (eof || !c.in.empty()) {
        close_connection(c);  // the server closed an idle connection, or sent what nobody asked for
      }
      return;
    }
    auto framing = http::frame_message(c.in, false, c.head, eof);
    if (framing.state == http::Framing::State::malformed) {
      fail(c, "an answer that is not HTTP/1.1");
      return;
    }
    if (framing.state == http::Framing::State::incomplete) {
      if (eof) {
        fail(c, "the connection closed before the answer was complete");
      }
      return;
    }
    int status = http::response_status(framing.start_line);
    m_outcomes.push_back({c.index, status, c.intended, c.written, clock::now(), ""});
    --m_in_flight;
    c.index = -1;
    c.in.erase(0, framing.length);
    if (framing.close || eof || !c.in.empty()) {
      close_connection(c);
    } else {
      c.state = Connection::State::idle;
      m_idle.push_back(slot(c));
    }
  }

  void fail(Connection& c, std::string why) {
    if (c.index >= 0) {
      m_outcomes.push_back({c.index, 0, c.intended, c.written, clock::now(), std::move(why)});
      --m_in_flight;
      c.index = -1;
    }
    close_connection(c);
  }

  std::uint32_t slot(const Connection& c) const { return static_cast<std::uint32_t>(&c - m_connections.data()); }

  void close_connection(Connection& c) {
    if (c.fd >= 0) {
      epoll_ctl(m_epoll, EPOLL_CTL_DEL, c.fd, nullptr);
      ::close(c.fd);
      m_closed.push_back(slot(c));
    }
    c.fd = -1;
    c.state = Connection::State::closed;
    c.out = {};
    c.in.clear();
    c.wants_write = false;
  }

  int m_port;
  const std::vector<WireLoadRequest>& m_mix;
  std::vector<bool> m_is_head;
  std::vector<Connection> m_connections;
  std::vector<std::uint32_t> m_idle;  // slots that may be idle (checked when taken)
  std::vector<std::uint32_t> m_closed;  // slots that may be closed
  std::vector<Outcome> m_outcomes;
  int m_epoll = -1;
  int m_timer = -1;
  std::int64_t m_in_flight = 0;
  int m_opened = 0;
  std::string m_connect_error;
};

/// How long before a request is due the open loop stops sleeping and polls.
constexpr auto k_spin = std::chrono::microseconds(60);

}  // namespace

OpenLoopResult run_open_loop(const OpenLoopOptions& options) {
  OpenLoopResult result;
  if (options.mix.empty() || options.rate <= 0) {
    result.first_error = "nothing to send";
    return result;
  }
  ThreadTuning tuning(options.cpu);
  Engine engine(options.port, options.mix, options.max_connections);
  const auto start = clock::now() + std::chrono::milliseconds(5);
  Schedule schedule(options.rate, start);
  const std::int64_t total = schedule.count_in(options.warmup + options.duration);
  const std::int64_t first_measured = schedule.count_in(options.warmup);
  const auto window_start = schedule.due(first_measured);
  const auto schedule_end = start + options.warmup + options.duration;
  const auto give_up_at = schedule_end + options.request_timeout + std::chrono::milliseconds(500);
  auto last_measured_answer = window_start;
  bool warmup_reported = first_measured == 0;
  if (warmup_reported && options.on_warmup_end) {
    options.on_warmup_end();
  }
  auto next_progress = start;
  auto next_expiry_scan = start;
  std::int64_t next_to_send = 0;
  std::int64_t completed = 0;

  auto account = [&](const std::vector<Engine::Outcome>& outcomes) {
    for (const auto& o : outcomes) {
      ++completed;
      if (o.index < first_measured) {
        continue;
      }
      if (o.status == 0) {
        ++result.errors;
        if (result.first_error.empty()) {
          result.first_error = o.error;
        }
      } else {
        result.corrected.record(micros(o.done - o.intended));
        result.uncorrected.record(micros(o.done - o.written));
        (o.status >= 200 && o.status < 300 ? result.ok : result.non_2xx) += 1;
      }
      last_measured_answer = std::max(last_measured_answer, o.done);
    }
  };

  while (true) {
    auto now = clock::now();
    if (next_to_send < total) {
      // A timer wakes an idle thread late (35-40 µs on a 2-CPU VM, measured with
      // tests/bench/loadgen_vs_tools.sh), and that lateness would count in every corrected
      // latency. So the timer is set k_spin early and the rest is spent polling, still
      // reading answers, until the next request is due.
      const auto next_due = schedule.due(next_to_send);
      while (now < next_due && next_due - now <= k_spin) {
        engine.wait(std::nullopt, std::chrono::milliseconds(0));
        now = clock::now();
      }
    }
    std::int64_t due = std::min(total, schedule.due_by(now));
    if (!warmup_reported && due > first_measured) {
      warmup_reported = true;
      if (options.on_warmup_end) {
        options.on_warmup_end();
      }
    }
    while (next_to_send < due) {
      Connection* c = engine.free_connection();
      if (c == nullptr && !engine.connect_error().empty()) {
        engine.fail_unsent(next_to_send, schedule.due(next_to_send));  // refused: the server is not there
      } else if (c == nullptr) {
        break;  // every connection busy: the request waits, and its latency keeps counting
      } else {
        engine.send(*c, next_to_send, schedule.due(next_to_send));
        if (next_to_send >= first_measured) {
          ++result.sent;
        }
      }
      ++next_to_send;
    }
    result.max_backlog = std::max(result.max_backlog, due - next_to_send);
    account(engine.take_outcomes());
    if (next_to_send == total && engine.in_flight() == 0) {
      break;
    }
    if (options.should_stop && options.should_stop()) {
      result.interrupted = true;
      break;
    }
    if (now >= give_up_at) {
      // The server fell so far behind that requests of the window were never sent.
      std::int64_t unsent = total - std::max(next_to_send, first_measured);
      result.errors += unsent;
      if (unsent > 0 && result.first_error.empty()) {
        result.first_error = std::to_string(unsent) + " requests were never sent: every connection stayed busy";
      }
      result.errors += engine.in_flight();
      break;
    }
    if (now >= next_expiry_scan) {
      engine.expire(options.request_timeout, now);
      next_expiry_scan = now + std::chrono::milliseconds(10);
    }
    if (options.on_progress && now >= next_progress) {
      LoadProgress progress;
      progress.elapsed_s = seconds(now - start);
      progress.total_s = seconds(schedule_end - start);
      progress.warming_up = due <= first_measured;
      progress.completed = completed;
      progress.in_flight = engine.in_flight();
      progress.backlog = due - next_to_send;
      options.on_progress(progress);
      next_progress = now + std::chrono::milliseconds(250);
    }
    // Sleep until the next request is due (or something happens); when requests are
    // waiting for a connection, until a connection frees up.
    std::optional<clock::time_point> wake_at;
    if (next_to_send == due && due < total) {
      wake_at = schedule.due(due) - k_spin;
    }
    engine.wait(wake_at, std::chrono::milliseconds(10));
  }
  account(engine.take_outcomes());
  result.connections_opened = engine.opened();
  result.window_s = seconds(std::max(last_measured_answer, schedule_end) - window_start);
  if (result.window_s > 0) {
    result.achieved_rps = static_cast<double>(result.ok + result.non_2xx) / result.window_s;
  }
  return result;
}

double run_closed_loop(int port, const std::vector<WireLoadRequest>& mix, int connections,
                       std::chrono::milliseconds duration, int cpu) {
  if (mix.empty() || connections < 1) {
    return 0;
  }
  ThreadTuning tuning(cpu);
  Engine engine(port, mix, connections);
  const auto start = clock::now();
  const auto measure_from = start + duration / 5;  // the first fifth warms up
  const auto end = start + duration + duration / 5;
  std::int64_t next = 0;
  std::int64_t answered = 0;
  while (true) {
    auto now = clock::now();
    if (now >= end) {
      break;
    }
    while (engine.in_flight() < connections) {
      Connection* c = engine.free_connection();
      if (c == nullptr) {
        break;
      }
      engine.send(*c, next++, now);
    }
    engine.wait(std::nullopt, std::chrono::milliseconds(10));
    engine.expire(std::chrono::milliseconds(5000), clock::now());
    for (const auto& o : engine.take_outcomes()) {
      if (o.done >= measure_from && o.status >= 200 && o.status < 300) {
        ++answered;
      }
    }
  }
  return static_cast<double>(answered) / seconds(end - measure_from);
}

Capacity find_capacity(int port, const std::vector<WireLoadRequest>& mix, std::chrono::milliseconds step,
                       int max_connections, int cpu) {
  Capacity capacity;
  int flat = 0;
  double previous = 0;
  for (int connections = 1; connections <= max_connections; connections *= 2) {
    double rps = run_closed_loop(port, mix, connections, step, cpu);
    capacity.steps.emplace_back(connections, rps);
    capacity.rps = std::max(capacity.rps, rps);
    flat = rps < previous * 1.05 ? flat + 1 : 0;
    if (flat >= 2) {
      break;
    }
    previous = std::max(previous, rps);
  }
  return capacity;
}

}  // namespace ferry::bench
