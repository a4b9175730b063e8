"""Charts drawn on the server as inline SVG: no chart library reaches the browser.

Each chart is decorative next to its data table (aria-hidden on the SVG, the table carries the numbers).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def bar_chart(items: Sequence[tuple[str, float | None]], *, maximum: float = 100.0, unit: str = "%",
              width: int = 640) -> SafeString:
    """Horizontal bars, one per label; None draws no bar and prints a dash."""
    row, label_w = 22, 200
    height = row * len(items) + 10
    scale = (width - label_w - 60) / maximum if maximum else 0.0
    parts = [f'<svg class="chart chart-bar" viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'aria-hidden="true" xmlns="http://www.w3.org/2000/svg">']
    for index, (label, value) in enumerate(items):
        y = 5 + index * row
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" class="chart-label">'
                     f'{escape(label[:32])}</text>')
        if value is not None:
            bar = max(0.0, min(value, maximum)) * scale
            parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar:.1f}" height="{row - 6}" '
                         'class="chart-bar-fill"/>')
            parts.append(f'<text x="{label_w + bar + 4:.1f}" y="{y + 15}" class="chart-value">'
                         f'{value:g}{escape(unit)}</text>')
        else:
            parts.append(f'<text x="{label_w + 4}" y="{y + 15}" class="chart-value">–</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def line_chart(points: Sequence[tuple[str, float | None]], *, width: int = 640, height: int = 180) -> SafeString:
    """One line over the points (e.g. weekly counts); gaps where the value is None."""
    pad = 30
    values = [value for _label, value in points if value is not None]
    top = max(values) if values else 1.0
    top = top or 1.0
    step = (width - 2 * pad) / max(1, len(points) - 1)
    parts = [f'<svg class="chart chart-line" viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'aria-hidden="true" xmlns="http://www.w3.org/2000/svg">',
             f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" class="chart-axis"/>',
             f'<text x="2" y="{pad - 8}" class="chart-label">{top:g}</text>']
    path: list[str] = []
    for index, (_label, value) in enumerate(points):
        if value is None:
            if path:
                parts.append(f'<polyline points="{" ".join(path)}" class="chart-line-stroke" fill="none"/>')
            path = []
            continue
        x = pad + index * step
        y = height - pad - (value / top) * (height - 2 * pad)
        path.append(f"{x:.1f},{y:.1f}")
    if path:
        parts.append(f'<polyline points="{" ".join(path)}" class="chart-line-stroke" fill="none"/>')
    if points:
        parts.append(f'<text x="{pad}" y="{height - 8}" class="chart-label">{escape(points[0][0])}</text>')
        parts.append(f'<text x="{width - pad}" y="{height - 8}" text-anchor="end" class="chart-label">'
                     f'{escape(points[-1][0])}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
