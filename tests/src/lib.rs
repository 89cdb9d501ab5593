//! Shared helpers for the conformance and scenario suites.
