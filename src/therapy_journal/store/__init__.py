"""Storage: the vault (keys, unlock), the SQLCipher connection, migrations and
repositories returning plain dataclasses. Nothing here imports Qt."""
