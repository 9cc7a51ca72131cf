"""Benchmarks of the site build: synthetic portfolios (``bench.synth``) and timings (``bench.run``)."""
