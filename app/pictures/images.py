"""Pictures owners supply: checked, stripped of metadata, resized, and never trusted.

Raster pictures (PNG, JPEG, WebP) are only ever shown through variants made here: re-encoded
from their pixels as WebP, so nothing of the original file (EXIF, GPS position of a real home,
camera serial numbers) reaches a browser. SVG drawings are shown as they are, through <img>
only, and refused if they hold scripts, event handlers or references to anything outside.
"""

from __future__ import annotations

import hashlib
import io
import re
import tempfile
import warnings
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

MAX_FILE_BYTES = 15 * 1024 * 1024
MAX_UPLOAD_BYTES = MAX_FILE_BYTES + 100_000  # a picture uploaded, and the form around it
MAX_PIXELS = 40_000_000  # a 40-megapixel photo is fine; a "decompression bomb" is not
WIDTHS = (320, 640, 960)  # CSS pictures are at most ~320 px wide: 1x, 2x, 3x screens
RASTER_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp"}
WEBP_QUALITY = 78

_FORBIDDEN_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "audio", "video"}
_OUTSIDE_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)


class ImageRejected(Exception):
    """A picture that will not be shown, with the reason in words for its owner."""


@dataclass(frozen=True)
class Variant:
    path: Path
    width: int
    height: int


def is_raster(path: Path) -> bool:
    return path.suffix.lower() in RASTER_SUFFIXES


def variants(source: Path, out_dir: Path) -> list[Variant]:
    """The resized WebP copies of a raster picture, made now if they are not there yet."""
    from PIL import Image  # Pillow is loaded by the first raster picture, not as a server starts

    data = _read_limited(source)
    digest = hashlib.sha256(data).hexdigest()[:10]
    with _opened(source) as image:
        width, height = image.size
        wanted = sorted({min(w, width) for w in WIDTHS})
        made = []
        for target in wanted:
            size = (target, max(1, round(height * target / width)))
            path = out_dir / f"{source.stem}-{digest}-{target}.webp"
            if not path.exists():
                out_dir.mkdir(parents=True, exist_ok=True)
                copy = _pixels_only(image).resize(size, Image.Resampling.LANCZOS)
                partial = path.with_suffix(".part")
                copy.save(partial, "WEBP", quality=WEBP_QUALITY, method=6)
                partial.replace(path)
            made.append(Variant(path=path, width=size[0], height=size[1]))
    return made


def check_raster(source: Path) -> tuple[int, int]:
    """Width and height of a picture that can be used, or ImageRejected saying why not."""
    _read_limited(source)
    with _opened(source) as image:
        width, height = image.size
        return width, height


def check_svg(source: Path) -> tuple[int, int]:
    """Width and height of a safe SVG drawing, or ImageRejected saying what is unsafe."""
    text = _read_limited(source).decode("utf-8", errors="replace")
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise ImageRejected("SVG-filen har DOCTYPE eller ENTITY; lagre den som ren SVG.")
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        raise ImageRejected(f"SVG-filen kan ikke leses ({error}).") from None
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1].lower()
        if name in _FORBIDDEN_ELEMENTS:
            raise ImageRejected(f"SVG-filen har et <{name}>-element; det er ikke tillatt.")
        for attribute, value in element.attrib.items():
            local = attribute.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                raise ImageRejected(f"SVG-filen har et {local}-attributt (skript); fjern det.")
            if local == "href" and not value.startswith("#"):
                raise ImageRejected(f"SVG-filen viser til noe utenfor seg selv ({value[:40]}).")
            if _OUTSIDE_URL.search(value):
                raise ImageRejected("SVG-filen henter noe utenfra med url(...); fjern det.")
    styles = "".join(root.itertext())
    if _OUTSIDE_URL.search(styles) or "@import" in styles:
        raise ImageRejected("SVG-filen henter noe utenfra i stilarket sitt; fjern det.")
    return _svg_size(root)


def _svg_size(root: ElementTree.Element) -> tuple[int, int]:
    box = root.get("viewBox", "").replace(",", " ").split()
    if len(box) == 4:
        return round(float(box[2])), round(float(box[3]))
    try:
        return int(float(root.get("width", "0"))), int(float(root.get("height", "0")))
    except ValueError:
        return 0, 0


def _read_limited(source: Path) -> bytes:
    size = source.stat().st_size
    if size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise ImageRejected(
            f"bildet er {size // (1024 * 1024)} MB; største tillatte er {limit} MB."
        )
    return source.read_bytes()


@contextmanager
def _opened(source: Path) -> Iterator[Image.Image]:
    """Open a picture with Pillow, refusing non-pictures and decompression bombs."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(source)
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ImageRejected(
                    f"bildet er {width}×{height} piksler; største tillatte er "
                    f"{MAX_PIXELS // 1_000_000} megapiksler."
                )
            if image.format not in {"PNG", "JPEG", "WEBP"}:
                raise ImageRejected(f"bildet er {image.format}; bruk PNG, JPEG, WebP eller SVG.")
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected(
            f"bildet er for stort (over {MAX_PIXELS // 1_000_000} megapiksler)."
        ) from None
    except UnidentifiedImageError:
        raise ImageRejected("filen er ikke et bilde (PNG, JPEG, WebP eller SVG).") from None
    except OSError as error:
        raise ImageRejected(f"bildet er skadet og kan ikke leses ({error}).") from None
    try:
        yield image
    finally:
        image.close()


def _pixels_only(image: Image.Image) -> Image.Image:
    """A new image made from the pixels alone: no EXIF, no GPS, no ICC or text chunks."""
    from PIL import Image, ImageOps

    upright = ImageOps.exif_transpose(image)  # keep the photo the right way up
    mode = "RGBA" if upright.mode in {"RGBA", "LA", "P"} else "RGB"
    converted = upright.convert(mode)
    clean = Image.new(mode, converted.size)
    clean.paste(converted)
    return clean


def compose_svgs(parts: list[Path], gap: int = 8) -> str:
    """Put drawings side by side in one SVG, for a question one symbol cannot show alone.

    Each part must be a safe SVG; its ids are prefixed so that the parts cannot clash.
    """
    ElementTree.register_namespace("", "http://www.w3.org/2000/svg")
    ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    pieces, x, height = [], 0, 0
    for number, part in enumerate(parts):
        width, part_height = check_svg(part)
        root = ElementTree.fromstring(part.read_text(encoding="utf-8"))
        prefix = f"p{number}-"
        for element in root.iter():
            if "id" in element.attrib:
                element.set("id", prefix + element.get("id", ""))
            for name, value in element.attrib.items():
                element.set(name, value.replace("url(#", f"url(#{prefix}"))
                if name.rsplit("}", 1)[-1] == "href" and value.startswith("#"):
                    element.set(name, f"#{prefix}{value[1:]}")
        root.set("x", str(x))
        root.set("width", str(width))
        root.set("height", str(part_height))
        pieces.append(ElementTree.tostring(root, encoding="unicode"))
        x += width + gap
        height = max(height, part_height)
    inner = "".join(pieces)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {x - gap} {height}">{inner}</svg>\n'
    )


UPLOAD_FORMATS = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp"}


def clean_upload(data: bytes, name: str) -> tuple[bytes, str]:
    """A picture an owner uploads, as it is kept: an SVG checked as safe, or a photo's pixels
    alone written again (no EXIF, no GPS position, no camera or editing data). Returns the
    bytes and the file ending; ImageRejected says why one cannot be used."""
    with tempfile.TemporaryDirectory(prefix="minstemme-bilde-") as work:
        source = Path(work) / ("opplastet.svg" if name.lower().endswith(".svg") else "opplastet")
        source.write_bytes(data[: MAX_FILE_BYTES + 1])
        if source.suffix == ".svg":
            check_svg(source)
            return data, ".svg"
        _read_limited(source)
        with _opened(source) as image:
            suffix = UPLOAD_FORMATS[str(image.format)]
            clean = _pixels_only(image)
            if suffix == ".jpg" and clean.mode != "RGB":
                clean = clean.convert("RGB")
            out = io.BytesIO()
            clean.save(out, str(image.format), **({"quality": 90} if suffix == ".jpg" else {}))
            return out.getvalue(), suffix
