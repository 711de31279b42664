"""`python -m hva_graph`: the hva-graph command, for an environment without its script on PATH."""

from .cli import main

main(prog_name="hva-graph")
