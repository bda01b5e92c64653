"""The commands on top: ``kiosk ...`` (cli.py parses and dispatches), self-test, --smoke, the
content pack commands and the authoring tools. They use the Qt layer (kiosk.qt) and the core
(kiosk.core); nothing below imports them."""
