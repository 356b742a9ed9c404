#!/usr/bin/env python3
"""Write screenshots of every page of the app to docs/screenshots/ (needs /usr/bin/chromium).

Starts `streamlit run` on a copy of the demo database, drives it with Playwright, stops it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser_helpers import screenshots_main

if __name__ == "__main__":
    # No options; "--help" says what it does instead of rewriting the screenshots.
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    sys.exit(screenshots_main())
