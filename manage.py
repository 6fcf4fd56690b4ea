#!/usr/bin/env python
"""Same as the ``convener`` console script, for habit's sake."""

from convener.__main__ import main

if __name__ == "__main__":
    main()
