"""Word and Excel writers and readers. No Qt: they run headless from the command line too."""
