"""The public app's pages, one module per area."""
