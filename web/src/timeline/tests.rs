//! Tests of the timeline fold.
