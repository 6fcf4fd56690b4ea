"""Reads of the activities app: plain data for pages, the API and reports (no writes)."""
