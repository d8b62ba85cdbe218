"""Bar charts drawn as SVG on the server: no script, nothing to download.

A chart is an image with a name and a description (`role="img"`, `<title>`, `<desc>`)
that say in words what it shows: the latest figure, the highest and the lowest, and the
national figure. The table printed with every chart holds each number. Colours are
GOV.UK's, each with at least 3:1 contrast on white; the national figure is a dashed line
as well as a colour, so it reads without colour too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40
BAR = "#1d70b8"
NATIONAL = "#d4351c"
AXIS = "#505a5f"
TEXT = "#0b0c0c"


@dataclass(frozen=True)
class Bar:
    label: str  # under the bar: "2025-26", or "Sep" and "2026" on two lines
    value: float | None  # None: nothing to show for that period
    spoken: str  # the period in words, for the description ("September 2026")


def _nice_top(highest: float) -> float:
    """A round number just above the highest value (1, 2, 2.5 or 5 times a power of 10)."""
    if highest <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(highest))
    for step in (1, 2, 2.5, 5, 10):
        if highest <= step * power:
            return step * power
    return 10 * power


def _number(value: float, percent: bool) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text}%" if percent else text


def describe(bars: list[Bar], *, percent: bool, national: float | None,
             national_label: str, what: str) -> str:
    shown = [b for b in bars if b.value is not None]
    if not shown:
        return f"{what}: no figures for {bars[0].spoken} to {bars[-1].spoken}." if bars else ""
    latest = bars[-1]
    parts = [f"{what}, {bars[0].spoken} to {bars[-1].spoken}."]
    if latest.value is not None:
        parts.append(f"Latest ({latest.spoken}): {_number(latest.value, percent)}.")
    else:
        parts.append(f"No figure for {latest.spoken}.")
    high = max(shown, key=lambda b: b.value or 0)
    low = min(shown, key=lambda b: b.value or 0)
    parts.append(f"Highest {_number(high.value or 0, percent)} ({high.spoken}); "
                 f"lowest {_number(low.value or 0, percent)} ({low.spoken}).")
    if national is not None:
        parts.append(f"{national_label}: {_number(national, percent)}.")
    return " ".join(parts)


def bar_chart(bars: list[Bar], *, chart_id: str, title: str, description: str,
              percent: bool, national: float | None = None, width: int = WIDTH) -> Markup:
    """`width` is the drawing's own width: narrower for a few bars in a narrow column, so
    its text is not shrunk when the column is."""
    values = [b.value for b in bars if b.value is not None]
    top = 100.0 if percent else _nice_top(max([*values, national or 0, 0]))
    plot_w, plot_h = width - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(bars), 1)

    def y(value: float) -> float:
        return TOP + plot_h * (1 - min(value, top) / top)

    parts = [
        f'<svg class="insight-chart" id="{chart_id}" viewBox="0 0 {width} {HEIGHT}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'xmlns="http://www.w3.org/2000/svg" focusable="false" '
        f'font-family="GDS Transport, arial, sans-serif">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for tick in (0, top / 2, top):
        ty = y(tick)
        parts.append(f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" '
                     f'stroke="{AXIS}" stroke-width="{1 if tick == 0 else 0.5}"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end" '
                     f'font-size="12" fill="{TEXT}">{escape(_number(tick, percent))}</text>')
    for n, bar in enumerate(bars):
        x = LEFT + n * slot
        if bar.value is not None:
            height = max(TOP + plot_h - y(bar.value), 0.0)
            parts.append(f'<rect x="{x + slot * 0.15:.1f}" y="{y(bar.value):.1f}" '
                         f'width="{slot * 0.7:.1f}" height="{height:.1f}" fill="{BAR}"/>')
        # A label may be two lines ("Sep" over "2026"), so twelve months fit side by side.
        for line_no, line in enumerate(bar.label.split("\n")):
            parts.append(f'<text x="{x + slot / 2:.1f}" y="{HEIGHT - BOTTOM + 16 + 14 * line_no}" '
                         f'text-anchor="middle" font-size="12" fill="{TEXT}">'
                         f'{escape(line)}</text>')
    if national is not None:
        ny = y(national)
        parts.append(f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{ny:.1f}" y2="{ny:.1f}" '
                     f'stroke="{NATIONAL}" stroke-width="2.5" stroke-dasharray="8 5"/>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every text in it is escaped above)
