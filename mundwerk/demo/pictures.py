"""Photos for the demo, drawn with Pillow when the demo loads, so no binaries live in git.

Each picture is a simple illustration (sky gradient, hills, a bike or a gear)
at 1200 x 800 pixels, returned as JPEG bytes.
"""

import io
import math
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1200, 800
RGB = tuple[int, int, int]


def _gradient(top: RGB, bottom: RGB, height: int = HEIGHT) -> Image.Image:
    """Return a vertical gradient from `top` to `bottom` covering the whole picture."""
    column = Image.new("RGB", (1, height))
    for y in range(height):
        t = y / max(1, height - 1)
        column.putpixel(
            (0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        )
    return column.resize((WIDTH, height))


def _hills(
    draw: ImageDraw.ImageDraw, base: int, amplitude: int, wave: float, phase: float, colour: RGB
) -> None:
    points = [(0, HEIGHT)]
    for x in range(0, WIDTH + 20, 20):
        y = (
            base
            - amplitude * math.sin(x / wave + phase)
            - amplitude / 3 * math.sin(x / (wave / 3) + 2 * phase)
        )
        points.append((x, round(y)))
    points.append((WIDTH, HEIGHT))
    draw.polygon(points, fill=colour)


def _wheel(
    draw: ImageDraw.ImageDraw, cx: int, cy: int, r: int, colour: RGB, width: int = 8
) -> None:
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=colour, width=width)
    for spoke in range(16):
        angle = spoke * math.pi / 8
        draw.line(
            (cx, cy, cx + r * math.cos(angle), cy + r * math.sin(angle)), fill=colour, width=2
        )
    draw.ellipse((cx - 10, cy - 10, cx + 10, cy + 10), fill=colour)


def _bike(draw: ImageDraw.ImageDraw, x: int, y: int, scale: float, colour: RGB) -> None:
    """Draw a diamond-frame bike with its rear axle at (x, y)."""

    def p(dx: float, dy: float) -> tuple[int, int]:
        return round(x + dx * scale), round(y + dy * scale)

    r = round(70 * scale)
    rear, front = p(0, 0), p(210, 0)
    crank, seat_top, head_top, head_low = p(85, 0), p(65, -115), p(185, -110), p(190, -85)
    _wheel(draw, *rear, r, colour, max(3, round(8 * scale)))
    _wheel(draw, *front, r, colour, max(3, round(8 * scale)))
    thick = max(3, round(9 * scale))
    for a, b in (
        (rear, crank), (rear, seat_top), (crank, seat_top), (seat_top, head_top),
        (crank, head_low), (head_low, front), (head_top, head_low),
    ):  # fmt: skip
        draw.line((*a, *b), fill=colour, width=thick)
    draw.line((*seat_top, *p(60, -135)), fill=colour, width=thick)
    draw.line((*p(40, -138), *p(85, -138)), fill=colour, width=thick)
    draw.line((*head_top, *p(180, -135)), fill=colour, width=thick)
    draw.line((*p(180, -135), *p(215, -140)), fill=colour, width=thick)
    draw.ellipse((*p(72, -13), *p(98, 13)), outline=colour, width=max(2, thick // 2))


def sunset_gravel() -> Image.Image:
    """A bike on a ridge against an orange evening sky."""
    picture = _gradient((48, 31, 84), (246, 160, 72))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((760, 430, 960, 630), fill=(255, 214, 120))
    _hills(draw, 610, 40, 180, 0.5, (92, 52, 78))
    _hills(draw, 680, 30, 140, 2.0, (52, 28, 52))
    _bike(draw, 300, 610, 1.4, (20, 12, 24))
    return picture


def mountain_pass() -> Image.Image:
    """Snow-capped mountains and a road winding up to the pass."""
    picture = _gradient((70, 130, 200), (200, 226, 245))
    draw = ImageDraw.Draw(picture)
    for left, peak, right, colour in (
        (-100, (250, 180), 600, (96, 110, 130)),
        (350, (700, 120), 1100, (80, 94, 116)),
        (800, (1050, 230), 1350, (104, 118, 140)),
    ):
        base = 620
        draw.polygon([(left, base), peak, (right, base)], fill=colour)
        cap = [(peak[0] - (peak[0] - left) * 0.22, peak[1] + (base - peak[1]) * 0.22), peak,
               (peak[0] + (right - peak[0]) * 0.22, peak[1] + (base - peak[1]) * 0.22)]  # fmt: skip
        draw.polygon(cap, fill=(245, 248, 252))
    draw.rectangle((0, 600, WIDTH, HEIGHT), fill=(84, 140, 72))
    # Discs along the curve instead of wide line segments, which leave spikes at the joints.
    for y in range(800, 430, -2):
        x = 600 + 260 * math.sin(y / 45)
        half = max(2, (y - 420) / 18)
        draw.ellipse((x - half, y - half, x + half, y + half), fill=(70, 70, 74))
    return picture


def sprocket() -> Image.Image:
    """A cassette sprocket and chain links on the workbench."""
    picture = _gradient((40, 44, 52), (18, 20, 24))
    draw = ImageDraw.Draw(picture)
    cx, cy = 600, 400
    for radius, teeth, shade in ((300, 42, 150), (250, 36, 175), (200, 28, 200), (150, 21, 220)):
        points = []
        for i in range(teeth * 2):
            angle = i * math.pi / teeth
            r = radius if i % 2 == 0 else radius - 22
            points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
        draw.polygon(points, fill=(shade, shade, shade + 8), outline=(30, 30, 34))
    draw.ellipse((cx - 70, cy - 70, cx + 70, cy + 70), fill=(60, 60, 66))
    for i in range(12):
        hx, hy = cx + 45 * math.cos(i * math.pi / 6), cy + 45 * math.sin(i * math.pi / 6)
        draw.ellipse((hx - 6, hy - 6, hx + 6, hy + 6), fill=(25, 25, 28))
    for i in range(14):
        x = 40 + i * 80
        draw.rounded_rectangle((x, 730, x + 96, 770), radius=18, outline=(190, 150, 70), width=8)
    return picture.filter(ImageFilter.SMOOTH)


def cargo_bike() -> Image.Image:
    """A cargo bike with its box in front of a house wall."""
    picture = _gradient((236, 226, 208), (214, 198, 176))
    draw = ImageDraw.Draw(picture)
    for row in range(0, 560, 40):
        offset = 0 if (row // 40) % 2 == 0 else 60
        for col in range(-60, WIDTH, 120):
            draw.rectangle((col + offset, row, col + offset + 116, row + 36), fill=(196, 120, 92))
    draw.rectangle((0, 560, WIDTH, HEIGHT), fill=(150, 150, 146))
    colour = (30, 90, 70)
    _wheel(draw, 300, 650, 85, (30, 30, 30))
    _wheel(draw, 960, 670, 65, (30, 30, 30))
    draw.rounded_rectangle((720, 470, 1040, 620), radius=16, fill=(30, 110, 150))
    draw.line((300, 650, 520, 650, 720, 610), fill=colour, width=14)
    draw.line((300, 650, 420, 480, 520, 650), fill=colour, width=14)
    draw.line((420, 480, 660, 470, 720, 610), fill=colour, width=14)
    draw.line((660, 470, 640, 390, 700, 380), fill=colour, width=12)
    draw.line((380, 450, 460, 450), fill=(40, 30, 24), width=16)
    for x in (790, 900):
        draw.ellipse((x - 32, 400, x + 32, 464), fill=(240, 200, 160))
        draw.pieslice(
            (x - 34, 396, x + 34, 450), 180, 360, fill=(200, 60, 60) if x == 790 else (240, 190, 40)
        )
    return picture


def lake_shore() -> Image.Image:
    """A lake with trees on the shore and a path in the morning light."""
    picture = _gradient((150, 196, 230), (240, 236, 210), height=HEIGHT)
    draw = ImageDraw.Draw(picture)
    _hills(draw, 420, 25, 220, 1.0, (110, 150, 120))
    draw.rectangle((0, 430, WIDTH, 620), fill=(80, 140, 180))
    for y in range(440, 620, 14):
        draw.line((100 + (y * 7) % 300, y, 400 + (y * 13) % 500, y), fill=(150, 196, 225), width=3)
    draw.rectangle((0, 620, WIDTH, HEIGHT), fill=(112, 160, 80))
    draw.polygon([(0, 800), (520, 640), (640, 640), (420, 800)], fill=(196, 170, 120))
    for x, h in ((860, 260), (960, 320), (1080, 280), (760, 200)):
        draw.rectangle((x - 8, 620 - 20, x + 8, 640), fill=(90, 60, 40))
        for level in range(3):
            top, spread = 620 - h + level * h // 4, 70 - level * 5
            foot = top + h // 2
            draw.polygon(
                [(x, top), (x - spread, foot), (x + spread, foot)], fill=(40, 100 + level * 15, 60)
            )
    _bike(draw, 180, 700, 0.8, (40, 40, 48))
    return picture


PICTURES: dict[str, tuple[Callable[[], Image.Image], str]] = {
    "abendrot": (sunset_gravel, "Gravelbike auf einem Hügel vor orangem Abendhimmel"),
    "pass": (mountain_pass, "Verschneite Berge, eine Straße windet sich zur Passhöhe"),
    "ritzel": (sprocket, "Ritzelpaket und Kettenglieder auf der Werkbank"),
    "lastenrad": (cargo_bike, "Lastenrad mit zwei Kindern in der Kiste vor einer Backsteinwand"),
    "see": (lake_shore, "Seeufer mit Tannen, einem Weg und einem abgestellten Fahrrad"),
}


def picture_jpeg(name: str) -> bytes:
    """Draw the picture called `name` and return it as JPEG bytes."""
    draw, _alt = PICTURES[name]
    out = io.BytesIO()
    draw().save(out, "JPEG", quality=88)
    return out.getvalue()


def picture_alt_text(name: str) -> str:
    return PICTURES[name][1]
