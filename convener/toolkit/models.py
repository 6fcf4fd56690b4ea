"""Models of the toolkit app."""
