"""motcua: one-stop administrative procedure system."""

__version__ = "0.1.0"
