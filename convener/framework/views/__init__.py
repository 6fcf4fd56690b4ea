"""The framework app's pages, one module per area."""
