"""The reference path, for benchmarks/scale.py: the project's loader with owlrl over the whole
graph, then pyshacl over the whole (knowledge.checked.load_knowledge and
knowledge.validation.validate_knowledge), as `hva-graph validate` ran before issue 15.

    .venv/bin/python benchmarks/reference.py ROOT CACHE_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "server"))

from hva_graph.knowledge.checked import load_knowledge  # noqa: E402
from hva_graph.knowledge.validation import load_shapes, validate_knowledge  # noqa: E402
from hva_graph.settings import Settings  # noqa: E402


def main(argv: list[str]) -> int:
    settings = Settings(root=Path(argv[0]), cache_dir=Path(argv[1]))
    report = validate_knowledge(load_knowledge(settings), load_shapes(settings))
    return 0 if report.conforms else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
