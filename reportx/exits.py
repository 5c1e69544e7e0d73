"""Exit codes of every `reportx` command."""

EXIT_OK = 0  # everything worked
EXIT_PARTIAL = 1  # some inputs failed (each reported with its reason; the rest were processed)
EXIT_USAGE = 2  # usage error (bad arguments, nothing to read)
EXIT_UNAVAILABLE = 3  # an operation could not start (database unreachable, port taken, …)
