"""Draw the installed app's PNG icons (192 and 512 px) into static/icons/.

Chromium wants raster icons of those sizes to offer "Install"; these are the same
shapes as static/favicon.svg and static/favicon-plain.svg (the discreet one), drawn
with the standard library only, so no image package is needed. The PNGs are committed;
run `manage.py draw_icons` again only if the favicons' shapes change.
"""

import itertools
import struct
import zlib
from math import hypot
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

# Shapes in the favicons' 32x32 units: (rounded rectangles, polylines), colours as RGB.
TEAL, GREY, WHITE = (0x2F, 0x5D, 0x62), (0x6B, 0x72, 0x80), (0xFF, 0xFF, 0xFF)
ICONS = {
    # static/favicon.svg: a teal tile with three steps going up.
    "stepwise": (
        [((0, 0, 32, 32), 7, TEAL)],
        [([(7, 24), (13, 24), (13, 19), (19, 19), (19, 14), (25, 14), (25, 9)], 3, WHITE)],
    ),
    # static/favicon-plain.svg: a grey page with lines, like any notes app.
    "plain": (
        [((5, 3, 22, 26), 3, GREY)],
        [
            ([(10, 11), (22, 11)], 2.5, WHITE),
            ([(10, 16), (22, 16)], 2.5, WHITE),
            ([(10, 21), (18, 21)], 2.5, WHITE),
        ],
    ),
}
SIZES = (192, 512)


def _in_rounded_rect(x, y, rect, radius) -> bool:
    left, top, width, height = rect
    right, bottom = left + width, top + height
    if not (left <= x <= right and top <= y <= bottom):
        return False
    cx = min(max(x, left + radius), right - radius)
    cy = min(max(y, top + radius), bottom - radius)
    return hypot(x - cx, y - cy) <= radius


def _near_segment(x, y, a, b, half_width) -> bool:
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    return hypot(x - (ax + t * dx), y - (ay + t * dy)) <= half_width


def _colour_at(x, y, shapes) -> tuple[int, int, int, int]:
    """The colour at one point: lines over tiles over nothing (round caps and joins)."""
    rects, lines = shapes
    for points, width, colour in lines:
        if any(_near_segment(x, y, a, b, width / 2) for a, b in itertools.pairwise(points)):
            return (*colour, 255)
    for rect, radius, colour in rects:
        if _in_rounded_rect(x, y, rect, radius):
            return (*colour, 255)
    return (0, 0, 0, 0)


def draw(shapes, size: int, samples: int = 3) -> bytes:
    """RGBA rows, each point averaged over samples x samples for smooth edges."""
    scale, rows = 32 / size, bytearray()
    offsets = [(i + 0.5) / samples for i in range(samples)]
    for py in range(size):
        rows.append(0)  # PNG filter type 0 for this row
        for px in range(size):
            total = [0, 0, 0, 0]
            for oy in offsets:
                for ox in offsets:
                    r, g, b, a = _colour_at((px + ox) * scale, (py + oy) * scale, shapes)
                    total[0] += r * a
                    total[1] += g * a
                    total[2] += b * a
                    total[3] += a
            alpha = total[3]
            if alpha:
                rows.extend(round(c / alpha) for c in total[:3])
            else:
                rows.extend((0, 0, 0))
            rows.append(round(alpha / samples**2))
    return bytes(rows)


def png(rgba_rows: bytes, size: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rgba_rows, 9))
        + chunk(b"IEND", b"")
    )


class Command(BaseCommand):
    help = "Draw the app's PNG icons (192 and 512 px, normal and plain) into static/icons/."

    def handle(self, *args, **options):
        folder = Path(settings.BASE_DIR) / "static" / "icons"
        folder.mkdir(exist_ok=True)
        for name, shapes in ICONS.items():
            for size in SIZES:
                path = folder / f"{name}-{size}.png"
                path.write_bytes(png(draw(shapes, size), size))
                self.stdout.write(f"{path.relative_to(settings.BASE_DIR)}")
