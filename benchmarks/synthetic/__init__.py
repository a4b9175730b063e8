"""Benchmark data: `manage.py seed_synthetic`, installed only in demo mode (config/settings.py).

Kept out of the production apps: it writes a million made-up reports behind the actions' back (COPY, constraints
dropped and rebuilt), which a real city's database must never see. The benchmarks (benchmarks/dashboard.py,
benchmarks/open311.py) and tests/integration/test_seed_synthetic.py use it.
"""
