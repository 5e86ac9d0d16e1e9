"""One module per kind of document; each exposes KINDS (see documents/registry.py)."""
