"""What builds and checks the kiosk, importable by the build, the tests and the benchmarks;
never by the running kiosk (an import-linter contract says so): bundle.py (what kiosk.spec keeps
in the frozen bundle), fontset.py (the fonts' faces and characters, for tools/fonts.py),
qmltypes.py (the bridges' types for qmllint) and childenv.py (the environment a test or a
benchmark runs a kiosk command in)."""
