"""Install/restore pairs for everything the shim observes (one module per concern)."""
