#pragma once
/// @file
/// The resident memory of a service and everything it spawned, read from /proc: what
/// the supervisor samples to stop a service that eats the machine's memory (an
/// address-space limit alone cannot be tight: Go's runtime reserves far more than it uses).

#include <sys/types.h>

#include <cstdint>
#include <string>

namespace ferry::process {

/// The contents of a small /proc file, or "" when it cannot be read. With read(2), not
/// a stream: a process that ends between open and read makes read fail with ESRCH,
/// which libstdc++'s filebuf turns into an exception.
std::string read_proc_file(const std::string& path);

/// The summed resident set (VmRSS) of every process in process group @p pgid and, when
/// @p uid is not 0, of every process of @p uid (which catches what left the group).
std::uint64_t resident_bytes_of(pid_t pgid, uid_t uid);

}  // namespace ferry::process
