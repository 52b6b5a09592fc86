"""The command groups: each module defines its commands' options (``configure``),
runs them (``HANDLERS``) and names the errors it expects (``ERRORS``)."""
