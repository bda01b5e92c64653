"""The thin Qt layer: exposes the core to QML; holds no rules of its own."""
