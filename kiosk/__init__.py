"""Clinic waiting-room kiosk: plain-language, illustrated walk-throughs of spine operations."""

__version__ = "0.2.0"
APP_NAME = "clinic-kiosk"
APP_TITLE = "Clinic kiosk"
