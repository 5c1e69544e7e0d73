"""The app shell: the `reportx` command line on top of pipeline, flows and review."""
