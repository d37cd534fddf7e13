"""The commands of the digipulje command line, one module per group; `cli.py` registers them.

    options     the options and arguments the commands share, each defined once
    shell       a command's language, safe terminal output, output files, and its errors as one line
    solving     --solver, --time-limit and progress for the commands that solve
    inputs      reading what several commands take (kroner options, column maps, ratings, KITOS)
    outputs     output files: never one of the command's inputs, written whole or not at all
    demo, allocate (allocate, explain, scales), validate (validate, form), kitos, report,
    rounds (round ...), freeze (pool freeze), scenarios (compare, sweep, alternatives, robustness)

`serve` and `user` are the web app's, registered from `web/cli.py`.
"""
