"""What builds and checks the kiosk, importable by the build, the tests and the benchmarks;
never by the running kiosk (an import-linter contract says so): bundle.py (what kiosk.spec keeps
in the frozen bundle), fontchars.py (the characters the bundled fonts must draw, for
tools/fonts.py) and childenv.py (the environment a test or a benchmark runs a kiosk command in)."""
