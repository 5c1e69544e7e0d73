"""`python -m reportx` runs the command line."""

import sys

from reportx.cli import main

sys.exit(main())
