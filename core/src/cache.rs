//! [`LayerCache`]: the build cache (S-CACHE). A record is keyed by the digest of its parent state and
//! its own inputs, so a hit requires the whole chain before it to hit (S-CACHE-1).
//!
//! Every lookup explains itself: a miss says which input changed and what the cache held before
//! ([`MissReason`]), which is the "why did my cache miss" answer the UI shows.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::digest::Digest;
use crate::format::Timestamp;
use crate::fs::Layer;

/// One named input of a cache key, kept for explanations (`command`, `env`, `files`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheInput {
    /// What the input is, for a learner (`command`, `environment`, `file app.py`).
    pub name: String,
    /// Its value, as text.
    pub value: String,
}

impl CacheInput {
    /// Makes an input.
    pub fn new(name: &str, value: impl Into<String>) -> CacheInput {
        CacheInput { name: name.to_string(), value: value.into() }
    }
}

/// A cached step result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheRecord {
    /// The key: digest of `parent` and `inputs`.
    pub key: Digest,
    /// The key of the state this step was built on.
    pub parent: Digest,
    /// The operation (`RUN`, `COPY`, `WORKDIR`, or a metadata keyword).
    pub op: String,
    /// The inputs that made up the key.
    pub inputs: Vec<CacheInput>,
    /// The layer the step produced (`None` for metadata steps, which only remember their time).
    pub layer: Option<Arc<Layer>>,
    /// When the step was first built; cached layers keep this time (S-CACHE-8).
    pub created: Timestamp,
    /// How long the step took when it ran, in simulated milliseconds.
    pub duration_ms: u64,
}

/// Why a lookup missed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MissReason {
    /// `--no-cache` was given.
    NoCache,
    /// An earlier step was rebuilt, so this one must be too (the chain property).
    ParentChanged,
    /// Nothing was ever built from this parent state.
    NotBuiltBefore,
    /// A step was built from the same parent before, but one input differs.
    InputChanged {
        /// The input's name.
        input: String,
        /// What the cache held.
        before: String,
        /// What this build has.
        after: String,
    },
}

impl MissReason {
    /// A sentence for the learner.
    pub fn explain(&self) -> String {
        match self {
            MissReason::NoCache => "--no-cache: the cache is not consulted.".to_string(),
            MissReason::ParentChanged => {
                "An earlier step was rebuilt, so every later step is rebuilt too, even with unchanged text.".to_string()
            }
            MissReason::NotBuiltBefore => "This step has never been built on top of this parent.".to_string(),
            MissReason::InputChanged { input, before, after } => {
                format!("The {input} changed: the cache has {before:?}, this build has {after:?}.")
            }
        }
    }
}

/// The result of a lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// A record matched.
    Hit(CacheRecord),
    /// Nothing matched, and why.
    Miss(MissReason),
}

/// The build cache.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LayerCache {
    records: BTreeMap<Digest, CacheRecord>,
}

impl LayerCache {
    /// The key of a step from its parent key, operation and inputs.
    pub fn key(parent: Digest, op: &str, inputs: &[CacheInput]) -> Digest {
        let mut parts: Vec<&[u8]> = vec![&parent.0, op.as_bytes()];
        for input in inputs {
            parts.push(input.name.as_bytes());
            parts.push(input.value.as_bytes());
        }
        Digest::of_parts(parts)
    }

    /// Looks a step up. `parent_hit` is false when the previous step was rebuilt in this build.
    pub fn lookup(&self, parent: Digest, op: &str, inputs: &[CacheInput], parent_hit: bool, no_cache: bool) -> Lookup {
        self.lookup_key(LayerCache::key(parent, op, inputs), parent, op, inputs, parent_hit, no_cache)
    }

    /// [`LayerCache::lookup`] for a caller that already computed the step's `key`.
    pub fn lookup_key(
        &self,
        key: Digest,
        parent: Digest,
        op: &str,
        inputs: &[CacheInput],
        parent_hit: bool,
        no_cache: bool,
    ) -> Lookup {
        if no_cache {
            return Lookup::Miss(MissReason::NoCache);
        }
        if let Some(record) = self.records.get(&key) {
            return Lookup::Hit(record.clone());
        }
        if !parent_hit {
            return Lookup::Miss(MissReason::ParentChanged);
        }
        Lookup::Miss(self.explain_miss(parent, op, inputs))
    }

    fn explain_miss(&self, parent: Digest, op: &str, inputs: &[CacheInput]) -> MissReason {
        let sibling = self.records.values().filter(|r| r.parent == parent && r.op == op).max_by_key(|r| r.created);
        let Some(sibling) = sibling else {
            return MissReason::NotBuiltBefore;
        };
        for input in inputs {
            let before = sibling.inputs.iter().find(|i| i.name == input.name);
            match before {
                Some(b) if b.value == input.value => continue,
                Some(b) => {
                    return MissReason::InputChanged {
                        input: input.name.clone(),
                        before: b.value.clone(),
                        after: input.value.clone(),
                    };
                }
                None => {
                    return MissReason::InputChanged {
                        input: input.name.clone(),
                        before: String::new(),
                        after: input.value.clone(),
                    };
                }
            }
        }
        MissReason::NotBuiltBefore
    }

    /// Stores a record (replacing one with the same key).
    pub fn insert(&mut self, record: CacheRecord) {
        self.records.insert(record.key, record);
    }

    /// A record by key.
    pub fn get(&self, key: &Digest) -> Option<&CacheRecord> {
        self.records.get(key)
    }

    /// How many records there are.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether the cache is empty.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The total size of the cached layers.
    pub fn size(&self) -> u64 {
        self.records.values().filter_map(|r| r.layer.as_ref()).map(|l| l.size()).sum()
    }

    /// Empties the cache (`docker builder prune`); returns the records removed and their size.
    pub fn prune(&mut self) -> (usize, u64) {
        let removed = (self.len(), self.size());
        self.records.clear();
        removed
    }

    /// All records, by key.
    pub fn records(&self) -> impl Iterator<Item = &CacheRecord> {
        self.records.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(parent: Digest, op: &str, inputs: Vec<CacheInput>) -> CacheRecord {
        CacheRecord {
            key: LayerCache::key(parent, op, &inputs),
            parent,
            op: op.to_string(),
            inputs,
            layer: None,
            created: Timestamp(1),
            duration_ms: 0,
        }
    }

    // S-CACHE-1: hits need the same parent and inputs; misses say why.
    #[test]
    fn hits_and_explained_misses() {
        let base = Digest::of(b"ubuntu");
        let mut cache = LayerCache::default();
        let inputs = vec![CacheInput::new("command", "apt-get update")];
        cache.insert(record(base, "RUN", inputs.clone()));
        assert!(matches!(cache.lookup(base, "RUN", &inputs, true, false), Lookup::Hit(_)));
        assert_eq!(cache.lookup(base, "RUN", &inputs, true, true), Lookup::Miss(MissReason::NoCache));
        let changed = vec![CacheInput::new("command", "apt-get update -q")];
        assert_eq!(
            cache.lookup(base, "RUN", &changed, true, false),
            Lookup::Miss(MissReason::InputChanged {
                input: "command".into(),
                before: "apt-get update".into(),
                after: "apt-get update -q".into()
            })
        );
        assert_eq!(cache.lookup(base, "RUN", &changed, false, false), Lookup::Miss(MissReason::ParentChanged));
        let other = Digest::of(b"debian");
        assert_eq!(cache.lookup(other, "RUN", &inputs, true, false), Lookup::Miss(MissReason::NotBuiltBefore));
        assert_eq!(cache.prune().0, 1);
        assert!(cache.is_empty());
    }
}
