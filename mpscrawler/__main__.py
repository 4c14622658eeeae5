"""`python -m mpscrawler …`: the same as the `mpscrawler` command."""

import sys

from mpscrawler.ops.cli import main

sys.exit(main())
