"""Benchmarks and load, fault and tool measurements (`make bench` writes docs/PERFORMANCE.md)."""
