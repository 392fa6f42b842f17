"""Module-level settings a test can change and forget to restore."""
currency = "EUR"
