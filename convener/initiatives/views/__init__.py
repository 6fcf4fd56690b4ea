"""The initiatives app's pages, one module per area."""
