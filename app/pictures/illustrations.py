"""Pictures as pages show them: credits and licences, sizes, and responsive variants."""

from collections.abc import Sequence
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from pydantic import Field, HttpUrl

from app import urls
from app.pictures.images import check_raster, check_svg, is_raster, variants
from app.questionnaires.model import Questionnaire, Strict
from app.survey import helping

CREDITS_FILE = "credits.yaml"


class Credit(Strict):
    files: str = Field(description="a pattern of files inside illustrations/")
    title: str
    author: str
    source: HttpUrl | str
    licence: str
    licence_url: HttpUrl | None = None
    changes: str = ""


class CreditsFile(Strict):
    credits: list[Credit] = Field(min_length=1)


def credit_for(credits: list[Credit], file: str) -> Credit | None:
    return next((credit for credit in credits if fnmatch(file, credit.files)), None)


@dataclass(frozen=True)
class Picture:
    """What an <img> needs: never the original of a photo, always width and height."""

    src: str
    width: int
    height: int
    srcset: str = ""


DISPLAY_WIDTH = 320  # CSS pixels a picture takes at most; variants cover 1x to 3x screens


class Pictures:
    """Every picture the questionnaires use, ready to show. Raster pictures get their
    resized, metadata-free WebP variants made here if they are not there yet."""

    def __init__(
        self,
        questionnaires: list[Questionnaire],
        credits: list[Credit],
        illustrations_dir: Path,
        built_dir: Path,
        earlier: Sequence[Questionnaire] = (),
    ) -> None:
        """`earlier`: versions published before, whose pictures are shown while their files
        are still in the folder (a response started in one is answered in it)."""
        self._pictures: dict[str, Picture] = {}
        self._svgs: dict[str, Path] = {}  # the checked SVGs pages use, served as they are
        files = [
            page.illustration.file
            for questionnaire in questionnaires
            for page in questionnaire.pages
            if page.illustration
        ] + [
            page.illustration.file
            for questionnaire in earlier
            for page in questionnaire.pages
            if page.illustration and (illustrations_dir / page.illustration.file).is_file()
        ]
        files += [q.guide.file for q in questionnaires if q.guide is not None]
        if any(questionnaire.ask_helper for questionnaire in questionnaires):
            files.extend(helper.picture for helper in helping.HELPERS)
        for file in files:
            if file not in self._pictures:
                source = illustrations_dir / file
                self._pictures[file] = self._prepare(source, file, built_dir)
                if not is_raster(source):
                    self._svgs[file] = source
        used: dict[int, tuple[Credit, int]] = {}
        for file in self._pictures:
            credit = credit_for(credits, file)
            if credit is not None:
                count = used.get(id(credit), (credit, 0))[1]
                used[id(credit)] = (credit, count + 1)
        self.credits: list[tuple[Credit, int]] = list(used.values())

    def get(self, file: str) -> Picture:
        return self._pictures[file]

    def find(self, file: str) -> Picture | None:
        """A picture, or None for one of an earlier version whose file is gone."""
        return self._pictures.get(file)

    def served_svg(self, file: str) -> Path | None:
        """The file behind /illustrations/<file>: only a checked SVG that a page uses. Never an
        original photo (its variants are built without metadata), nor anything else there."""
        return self._svgs.get(file)

    def __len__(self) -> int:
        return len(self._pictures)

    @staticmethod
    def _prepare(source: Path, file: str, built_dir: Path) -> Picture:
        if not is_raster(source):
            width, height = check_svg(source)
            return Picture(src=urls.illustration(file), width=width, height=height)
        made = variants(source, built_dir)
        largest = made[-1]
        shown = min(DISPLAY_WIDTH, largest.width)
        return Picture(
            src=urls.image(made[min(1, len(made) - 1)].path.name),
            width=shown,
            height=round(largest.height * shown / largest.width),
            srcset=", ".join(f"{urls.image(v.path.name)} {v.width}w" for v in made),
        )


def check_picture(source: Path) -> None:
    """Raise ImageRejected if the picture cannot be shown safely."""
    if is_raster(source):
        check_raster(source)
    else:
        check_svg(source)
