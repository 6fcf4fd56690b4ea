"""Chart geometry for the whole product: plain numbers in, placed shapes out. No database.

Charts are hand-written inline SVG (no JavaScript; they print, and WeasyPrint draws them in
the PDF), each with role="img", a title, and a table with the same figures beside it. The
apps choose which rows, which words, which groups are suppressed and which colour means what;
these modules only place shapes. A package rather than one module because together the shapes
pass the 500-line limit: one module per chart shape.

- ``bars``: horizontal bar charts (``includes/bar_chart.html`` draws them) and stacked bars;
- ``axes``: dots and lines over a shared scale (support per group, shifts, trends over time);
- ``grids``: 2x2 quadrant grids.
"""

from convener.core.charts.bars import (
    DASHBOARD,
    NARROW,
    PAGE,
    PRINT,
    Bar,
    BarChart,
    BarRow,
    Frame,
    StackedChart,
    bar_chart,
    count_rows,
    stacked_chart,
    wrap_label,
)

__all__ = [
    "DASHBOARD",
    "NARROW",
    "PAGE",
    "PRINT",
    "Bar",
    "BarChart",
    "BarRow",
    "Frame",
    "StackedChart",
    "bar_chart",
    "count_rows",
    "stacked_chart",
    "wrap_label",
]
