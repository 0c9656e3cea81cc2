//! `sqlx::migrate!()` reads `migrations/` while the crate compiles, but cargo does not
//! know that: without this line, a new or edited migration would not be embedded until
//! something else triggered a rebuild.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
