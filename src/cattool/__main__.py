"""`python -m cattool`: the same as the `cattool` command."""

import sys

from cattool.cli import main

sys.exit(main())
