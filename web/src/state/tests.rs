//! Reducer tests.
