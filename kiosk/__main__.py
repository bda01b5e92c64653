"""``python -m kiosk`` starts the kiosk, like the ``kiosk`` command."""

import sys

from kiosk.commands.cli import main

sys.exit(main())
