"""What this PC has and where the program keeps its own files: folders, the log, installed fonts,
an office suite that can print a Word file to PDF. Pure Python, no Qt (the window and the command line
both use it); nothing here opens a network connection."""
