"""motcua's settings with one extra URL: a bare Django view returning JSON of the same size as a lookup
answer, the baseline of bench_lookup.py."""

from motcua.settings import *  # noqa: F403

ROOT_URLCONF = "lookup_bench.urls"
