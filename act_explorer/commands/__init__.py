"""Headless sub-commands of ``act-explorer``.

Each public module here is one verb: it defines ``ORDER`` (position in ``--help``) and
``register(subparsers)``, which adds its parser and sets ``func``.  Modules must not import Qt
at import time; verbs that draw import it inside their ``func``.
"""
