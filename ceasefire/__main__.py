"""``python -m ceasefire``: the same as the ``ceasefire`` command."""

from .launch import main

main(prog_name="ceasefire")
