"""The errors of sharing: one plain sentence each, for the person to read."""

from __future__ import annotations


class BundleError(Exception):
    """A bundle could not be made or opened; the message is one plain sentence."""


class BundleWrongKey(BundleError):
    """No key or passphrase given opens the bundle."""


class BundleDamaged(BundleError):
    """The file is not a bundle, or is damaged, truncated or tampered with."""
