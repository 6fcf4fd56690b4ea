"""Models of the live app."""
