"""Format overrides by language (settings.FORMAT_MODULE_PATH); Welsh uses Django's own."""
