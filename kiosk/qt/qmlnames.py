"""The QML module the Python bridges are registered in, so that QML (and qmllint) know their types.

Each bridge module imports these names: PySide6's ``QmlElement`` reads ``QML_IMPORT_NAME``
and ``QML_IMPORT_MAJOR_VERSION`` from the module that defines the class. The bridges are
made by Python and handed to the window; QML cannot create one.
"""

QML_IMPORT_NAME = "Kiosk.Bridges"
QML_IMPORT_MAJOR_VERSION = 1
