// A hostile build script for ferry's isolation test (copied into a learner's crate by
// tests/e2e/isolation_test.cpp). It tries what a build script must not be able to do
// and writes what happened, one line per attempt, to $OUT_DIR/attempts.txt.
use std::fmt::Write as _;
use std::fs;
use std::io::Read;
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn outcome<T>(result: std::io::Result<T>) -> String {
    match result {
        Ok(_) => "done".to_string(),
        Err(e) => format!("refused ({})", e.kind()),
    }
}

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut report = String::new();

    let write_repo = fs::write(repo.join("written-by-build-script"), "pwned");
    writeln!(report, "repository write: {}", outcome(write_repo)).unwrap();

    let home = std::env::var("CARGO_HOME").unwrap_or_else(|_| format!("{}/.cargo", std::env::var("HOME").unwrap()));
    let write_home = fs::write(Path::new(&home).join("written-by-build-script"), "pwned");
    writeln!(report, "cargo home write: {}", outcome(write_home)).unwrap();

    let write_etc = fs::write("/etc/written-by-build-script", "pwned");
    writeln!(report, "/etc write: {}", outcome(write_etc)).unwrap();

    // The progress database the test put inside the repository.
    let mut database = Vec::new();
    let read_db = fs::File::open(repo.join("progress.db")).and_then(|mut f| f.read_to_end(&mut database));
    writeln!(report, "database read: {} bytes ({})", database.len(), outcome(read_db)).unwrap();

    let port = std::env::var("FERRY_E2E_HOST_PORT").unwrap_or_default();
    let egress = format!("127.0.0.1:{port}")
        .parse()
        .map_err(|_| std::io::Error::other("bad port"))
        .and_then(|addr| TcpStream::connect_timeout(&addr, Duration::from_secs(2)));
    writeln!(report, "host loopback: {}", outcome(egress)).unwrap();

    // A daemon in a session of its own, meant to outlive the build. (Its output goes
    // nowhere: cargo waits for the end of the script's output, so a daemon holding it
    // would hold the build until ferry's build timeout.)
    let daemon = Command::new("setsid")
        .args(["sleep", "31337"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    writeln!(report, "daemon: {}", outcome(daemon)).unwrap();

    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    let caps = status.lines().find(|l| l.starts_with("CapEff:")).unwrap_or("CapEff: ?");
    writeln!(report, "{}", caps.split_whitespace().collect::<Vec<_>>().join(" ")).unwrap();
    let pids = fs::read_dir("/proc")
        .map(|d| d.filter_map(Result::ok).filter(|e| e.file_name().to_string_lossy().parse::<u32>().is_ok()).count())
        .unwrap_or(0);
    writeln!(report, "processes seen: {pids}").unwrap();

    fs::write(Path::new(&std::env::var("OUT_DIR").unwrap()).join("attempts.txt"), report).unwrap();
    println!("cargo::rerun-if-changed=build.rs");
}
