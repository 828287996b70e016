"""Charts drawn on the server as inline SVG (no script, nothing fetched): the points of each field against
its maximum, and an agency's index over the rounds. Every text is escaped; sizes are in SVG user units."""

from __future__ import annotations

from html import escape

from compliance.web.text import num

_FONT = "font-family=\"inherit\" font-size=\"12\""


def field_bars(bars: list[dict], lang: str, title: str) -> str:
    """A horizontal bar per field: the grey bar is its maximum, the blue one the points it got, with
    "points / max" written beside it. ``bars``: ``[{id, name, points, max}]`` (points in points)."""
    width, label_w, row_h, top = 760, 300, 30, 34
    plot_w = width - label_w - 110
    scale = max((b["max"] for b in bars), default=1) or 1
    height = top + row_h * len(bars) + 10
    out = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
           f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}">',
           f'<title>{escape(title)}</title>',
           f'<text x="0" y="18" {_FONT} font-weight="bold">{escape(title)}</text>']
    for i, b in enumerate(bars):
        y = top + i * row_h
        name = f"{b['id']}. {b['name']}"
        short = name if len(name) <= 44 else name[:43] + "…"
        full_w = plot_w * b["max"] / scale
        got_w = plot_w * max(b["points"], 0) / scale
        share = b["points"] / b["max"] if b["max"] else 0
        colour = "#2f6fb3" if share >= 0.5 else "#c0504d"
        out += [f'<g><title>{escape(name)}: {num(b["points"], lang)} / {num(b["max"], lang)}</title>',
                f'<text x="0" y="{y + 15}" {_FONT}>{escape(short)}</text>',
                f'<rect x="{label_w}" y="{y + 3}" width="{full_w:.1f}" height="16" fill="#e3e7ec" rx="2"/>',
                f'<rect x="{label_w}" y="{y + 3}" width="{got_w:.1f}" height="16" fill="{colour}" rx="2"/>',
                f'<text x="{label_w + full_w + 6:.1f}" y="{y + 15}" {_FONT}>{num(b["points"], lang)} / '
                f'{num(b["max"], lang)}</text></g>']
    out.append("</svg>")
    return "\n".join(out)


def index_line(points: list[tuple[str, float]], lang: str, title: str) -> str:
    """An agency's index (%) per round, in round order, on a 0–100 scale. ``points``: ``[(round, index)]``."""
    width, height, left, right, top, bottom = 640, 260, 44, 20, 34, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(points)
    step = plot_w / max(n - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        x = left + (i * step if n > 1 else plot_w / 2)
        return x, top + plot_h * (1 - max(0.0, min(v, 100.0)) / 100)

    out = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
           f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}">',
           f'<title>{escape(title)}</title>',
           f'<text x="0" y="18" {_FONT} font-weight="bold">{escape(title)}</text>']
    for tick in (0, 25, 50, 75, 100):
        _, y = xy(0, tick)
        out += [f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#e3e7ec"/>',
                f'<text x="{left - 6}" y="{y + 4:.1f}" {_FONT} text-anchor="end">{tick}</text>']
    coords = [xy(i, v) for i, (_, v) in enumerate(points)]
    if n > 1:
        out.append('<polyline fill="none" stroke="#2f6fb3" stroke-width="2" points="'
                   + " ".join(f"{x:.1f},{y:.1f}" for x, y in coords) + '"/>')
    for (label, value), (x, y) in zip(points, coords):
        out += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#2f6fb3"><title>{escape(label)}: '
                f'{num(value, lang, 2)} %</title></circle>',
                f'<text x="{x:.1f}" y="{y - 9:.1f}" {_FONT} text-anchor="middle">{num(value, lang, 2)}</text>',
                f'<text x="{x:.1f}" y="{height - bottom + 18}" {_FONT} text-anchor="middle">{escape(label)}</text>']
    out.append("</svg>")
    return "\n".join(out)
