"""What a change to a report's figures reaches: the computed cells that follow from a cell, so that
whoever shows or checks the report can redo only what a change touched.
"""

from __future__ import annotations

from collections.abc import Iterable

from .definition import Form
from .expr import Cell


def dependents(form: Form) -> dict[Cell, frozenset[Cell]]:
    """For every cell that a computed cell reads: all the computed cells whose value follows from it
    (directly, or through another total). Cells that no total reads are not listed."""
    readers: dict[Cell, set[Cell]] = {}
    for computed in form.computed:
        for cell in computed.value.cells:
            readers.setdefault(cell, set()).add(computed.cell)
    reached: dict[Cell, frozenset[Cell]] = {}

    def reach(cell: Cell) -> frozenset[Cell]:
        if cell not in reached:
            found: set[Cell] = set()
            for reader in readers.get(cell, ()):
                found.add(reader)
                found |= reach(reader)
            reached[cell] = frozenset(found)
        return reached[cell]

    return {cell: reach(cell) for cell in readers}


def touched(changed: Iterable[Cell], follows: dict[Cell, frozenset[Cell]]) -> frozenset[Cell]:
    """`changed` with every computed cell that follows from them (`follows`: from `dependents`)."""
    cells = set(changed)
    for cell in list(cells):
        cells |= follows.get(cell, frozenset())
    return frozenset(cells)
