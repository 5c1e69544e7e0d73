"""One module per `reportx` subcommand: `add_arguments(parser)` and `run(args) -> exit code`."""
