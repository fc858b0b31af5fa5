"""Shared pieces of the graded tests: loading the app, database backends, assertions."""
