"""`python -m digipulje`: the command line."""

from digipulje.cli import main

main()
