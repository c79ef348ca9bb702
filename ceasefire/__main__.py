"""``python -m ceasefire``: the same as the ``ceasefire`` command."""

from .cli import main

main(prog_name="ceasefire")
