#pragma once
/// @file
/// What a running process costs, read from /proc: resident memory now and at its peak,
/// and the CPU time it has used. Linux only, as ferry is.

#include <sys/types.h>

#include <optional>
#include <vector>

namespace ferry::bench {

/// One reading of a process.
struct ProcessSample {
  double rss_kib = 0;  ///< VmRSS: resident memory now
  double hwm_kib = 0;  ///< VmHWM: the peak of VmRSS since start, or since reset_peak_rss()
  double cpu_seconds = 0;  ///< user + system time of all its threads (utime + stime)
};

/// Read /proc/@p pid/status and /proc/@p pid/stat; nullopt when the process is gone.
std::optional<ProcessSample> sample_process(pid_t pid);

/// Reset the process's VmHWM to its current RSS (writes 5 to /proc/PID/clear_refs), so
/// that the next reading's peak covers only what happens from now on. False when the
/// kernel refuses (the peak then covers the whole life, which the report says).
bool reset_peak_rss(pid_t pid);

/// The CPUs this process may run on, in order (from sched_getaffinity).
std::vector<int> usable_cpus();

}  // namespace ferry::bench
