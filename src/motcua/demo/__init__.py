"""A demo centre for a Quảng Ninh-like province: agencies, desks, procedures and one user per role.

Load it with ``motcua demo`` (or :func:`motcua.demo.loader.demo_load`). National procedure codes and
names are real; time limits, fees, documents and announcing decisions are illustrative.
"""
