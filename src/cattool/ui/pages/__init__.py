"""The case workspace's pages, one module per concern."""
