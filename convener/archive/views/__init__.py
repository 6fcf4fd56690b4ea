"""The archive app's pages, one module per area."""
