"""Entry point for ``python -m review_app``."""

import sys

from review_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
