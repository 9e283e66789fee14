//! Test-only writers and a training simulator (stub: being written).
