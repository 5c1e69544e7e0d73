"""`python -m reportx` runs the command line."""

from reportx.cli import program

program()
