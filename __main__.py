"""`python -m digipulje` and the `digipulje` command.

The command line's help is written when its commands are built, in the language in force then;
so a `--lang` on the command line is made the language in force before they are (through
`DIGIPULJE_LANG`, which the program's other processes inherit too): `digipulje allocate --help
--lang en` is English.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    from digipulje.commands.usage import language_of
    from digipulje.messages import current_language

    wanted = language_of(sys.argv[1:])
    if wanted != current_language():
        os.environ["DIGIPULJE_LANG"] = wanted
    from digipulje.cli import main as run

    run()


if __name__ == "__main__":
    main()
