"""The desktop app (Qt widgets). The only layer that imports Qt."""
