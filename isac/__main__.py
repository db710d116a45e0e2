"""Entry point of ``python -m isac``."""

import sys

from isac.cli import main

sys.exit(main())
