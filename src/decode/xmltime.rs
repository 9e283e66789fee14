//! ISO 8601 times as GPX and TCX write them.
