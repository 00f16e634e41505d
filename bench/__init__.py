"""Benchmarks: the pages under load (pages.py) and the stable matching (stable_matching.py)."""
