"""What builds the kiosk, importable by the build and by the tests; never by the running kiosk
(an import-linter contract says so): bundle.py (what kiosk.spec keeps in the frozen bundle) and
fontchars.py (the characters the bundled fonts must draw, for tools/fonts.py)."""
