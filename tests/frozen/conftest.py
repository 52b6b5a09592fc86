"""The private Xvfb server fixture of the real-window test, for the built app."""

from tests.e2e.test_real_window import x_display

__all__ = ["x_display"]
