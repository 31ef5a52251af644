#!/usr/bin/env python3
"""Draws bench/end-to-end.sh figures (KCIS_BENCH_DATA lines) as an SVG image, with no library.

Usage: bench/plot.py DATA OUT.svg

Two panels, log-log: wall time against objects (at the node count most sizes share) and against
nodes (at the object count most sizes share); each point is the median of the runs, with a bar
from the fastest to the slowest run. One line per report format.
"""
import math
import sys
from collections import Counter, defaultdict

WIDTH, HEIGHT = 880, 400
PANEL_W, PANEL_H = 340, 270
COLORS = {"json": "#1f77b4", "table": "#d62728"}


def read(path):
    rows = []
    with open(path) as data:
        for line in data:
            if not line.strip():
                continue
            nodes, objects, fmt, median, low, high, rss = line.split("\t")
            rows.append((int(nodes), int(objects), fmt, float(median), float(low), float(high),
                         int(rss)))
    return rows


def ticks(low, high):
    out = []
    exponent = math.floor(math.log10(low))
    while 10 ** exponent <= high * 1.0001:
        for step in (1, 2, 5):
            value = step * 10 ** exponent
            if low / 1.0001 <= value <= high * 1.0001:
                out.append(value)
        exponent += 1
    return out


def label(value):
    if value >= 1000:
        return f"{value / 1000:g}k" if value < 1_000_000 else f"{value / 1_000_000:g}M"
    return f"{value:g}"


def panel(svg, x0, y0, title, xlabel, series):
    xs = [x for points in series.values() for x, *_ in points]
    ys = [y for points in series.values() for _, _, y, _ in points] + \
         [y for points in series.values() for _, y, _, _ in points] + \
         [y for points in series.values() for *_, y in points]
    if not xs:
        return
    xmin, xmax = min(xs) / 1.5, max(xs) * 1.5
    ymin, ymax = min(ys) / 1.5, max(ys) * 1.5

    def px(x):
        return x0 + (math.log10(x) - math.log10(xmin)) / (math.log10(xmax) - math.log10(xmin)) * PANEL_W

    def py(y):
        return y0 + PANEL_H - (math.log10(y) - math.log10(ymin)) / (math.log10(ymax) - math.log10(ymin)) * PANEL_H

    svg.append(f'<text x="{x0 + PANEL_W / 2}" y="{y0 - 12}" text-anchor="middle" '
               f'font-weight="bold">{title}</text>')
    svg.append(f'<rect x="{x0}" y="{y0}" width="{PANEL_W}" height="{PANEL_H}" fill="none" '
               f'stroke="#444"/>')
    for t in ticks(ymin, ymax):
        svg.append(f'<line x1="{x0}" x2="{x0 + PANEL_W}" y1="{py(t):.1f}" y2="{py(t):.1f}" '
                   f'stroke="#ddd"/>')
        svg.append(f'<text x="{x0 - 6}" y="{py(t) + 4:.1f}" text-anchor="end">{label(t)}</text>')
    for t in sorted(set(xs)):
        svg.append(f'<line x1="{px(t):.1f}" x2="{px(t):.1f}" y1="{y0}" y2="{y0 + PANEL_H}" '
                   f'stroke="#eee"/>')
        svg.append(f'<text x="{px(t):.1f}" y="{y0 + PANEL_H + 16}" '
                   f'text-anchor="middle">{label(t)}</text>')
    svg.append(f'<text x="{x0 + PANEL_W / 2}" y="{y0 + PANEL_H + 36}" '
               f'text-anchor="middle">{xlabel}</text>')
    svg.append(f'<text x="{x0 - 44}" y="{y0 + PANEL_H / 2}" text-anchor="middle" '
               f'transform="rotate(-90 {x0 - 44} {y0 + PANEL_H / 2})">wall time, s (median, '
               f'min-max)</text>')
    for n, (fmt, points) in enumerate(sorted(series.items())):
        color = COLORS.get(fmt, "#2ca02c")
        points.sort()
        path = " ".join(f"{px(x):.1f},{py(m):.1f}" for x, _, m, _ in points)
        svg.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
        for x, low, m, high in points:
            svg.append(f'<line x1="{px(x):.1f}" x2="{px(x):.1f}" y1="{py(low):.1f}" '
                       f'y2="{py(high):.1f}" stroke="{color}"/>')
            svg.append(f'<circle cx="{px(x):.1f}" cy="{py(m):.1f}" r="3.5" fill="{color}"/>')
        svg.append(f'<text x="{x0 + 10}" y="{y0 + 18 + 16 * n}" fill="{color}">'
                   f'--format {fmt}</text>')


def main():
    rows = read(sys.argv[1])
    node_counts = Counter(r[0] for r in rows)
    object_counts = Counter(r[1] for r in rows)
    fixed_nodes = node_counts.most_common(1)[0][0]
    fixed_objects = object_counts.most_common(1)[0][0]
    by_objects = defaultdict(list)
    by_nodes = defaultdict(list)
    for nodes, objects, fmt, median, low, high, _ in rows:
        if nodes == fixed_nodes:
            by_objects[fmt].append((objects, low, median, high))
        if objects == fixed_objects:
            by_nodes[fmt].append((nodes, low, median, high))
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>']
    panel(svg, 80, 50, f"bin/kcis eval, {fixed_nodes} nodes", "API objects", by_objects)
    panel(svg, 80 + PANEL_W + 100, 50, f"bin/kcis eval, {label(fixed_objects)} objects", "nodes",
          by_nodes)
    svg.append("</svg>")
    with open(sys.argv[2], "w") as out:
        out.write("\n".join(svg) + "\n")


if __name__ == "__main__":
    main()
