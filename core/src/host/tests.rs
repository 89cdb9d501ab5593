//! Host interpreter tests.
