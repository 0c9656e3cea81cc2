//! The database: opening it, and every query of the service.
//!
//! As in 05: the `SqlitePool` is Go's `*sql.DB`, rows are read with `FromRow` or into
//! tuples, and every value goes in through `bind`, never through `format!`.
//!
//! The `jobs` table is the truth about every job; the queue only carries ids. That is
//! what makes a crash survivable: whatever the queue held when the process died, the
//! table still says `queued` or `running`, and `unfinished` finds it at the next start.
//!
//! Mutations here: `no-running-status`, `error-lost`, `unknown-job-500`.

use std::time::Duration;

use serde_json::Value;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool};

use crate::error::JobError;
use crate::model::{Job, NewJob, Outcome, Status, Task};
use crate::mutation::{self, Mutation};

/// `DATABASE_URL` when it is unset: a file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://jobs.db";

/// A `DATABASE_URL` that is not `sqlite://` followed by a path.
#[derive(Debug, thiserror::Error)]
#[error("DATABASE_URL={0:?} is not sqlite:// followed by the path of a file")]
pub struct InvalidDatabaseUrl(String);

/// How to open the file that `url` names: `sqlite:///tmp/jobs.db` is the absolute path
/// `/tmp/jobs.db`, `sqlite://jobs.db` a file in the working directory. 05's rules.
pub fn connect_options(url: &str) -> Result<SqliteConnectOptions, InvalidDatabaseUrl> {
    let path = url
        .strip_prefix("sqlite://")
        .filter(|path| !path.is_empty())
        .ok_or_else(|| InvalidDatabaseUrl(url.to_owned()))?;
    Ok(SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        // Readers do not wait for a writer: `GET /jobs/{id}` reads while the workers
        // write statuses.
        .journal_mode(SqliteJournalMode::Wal)
        // Writers take turns (the handlers insert, every worker updates): one that finds
        // the file locked waits up to this long instead of failing with SQLITE_BUSY.
        .busy_timeout(Duration::from_secs(5)))
}

/// A job as a worker takes it: what to do, after how long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Work {
    pub task: Task,
    pub delay: Duration,
}

/// A row of `jobs`, as stored; `Job` is how the API shows it.
#[derive(sqlx::FromRow)]
struct JobRow {
    id: i64,
    input: String,
    status: Status,
    result: Option<String>,
    error: Option<String>,
}

impl TryFrom<JobRow> for Job {
    type Error = sqlx::Error;

    /// The JSON columns are parsed here; text that does not parse is a row sqlx could
    /// not decode, a 500 like any other database failure.
    fn try_from(row: JobRow) -> Result<Self, Self::Error> {
        let task: Task = from_json(&row.input)?;
        let result = row.result.as_deref().map(from_json::<Value>).transpose()?;
        Ok(Self {
            id: row.id,
            task: task.name(),
            status: row.status,
            result,
            error: row.error,
        })
    }
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, sqlx::Error> {
    serde_json::from_str(text).map_err(|err| sqlx::Error::Decode(Box::new(err)))
}

/// What every handler and every worker gets: the pool. Cloning it clones a handle to
/// the same connections.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
}

impl Store {
    /// Opens the database and applies the migrations in `migrations/` it has not had
    /// yet. A file that already has them keeps its data untouched.
    pub async fn open(options: SqliteConnectOptions) -> Result<Self, sqlx::Error> {
        let pool = SqlitePool::connect_with(options).await?;
        sqlx::migrate!().run(&pool).await?;
        Ok(Self { pool })
    }

    /// Waits for the connections in use to come back, then closes them all. The last
    /// one to close checkpoints the WAL into the database file.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Stores a job as `queued` and returns its id.
    pub async fn insert(&self, new: &NewJob) -> Result<i64, JobError> {
        let input =
            serde_json::to_string(&new.task).map_err(|err| sqlx::Error::Encode(err.into()))?;
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO jobs (input, delay_ms, status) VALUES (?, ?, ?) RETURNING id",
        )
        .bind(input)
        .bind(new.delay_ms)
        .bind(Status::Queued)
        .fetch_one(&self.pool)
        .await?;
        Ok(id)
    }

    /// `None` when no job has this id.
    pub async fn find(&self, id: i64) -> Result<Option<Job>, JobError> {
        let row = sqlx::query_as::<_, JobRow>(
            "SELECT id, input, status, result, error FROM jobs WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(Job::try_from).transpose()?)
    }

    pub async fn get(&self, id: i64) -> Result<Job, JobError> {
        let job = self.find(id).await?;
        match mutation::active() {
            // MUTATION unknown-job-500: Go's `QueryRowContext(...).Scan(...)` followed by
            // `if err != nil { 500 }`, `sql.ErrNoRows` never told apart: sqlx's
            // `fetch_one`, whose `RowNotFound` is a database error like any other.
            Some(Mutation::UnknownJob500) => {
                job.ok_or(JobError::Database(sqlx::Error::RowNotFound))
            }
            _ => job.ok_or(JobError::JobNotFound(id)),
        }
    }

    /// The ids of the jobs a previous run accepted but did not finish, oldest first:
    /// those still `queued`, and those `running` when the process died.
    pub async fn unfinished(&self) -> Result<Vec<i64>, sqlx::Error> {
        sqlx::query_scalar::<_, i64>(
            "SELECT id FROM jobs WHERE status IN ('queued', 'running') ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await
    }

    /// A worker takes the job: it is `running` from now on, and this is its work.
    ///
    /// A job found `running` is one a crash interrupted, taken again; it stays
    /// `running` (the status never moves back). `None` when the job is finished
    /// already (or gone): there is nothing left to do.
    pub async fn start(&self, id: i64) -> Result<Option<Work>, JobError> {
        let sql = match mutation::active() {
            // MUTATION no-running-status: the worker reads the job and runs it, and
            // only `Finish` writes a status: nobody ever sees `running`.
            Some(Mutation::NoRunningStatus) => {
                "SELECT input, delay_ms FROM jobs
                 WHERE id = ? AND status IN ('queued', 'running')"
            }
            _ => {
                "UPDATE jobs SET status = 'running'
                 WHERE id = ? AND status IN ('queued', 'running')
                 RETURNING input, delay_ms"
            }
        };
        let taken = sqlx::query_as::<_, (String, i64)>(sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        let Some((input, delay_ms)) = taken else {
            return Ok(None);
        };
        Ok(Some(Work {
            task: from_json(&input)?,
            // Checked from 0 to 60000 before it was stored; a negative one (written by
            // hand into the file) waits no time rather than failing.
            delay: Duration::from_millis(u64::try_from(delay_ms).unwrap_or(0)),
        }))
    }

    /// Records how a running job ended: `done` with its result, or `failed` with its
    /// error, and the other column NULL.
    pub async fn finish(&self, id: i64, outcome: &Outcome) -> Result<(), JobError> {
        let (status, result, error) = match outcome {
            Outcome::Done(result) => (Status::Done, Some(result.to_string()), None),
            // MUTATION error-lost: Go's `sql.NullString{String: msg}` without `Valid:
            // true`: the message is there, and NULL is stored.
            Outcome::Failed(_) if mutation::active() == Some(Mutation::ErrorLost) => {
                (Status::Failed, None, None)
            }
            Outcome::Failed(error) => (Status::Failed, None, Some(error.as_str())),
        };
        let sql = match mutation::active() {
            // MUTATION no-running-status: the job was never `running`; finish it anyway.
            Some(Mutation::NoRunningStatus) => {
                "UPDATE jobs SET status = ?, result = ?, error = ?
                 WHERE id = ? AND status IN ('queued', 'running')"
            }
            _ => {
                "UPDATE jobs SET status = ?, result = ?, error = ? WHERE id = ? AND status = 'running'"
            }
        };
        sqlx::query(sql)
            .bind(status)
            .bind(result)
            .bind(error)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
