"""Reminders as desktop notifications, the tray icon, and their settings."""
