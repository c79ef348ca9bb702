"""The pack tools behind ``ceasefire agreements``, ``show``, ``graph``, ``lint``, ``test`` and ``new``: one module each."""
