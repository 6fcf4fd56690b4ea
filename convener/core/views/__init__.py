"""Pages every app shares, one module per area."""
