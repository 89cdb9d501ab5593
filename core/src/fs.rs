//! Placeholder: filled in by the shell and filesystem work (issue 4).
