"""Benchmarks with budgets: ``python -m benchmarks`` from the repository root."""
