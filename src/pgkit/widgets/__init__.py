"""Reusable ipywidgets of the kit: every page builds from these."""
