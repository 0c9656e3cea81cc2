//! `sqlx::migrate!` reads the reference's `migrations/` while the crate compiles (one
//! copy of the schema); tell cargo to rebuild when it changes.
fn main() {
    println!("cargo:rerun-if-changed=../../../reference-rust/10-capstone/migrations");
}
