//! The JSON shapes of the service, the tasks and what they produce, and the rules a
//! request must follow before it is queued.
//!
//! A task is an enum, one variant per task, each holding the members that task needs,
//! so a worker never meets a `sum` without `numbers`. The body of `POST /jobs` is read
//! in two steps, as in Go: serde checks the type of every member that is there,
//! whatever the task (`400 invalid_body`); then `check` builds the task, which needs its
//! own members (400), and applies the rules (422).
//!
//! Mutations here: `fail-as-done`, `overflow-wraps`.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{json, Value};

use crate::error::JobError;
use crate::mutation::{self, Mutation};

/// The longest `delay_ms`: a minute.
pub const MAX_DELAY_MS: i64 = 60_000;

/// What a job does, with what it needs. serde writes it with its name in a `task`
/// member (`{"task":"sum","numbers":[1,2,3]}`), which is how the `input` column stores
/// it and how a worker reads it back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "task", rename_all = "lowercase")]
pub enum Task {
    /// Adds the numbers.
    Sum { numbers: Vec<i64> },
    /// Fails with the message.
    Fail { message: String },
}

/// How a task ended: what it produced, or why it failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The job's `result`, stored as JSON text.
    Done(Value),
    /// The job's `error`.
    Failed(String),
}

impl Task {
    /// The name the API shows in a job's `task`.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Sum { .. } => "sum",
            Self::Fail { .. } => "fail",
        }
    }

    /// The work itself, once the delay is over. Pure, so it is tested without a queue.
    pub fn run(&self) -> Outcome {
        match self {
            // MUTATION overflow-wraps: Go's `sum += n` on an `int64`, which wraps
            // silently; `wrapping_add` is the Rust that does the same.
            Self::Sum { numbers } if mutation::active() == Some(Mutation::OverflowWraps) => {
                let sum = numbers.iter().fold(0_i64, |sum, &n| sum.wrapping_add(n));
                Outcome::Done(json!({ "sum": sum }))
            }
            Self::Sum { numbers } => match sum(numbers) {
                Some(sum) => Outcome::Done(json!({ "sum": sum })),
                None => Outcome::Failed("overflow".into()),
            },
            // MUTATION fail-as-done: the Go worker's `result, err := perform(j)` followed
            // by `store.Finish(id, "done", result)` whatever `err` was: the failure is
            // dropped, and a `fail` job is `done` with a `null` result.
            Self::Fail { .. } if mutation::active() == Some(Mutation::FailAsDone) => {
                Outcome::Done(Value::Null)
            }
            Self::Fail { message } => Outcome::Failed(message.clone()),
        }
    }
}

/// The total, or `None` when it is past the `i64` range.
///
/// The total, not each partial sum: `[i64::MAX, 1, -1]` adds up to `i64::MAX`, which
/// fits, although `i64::MAX + 1` on the way does not (Go's reference adds in a
/// `big.Int` for this). Each `i64` widens into an `i128`, where `checked_add` cannot
/// fail before some 2^64 numbers, far more than a body holds; `i64::try_from` then says
/// whether the total fits. `+` on `i64` would panic in a debug build and wrap in a
/// release one.
fn sum(numbers: &[i64]) -> Option<i64> {
    let total = numbers
        .iter()
        .try_fold(0_i128, |total, &n| total.checked_add(i128::from(n)))?;
    i64::try_from(total).ok()
}

/// The body of `POST /jobs`, each member with its type. A member that is there must
/// have its type, whatever the task: `{"task": "fail", "numbers": "x"}` is refused
/// too. Unknown members are ignored.
#[derive(Debug, Deserialize)]
pub struct JobRequest {
    /// Required: missing, `null` or not a string is `400 invalid_body`.
    pub task: String,
    /// 0 when left out. An integer, or `400 invalid_body` (`null`, `"5"` and `1.5`
    /// included); its range is a rule, checked by `check`: `422 invalid_delay`.
    #[serde(default)]
    pub delay_ms: i64,
    /// For `sum`. `present` makes `null` an error instead of "left out", and
    /// `Vec<i64>` refuses `[1, null]`, `[1.5]`, `["1"]` and numbers past `i64`.
    #[serde(default, deserialize_with = "present")]
    pub numbers: Option<Vec<i64>>,
    /// For `fail`; `null` is refused as for `numbers`. `""` is a message.
    #[serde(default, deserialize_with = "present")]
    pub message: Option<String>,
}

/// A job that passed every check, ready to be stored and queued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJob {
    pub task: Task,
    /// From 0 to `MAX_DELAY_MS`.
    pub delay_ms: i64,
}

impl JobRequest {
    /// The task's own members (400), then the rules in the README's order: the task
    /// exists (422 `unknown_task`), then the delay's range (422 `invalid_delay`). An
    /// unknown task needs no member beyond `task`.
    pub fn check(self) -> Result<NewJob, JobError> {
        let task = match self.task.as_str() {
            "sum" => Task::Sum {
                numbers: self.numbers.ok_or_else(|| required("numbers", "sum"))?,
            },
            "fail" => Task::Fail {
                message: self.message.ok_or_else(|| required("message", "fail"))?,
            },
            _ => return Err(JobError::UnknownTask(self.task)),
        };
        if !(0..=MAX_DELAY_MS).contains(&self.delay_ms) {
            return Err(JobError::InvalidDelay(self.delay_ms));
        }
        Ok(NewJob {
            task,
            delay_ms: self.delay_ms,
        })
    }
}

fn required(member: &str, task: &str) -> JobError {
    JobError::InvalidBody(format!("missing field `{member}`: a {task} job needs it"))
}

/// serde calls this only for a member that is in the JSON, so wrapping the value in
/// `Some` marks it present; `T` (a `Vec` or a `String`, not an `Option`) refuses
/// `null`. 05's helper.
fn present<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// Where a job is. It only ever moves forward: `Queued`, `Running`, then `Done` or
/// `Failed`. Stored as its lowercase name, in JSON and in the `status` column alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, sqlx::Type)]
#[serde(rename_all = "lowercase")]
#[sqlx(rename_all = "lowercase")]
pub enum Status {
    /// Accepted, waiting for a worker.
    Queued,
    /// A worker has it.
    Running,
    Done,
    Failed,
}

/// A job as the API shows it:
/// `{"id": 1, "task": "sum", "status": "done", "result": {"sum": 6}, "error": null}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Job {
    pub id: i64,
    pub task: &'static str,
    pub status: Status,
    /// `null` unless `done`. No `skip_serializing_if`: the member is always there.
    pub result: Option<Value>,
    /// `null` unless `failed`.
    pub error: Option<String>,
}

/// The answer to `POST /jobs`: `{"id": 1, "status": "queued"}`.
#[derive(Debug, Serialize)]
pub struct Accepted {
    pub id: i64,
    pub status: Status,
}
