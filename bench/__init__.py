"""Benchmarks: the data generator (`python -m bench.data`), load scenarios, reports."""
