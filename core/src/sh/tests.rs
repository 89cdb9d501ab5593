//! Shell tests; the data-driven fixtures live in `core/tests/sh/`.
