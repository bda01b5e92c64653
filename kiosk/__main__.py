"""``python -m kiosk`` starts the kiosk, like the ``kiosk`` command."""

import sys

from kiosk.cli import main

sys.exit(main())
