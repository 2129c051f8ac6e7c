"""Small inline SVG charts for the HTML report: no JavaScript, no library, no network.

Each function returns one ``<svg>`` element sized by its ``viewBox`` so it scales with the
page and prints sharply. Text in the charts comes from the data and is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

FONT = 'font-family="Segoe UI,Roboto,Noto Sans,Helvetica Neue,Arial,sans-serif"'
INK = "#101828"
MUTED = "#475467"
GRID = "#eaecf0"


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


@dataclass(frozen=True)
class Band:
    """A coloured range of the x axis (a rating band), drawn behind the bars."""

    start: float
    end: float
    color: str
    label: str


def nice_step(peak: int, ticks: int = 4) -> int:
    """A round grid step (1, 2, 5, 10, 20, 50, ...) so ``ticks`` steps cover ``peak``."""
    raw = max(peak / ticks, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return int(factor * magnitude)
    return int(10 * magnitude)


def histogram(values: Sequence[float], *, lo: float, hi: float, width: float, bands:
              Sequence[Band], title: str, x_label: str, y_label: str) -> str:
    """Counts of ``values`` in bins of ``width`` from ``lo`` to ``hi``; each bar takes the
    colour of the band its bin starts in, and band edges are marked on the axis."""
    w, h = 560, 260
    left, right, top, bottom = 44, 14, 34, 48
    plot_w, plot_h = w - left - right, h - top - bottom
    edges = []
    x = lo
    while x < hi:
        edges.append((x, min(x + width, hi)))
        x += width
    counts = [0] * len(edges)
    for v in values:
        i = min(int((v - lo) // width), len(edges) - 1) if v >= lo else 0
        counts[max(i, 0)] += 1
    step = nice_step(max(counts) or 1)
    peak = step * 4

    def sx(value: float) -> float:
        return left + (value - lo) / (hi - lo) * plot_w

    def sy(count: float) -> float:
        return top + plot_h - count / peak * plot_h

    out = [f'<svg viewBox="0 0 {w} {h}" role="img" aria-label="{_e(title)}" '
           f'xmlns="http://www.w3.org/2000/svg" {FONT} font-size="11">',
           f'<title>{_e(title)}</title>']
    for band in bands:
        x0, x1 = sx(max(band.start, lo)), sx(min(band.end, hi))
        out.append(f'<rect x="{x0:.1f}" y="{top}" width="{x1 - x0:.1f}" height="{plot_h}" '
                   f'fill="{band.color}" opacity="0.08"/>')
        out.append(f'<text x="{(x0 + x1) / 2:.1f}" y="{top - 8}" text-anchor="middle" '
                   f'fill="{band.color}" font-weight="600">{_e(band.label)}</text>')
    for n in range(5):
        count = step * n
        y = sy(count)
        out.append(f'<line x1="{left}" x2="{w - right}" y1="{y:.1f}" y2="{y:.1f}" '
                   f'stroke="{GRID}"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" '
                   f'fill="{MUTED}">{count}</text>')
    for (a, b), count in zip(edges, counts, strict=True):
        color = next((band.color for band in bands if band.start <= a < band.end),
                     bands[-1].color if bands else INK)
        x0, x1 = sx(a) + 1, sx(b) - 1
        y = sy(count)
        out.append(f'<rect x="{x0:.1f}" y="{y:.1f}" width="{max(x1 - x0, 1):.1f}" '
                   f'height="{top + plot_h - y:.1f}" fill="{color}">'
                   f'<title>{_fmt(a)}–{_fmt(b)}: {count}</title></rect>')
        if count:
            out.append(f'<text x="{(x0 + x1) / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" '
                       f'fill="{INK}" font-size="10">{count}</text>')
    ticks = sorted({lo, hi, *(b.start for b in bands if lo < b.start < hi)})
    for tick in ticks:
        x = sx(tick)
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top + plot_h}" '
                   f'y2="{top + plot_h + 4}" stroke="{MUTED}"/>')
        out.append(f'<text x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
                   f'fill="{MUTED}">{_fmt(tick)}</text>')
    out.append(f'<line x1="{left}" x2="{w - right}" y1="{top + plot_h}" y2="{top + plot_h}" '
               f'stroke="{MUTED}"/>')
    out.append(f'<text x="{left + plot_w / 2:.1f}" y="{h - 8}" text-anchor="middle" '
               f'fill="{MUTED}">{_e(x_label)}</text>')
    out.append(f'<text x="12" y="{top + plot_h / 2:.1f}" text-anchor="middle" fill="{MUTED}" '
               f'transform="rotate(-90 12 {top + plot_h / 2:.1f})">{_e(y_label)}</text>')
    out.append("</svg>")
    return "".join(out)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    max: float
    color: str
    note: str = ""  # shown right of the bar (e.g. "12 dataset")
    shown: str | None = None  # the value as printed on the bar; default: the number


def hbars(bars: Sequence[Bar], *, title: str, label_width: int = 230,
          width: int = 560, row: int = 24, marks: Sequence[tuple[float, str]] = ()) -> str:
    """Horizontal bars, one per row, each against its own maximum (a light track behind it).
    ``marks``: vertical reference lines as fractions of the track (e.g. rating bounds)."""
    note_w = 86
    track_x = label_width + 8
    track_w = width - track_x - note_w
    h = max(row * len(bars) + 22, 40)
    out = [f'<svg viewBox="0 0 {width} {h}" role="img" aria-label="{_e(title)}" '
           f'xmlns="http://www.w3.org/2000/svg" {FONT} font-size="12">',
           f'<title>{_e(title)}</title>']
    room = max(int(label_width / 6.6), 8)  # characters that fit left of the track
    for i, bar in enumerate(bars):
        y = 6 + i * row
        label = bar.label if len(bar.label) <= room else bar.label[:room - 1] + "…"
        frac = 0.0 if bar.max <= 0 else max(0.0, min(1.0, bar.value / bar.max))
        out.append(f'<text x="{label_width}" y="{y + row / 2 + 3:.1f}" text-anchor="end" '
                   f'fill="{INK}"><title>{_e(bar.label)}</title>{_e(label)}</text>')
        out.append(f'<rect x="{track_x}" y="{y + 3}" width="{track_w}" height="{row - 8}" '
                   f'rx="3" fill="#f2f4f7"/>')
        out.append(f'<rect x="{track_x}" y="{y + 3}" width="{frac * track_w:.1f}" '
                   f'height="{row - 8}" rx="3" fill="{bar.color}"/>')
        shown = bar.shown if bar.shown is not None else _fmt(round(bar.value, 1))
        inside = frac > 0.18
        tx = track_x + frac * track_w + (-5 if inside else 5)
        out.append(f'<text x="{tx:.1f}" y="{y + row / 2 + 3:.1f}" '
                   f'text-anchor="{"end" if inside else "start"}" '
                   f'fill="{"#fff" if inside else INK}" font-weight="600">{_e(shown)}</text>')
        if bar.note:
            out.append(f'<text x="{width - 4}" y="{y + row / 2 + 3:.1f}" text-anchor="end" '
                       f'fill="{MUTED}" font-size="11">{_e(bar.note)}</text>')
    for frac, label in marks:
        x = track_x + frac * track_w
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="2" y2="{h - 14}" stroke="{MUTED}" '
                   f'stroke-dasharray="3 3" opacity="0.6"/>')
        out.append(f'<text x="{x:.1f}" y="{h - 3}" text-anchor="middle" fill="{MUTED}" '
                   f'font-size="10">{_e(label)}</text>')
    out.append("</svg>")
    return "".join(out)


def meter(value: float, maximum: float, color: str, width: int = 120) -> str:
    """A tiny inline bar for table cells."""
    frac = 0.0 if maximum <= 0 else max(0.0, min(1.0, value / maximum))
    return (f'<svg viewBox="0 0 {width} 8" width="{width}" height="8" aria-hidden="true" '
            f'xmlns="http://www.w3.org/2000/svg"><rect width="{width}" height="8" rx="4" '
            f'fill="#eaecf0"/><rect width="{frac * width:.1f}" height="8" rx="4" '
            f'fill="{color}"/></svg>')
