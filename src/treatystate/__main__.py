"""``python -m treatystate``: the same command line as the ``treatystate`` script."""

import sys

from .cli import main

sys.exit(main())
