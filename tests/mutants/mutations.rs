//! The machinery every mutant shares: `mutations!` declares a crate's `Mutation` enum
//! from its variants and `FERRY_MUTANT` names, and writes what goes with it — `ALL`,
//! `name`, `known`, `Display`, `FromStr`, the one active mutation of the run
//! (`activate`, `active`), and the tests that keep the names parsing back and equal to
//! the crate's `mutations.json`. One copy for every mutant, through `#[path]`:
//!
//! ```ignore
//! #[macro_use]
//! #[path = "../../mutations.rs"]
//! mod mutation_kit;
//! ```
//!
//! and in `mutation.rs`:
//!
//! ```ignore
//! mutations! {
//!     /// A sentence on the bug.
//!     RacyCounter => "racy-counter",
//! }
//! ```

/// Declares `Mutation` and its companions in the module it is called in; see the module docs.
macro_rules! mutations {
    ($($(#[$doc:meta])* $variant:ident => $name:literal,)+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Mutation {
            $($(#[$doc])* $variant,)+
        }

        impl Mutation {
            /// Every mutation, in the order of `mutations.json`.
            pub const ALL: &'static [Self] = &[$(Self::$variant,)+];

            /// The name `FERRY_MUTANT` uses.
            pub fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)+
                }
            }

            /// `a, b, c`: every name, for the error message.
            pub fn known() -> String {
                Self::ALL.iter().map(|mutation| mutation.name()).collect::<Vec<_>>().join(", ")
            }
        }

        impl ::std::fmt::Display for Mutation {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.name())
            }
        }

        /// A `FERRY_MUTANT` that names no mutation.
        #[derive(Debug)]
        pub struct UnknownMutation;

        impl ::std::str::FromStr for Mutation {
            type Err = UnknownMutation;

            fn from_str(name: &str) -> Result<Self, Self::Err> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|mutation| mutation.name() == name)
                    .ok_or(UnknownMutation)
            }
        }

        static ACTIVE: ::std::sync::OnceLock<Mutation> = ::std::sync::OnceLock::new();

        /// Called once, by `main`, before anything else.
        pub fn activate(mutation: Mutation) {
            // A second call would be a bug in `main`; the first choice stands.
            let _ = ACTIVE.set(mutation);
        }

        /// The mutation of this run; `None` when `FERRY_MUTANT` is unset (the reference's
        /// behaviour), and in the tests.
        pub fn active() -> Option<Mutation> {
            ACTIVE.get().copied()
        }

        #[cfg(test)]
        mod mutation_names {
            use super::Mutation;

            #[test]
            fn every_name_parses_back() {
                for &mutation in Mutation::ALL {
                    assert_eq!(mutation.name().parse::<Mutation>().ok(), Some(mutation));
                    assert!(mutation.name().to_uppercase().parse::<Mutation>().is_err());
                }
                assert!("".parse::<Mutation>().is_err());
            }

            /// The list of kills and this enum must not drift apart.
            #[test]
            fn the_names_are_those_of_mutations_json() {
                let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/mutations.json"))
                    .expect("mutations.json beside Cargo.toml");
                let listed: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
                let listed: Vec<&str> = listed["mutations"]
                    .as_array()
                    .expect("a list of mutations")
                    .iter()
                    .map(|mutation| mutation["name"].as_str().expect("a name"))
                    .collect();
                let names: Vec<&str> = Mutation::ALL.iter().map(|mutation| mutation.name()).collect();
                assert_eq!(listed, names);
            }
        }
    };
}
