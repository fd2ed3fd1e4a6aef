"""Thin adapters: Slack listeners and renderers, survey web routes, scheduled-job entry points."""
