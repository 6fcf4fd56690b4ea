"""Models of the consensus app."""
