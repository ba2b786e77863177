"""Positieve Gezondheid training kit."""
