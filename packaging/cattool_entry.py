"""The packaged app's entry point: the same as the `cattool` command (cattool.cli.main).

With no arguments it opens the desktop window; with a command it is the command line.
"""

import sys

from cattool.cli import main

if __name__ == "__main__":
    sys.exit(main())
