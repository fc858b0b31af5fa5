"""The course tool: progress, checks, hints and verification for the Flask + MongoDB course."""
