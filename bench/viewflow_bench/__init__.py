"""A tiny Django app holding the django-viewflow flow that ``bench/bench_lifecycle.py`` compares motcua's
dossier lifecycle against. Benchmark-only: never installed with motcua."""
