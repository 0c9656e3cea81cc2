//! The `Store` trait's promises, checked on both implementations by the same generic
//! functions: whatever the handlers rely on, both stores must do alike.

use tokio::task::JoinSet;

use crate::links::{create_with_new_code, MAX_CODE_TRIES};
use crate::model::Link;
use crate::store::{Store, StoreError};

fn link(code: &str, url: &str, hits: i64) -> Link {
    Link {
        code: code.into(),
        url: url.into(),
        hits,
    }
}

async fn create_then_get<S: Store>(store: S) {
    let url = "https://doc.rust-lang.org/book/";
    assert_eq!(
        store.create("rust-book", url).await.ok(),
        Some(link("rust-book", url, 0))
    );
    assert_eq!(
        store.get("rust-book").await.ok(),
        Some(link("rust-book", url, 0))
    );
    // Codes are compared exactly.
    assert!(matches!(
        store.get("Rust-Book").await,
        Err(StoreError::NotFound)
    ));
}

async fn a_taken_code_is_taken_and_left_as_it_was<S: Store>(store: S) {
    store
        .create("abc", "https://a.example/")
        .await
        .expect("new");
    store.hit("abc").await.expect("a hit");
    assert!(matches!(
        store.create("abc", "https://b.example/").await,
        Err(StoreError::AliasTaken)
    ));
    assert_eq!(
        store.get("abc").await.ok(),
        Some(link("abc", "https://a.example/", 1))
    );
}

async fn unknown_codes_are_not_found<S: Store>(store: S) {
    store
        .create("abc", "https://a.example/")
        .await
        .expect("new");
    assert!(matches!(store.get("abd").await, Err(StoreError::NotFound)));
    assert!(matches!(store.hit("abd").await, Err(StoreError::NotFound)));
    assert!(matches!(
        store.delete("abd").await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.get("abc").await.expect("untouched").hits, 0);
}

async fn a_hit_counts_one_and_returns_the_new_count<S: Store>(store: S) {
    store
        .create("abc", "https://a.example/")
        .await
        .expect("new");
    for hits in 1..=3 {
        assert_eq!(
            store.hit("abc").await.ok(),
            Some(link("abc", "https://a.example/", hits))
        );
    }
    // Reading is not a hit.
    assert_eq!(store.get("abc").await.expect("the link").hits, 3);
    assert_eq!(store.get("abc").await.expect("the link").hits, 3);
}

async fn delete_removes_the_link_and_frees_its_code<S: Store>(store: S) {
    store
        .create("abc", "https://a.example/")
        .await
        .expect("new");
    store.hit("abc").await.expect("a hit");
    store.delete("abc").await.expect("deleted");
    assert!(matches!(store.get("abc").await, Err(StoreError::NotFound)));
    assert!(matches!(
        store.delete("abc").await,
        Err(StoreError::NotFound)
    ));
    // The code can be used again, from zero.
    assert_eq!(
        store.create("abc", "https://b.example/").await.ok(),
        Some(link("abc", "https://b.example/", 0))
    );
}

/// 200 hits at once on a multi-threaded runtime: 200 counted, and each hit saw a count
/// of its own, 1 to 200. A get-then-set would give some hits the same count.
async fn concurrent_hits_are_each_counted_once<S: Store>(store: S) {
    store
        .create("hot", "https://a.example/")
        .await
        .expect("new");
    let mut hits = JoinSet::new();
    for _ in 0..200 {
        let store = store.clone();
        hits.spawn(async move { store.hit("hot").await.expect("a hit").hits });
    }
    let mut seen = hits.join_all().await;
    seen.sort_unstable();
    assert_eq!(seen, (1..=200).collect::<Vec<i64>>());
    assert_eq!(store.get("hot").await.expect("the link").hits, 200);
}

/// 50 creates of one code at once: exactly one stores its link.
async fn concurrent_creates_of_one_code_store_one<S: Store>(store: S) {
    let mut creates = JoinSet::new();
    for n in 0..50 {
        let store = store.clone();
        creates.spawn(async move { store.create("race", &format!("https://{n}.example/")).await });
    }
    let results = creates.join_all().await;
    let stored: Vec<&Link> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(stored.len(), 1, "{results:?}");
    assert!(results
        .iter()
        .all(|r| matches!(r, Ok(_) | Err(StoreError::AliasTaken))));
    assert_eq!(store.get("race").await.ok().as_ref(), Some(stored[0]));
}

/// A made-up code that is taken is replaced by the next one; the taken link stays.
async fn a_made_up_code_that_is_taken_is_tried_again<S: Store>(store: S) {
    store
        .create("Taken00", "https://a.example/")
        .await
        .expect("new");
    let codes = ["Taken00", "Taken00", "Fresh01", "Fresh02"].map(String::from);
    let created = create_with_new_code(&store, "https://b.example/", codes)
        .await
        .expect("a free code");
    assert_eq!(created, link("Fresh01", "https://b.example/", 0));
    assert_eq!(
        store.get("Taken00").await.expect("untouched").url,
        "https://a.example/"
    );
    assert!(matches!(
        store.get("Fresh02").await,
        Err(StoreError::NotFound)
    ));
}

/// Tries are bounded: an endless run of taken codes is a 500, not a hang.
async fn made_up_codes_are_tried_a_bounded_number_of_times<S: Store>(store: S) {
    store
        .create("Taken00", "https://a.example/")
        .await
        .expect("new");
    let tried = std::sync::atomic::AtomicUsize::new(0);
    let codes = std::iter::repeat_with(|| {
        tried.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        "Taken00".to_owned()
    });
    let result = create_with_new_code(&store, "https://b.example/", codes).await;
    assert!(
        matches!(result, Err(crate::error::ShortenerError::Internal(_))),
        "{result:?}"
    );
    assert_eq!(tried.into_inner(), MAX_CODE_TRIES);
}

for_each_store_impl!(
    create_then_get,
    a_taken_code_is_taken_and_left_as_it_was,
    unknown_codes_are_not_found,
    a_hit_counts_one_and_returns_the_new_count,
    delete_removes_the_link_and_frees_its_code,
    concurrent_hits_are_each_counted_once,
    concurrent_creates_of_one_code_store_one,
    a_made_up_code_that_is_taken_is_tried_again,
    made_up_codes_are_tried_a_bounded_number_of_times,
);
