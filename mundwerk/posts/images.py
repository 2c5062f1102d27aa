"""Validate uploaded pictures by their content and re-encode them without metadata."""

import io
import uuid
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
THUMBNAIL_SIZE = (640, 640)
MAX_IMAGES_PER_POST = 6


@dataclass
class ProcessedImage:
    name: str
    full: ContentFile
    thumbnail: ContentFile
    width: int
    height: int
    alt_text: str = ""


def _encode(picture: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        picture.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    else:
        picture.save(out, "WEBP", quality=85)
    return out.getvalue()


def process_image(upload: UploadedFile) -> ProcessedImage:
    """Check `upload` is a picture within the limits; return it stripped, plus a thumbnail.

    Raises ValidationError with a message for the member otherwise. Re-encoding
    drops EXIF (GPS positions included) and any payload hidden after the data.
    """
    if upload.size is None or upload.size > settings.MAX_IMAGE_BYTES:
        raise ValidationError(
            _("%(name)s is larger than %(mb)d MB.")
            % {"name": upload.name, "mb": settings.MAX_IMAGE_BYTES // (1024 * 1024)}
        )
    data = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            fmt = probe.format
            width, height = probe.size
            if fmt not in ALLOWED_FORMATS:
                raise ValidationError(
                    _("%(name)s is not a JPEG, PNG, GIF or WebP picture.") % {"name": upload.name}
                )
            if width * height > settings.MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("%(name)s has too many pixels (at most %(mp)d megapixels).")
                    % {"name": upload.name, "mp": settings.MAX_IMAGE_PIXELS // 1_000_000}
                )
            probe.verify()
            picture: Image.Image = Image.open(io.BytesIO(data))
            picture.load()
            picture = ImageOps.exif_transpose(picture)
            if picture.mode not in ("RGB", "RGBA", "L", "LA"):
                picture = picture.convert(
                    "RGBA" if "A" in picture.getbands() or picture.mode == "P" else "RGB"
                )
            out_format = "JPEG" if fmt == "JPEG" else "WEBP"
            full = _encode(picture, out_format)
            small = picture.copy()
            small.thumbnail(THUMBNAIL_SIZE)
            thumb = _encode(small, out_format)
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("%(name)s is not a picture we can read.") % {"name": upload.name}
        ) from None
    except (
        OSError,
        SyntaxError,
        ValueError,
        TypeError,
        EOFError,
        MemoryError,
        IndexError,
        KeyError,
    ):
        raise ValidationError(
            _("%(name)s is damaged or not a picture.") % {"name": upload.name}
        ) from None
    extension = "jpg" if out_format == "JPEG" else "webp"
    # A random name: uploads are public files, and a guessable name would let
    # anyone find pictures by counting.
    name = f"{uuid.uuid4().hex}.{extension}"
    return ProcessedImage(
        name=name,
        full=ContentFile(full, name=name),
        thumbnail=ContentFile(thumb, name=name),
        width=picture.width,
        height=picture.height,
    )
