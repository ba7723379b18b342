"""Pictures: the Pillow pipeline, SVG safety, credits, and what the shipped survey uses."""

import gzip
import io
import re
import shutil
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from PIL import Image

from app import PROJECT_ROOT, urls
from app.config import Settings
from app.pictures.illustrations import credit_for
from app.pictures.images import ImageRejected, check_raster, check_svg, compose_svgs, variants
from app.questionnaires.catalog import Catalog, check_catalog
from app.web.app import create_app
from tests.support.entering import to_first_question

GPS_IFD = 0x8825


def photo_with_gps(path: Path, size: tuple[int, int] = (2000, 1500)) -> Path:
    image = Image.new("RGB", size, (200, 120, 40))
    exif = image.getexif()
    exif[0x010F] = "Kamera AS"  # Make
    exif[GPS_IFD] = {1: "N", 2: (62.0, 44.0, 0.0), 3: "E", 4: (7.0, 9.0, 0.0)}  # Molde
    image.save(path, "JPEG", exif=exif)
    assert Image.open(path).getexif().get_ifd(GPS_IFD)  # the test photo really has a position
    return path


def test_photos_become_webp_variants_without_metadata(tmp_path: Path) -> None:
    made = variants(photo_with_gps(tmp_path / "stue.jpg"), tmp_path / "built")
    assert [(v.width, v.height) for v in made] == [(320, 240), (640, 480), (960, 720)]
    for variant in made:
        data = variant.path.read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "WEBP"
            assert not image.getexif()
            assert not {"exif", "xmp", "icc_profile"} & set(image.info)
        assert b"Kamera AS" not in data and b"Exif" not in data
    again = variants(tmp_path / "stue.jpg", tmp_path / "built")
    assert [v.path for v in again] == [v.path for v in made]


def test_small_pictures_are_not_enlarged(tmp_path: Path) -> None:
    Image.new("RGB", (200, 100)).save(tmp_path / "liten.png")
    made = variants(tmp_path / "liten.png", tmp_path / "built")
    assert [(v.width, v.height) for v in made] == [(200, 100)]


def test_a_file_that_is_not_a_picture_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "bilde.png"
    fake.write_text("dette er ikke et bilde")
    with pytest.raises(ImageRejected, match="filen er ikke et bilde"):
        check_raster(fake)


def test_a_decompression_bomb_is_refused_before_it_is_decoded(tmp_path: Path) -> None:
    bomb = tmp_path / "bombe.png"
    Image.new("1", (10_000, 10_000)).save(bomb)  # 100 megapixels in a tiny file
    assert bomb.stat().st_size < 100_000
    with pytest.raises(ImageRejected, match="megapiksler"):
        check_raster(bomb)


def test_an_oversized_file_is_refused(tmp_path: Path) -> None:
    huge = tmp_path / "stor.jpg"
    huge.write_bytes(b"\xff\xd8" + b"\0" * (16 * 1024 * 1024))
    with pytest.raises(ImageRejected, match="største tillatte er 15 MB"):
        check_raster(huge)


@pytest.mark.parametrize(
    ("svg", "reason"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "<script>"),
        ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "onload"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
            '<image x:href="https://example.org/spor.png"/></svg>',
            "utenfor seg selv",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://a.b/c)"/></svg>',
            "url(",
        ),
        ('<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg"/>', "ENTITY"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>', "foreignobject"),
    ],
)
def test_unsafe_svg_is_refused(tmp_path: Path, svg: str, reason: str) -> None:
    path = tmp_path / "tegning.svg"
    path.write_text(svg)
    with pytest.raises(ImageRejected, match=reason.replace("(", r"\(")):
        check_svg(path)


def test_a_clean_svg_is_accepted_with_its_size(tmp_path: Path) -> None:
    path = tmp_path / "tegning.svg"
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 72 48">'
        '<defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="72" height="48"/></svg>'
    )
    assert check_svg(path) == (72, 48)


def test_every_shipped_picture_has_alt_text_a_licence_and_is_small(catalog: Catalog) -> None:
    # Residents' questionnaires have a picture on every page; the relatives' is a plain form.
    residents = [q for q in catalog.questionnaires.values() if q.audience == "resident"]
    assert residents
    for questionnaire in residents:
        for page in questionnaire.pages:
            assert page.illustration is not None, page.id
            file = page.illustration.file
            assert page.illustration.alt.strip(), page.id
            assert credit_for(catalog.credits, file) is not None, file
            data = (PROJECT_ROOT / "illustrations" / file).read_bytes()
            assert len(gzip.compress(data)) <= 60 * 1024, file


@pytest.fixture
def owner_folder(tmp_path: Path) -> tuple[Path, Path]:
    questions, pictures = tmp_path / "questions", tmp_path / "illustrations"
    shutil.copytree(PROJECT_ROOT / "questions", questions)
    shutil.copytree(PROJECT_ROOT / "illustrations", pictures)
    return questions, pictures


def use_picture(questions: Path, file: str, alt: str = "Stua") -> None:
    resident = questions / "beboer.yaml"
    text = resident.read_text().replace(
        '{file: openmoji/1F3E1.svg, alt: {nb: "Et hus med hage.", nn: "Eit hus med hage."}}',
        f'{{file: {file}, alt: "{alt}"}}',
    )
    resident.write_text(text)


def test_check_refuses_pictures_without_licence_or_that_are_unsafe(
    owner_folder: tuple[Path, Path],
) -> None:
    questions, pictures = owner_folder
    photo_with_gps(pictures / "stue.jpg")
    (pictures / "farlig.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onclick="x"/>')
    use_picture(questions, "stue.jpg")
    text = (questions / "beboer.yaml").read_text()
    text = text.replace("openmoji/1F3E0.svg", "farlig.svg")
    text = text.replace("openmoji/1F6CB.svg", "farlig.svg")
    (questions / "beboer.yaml").write_text(text)
    problems = [str(p) for p in check_catalog(questions, pictures).problems]
    assert any("«stue.jpg» har ingen kilde og lisens" in p for p in problems), problems
    assert any("«farlig.svg» kan ikke brukes: SVG-filen har et onclick" in p for p in problems)


def test_missing_alt_text_is_reported(owner_folder: tuple[Path, Path]) -> None:
    questions, pictures = owner_folder
    resident = questions / "beboer.yaml"
    resident.write_text(
        resident.read_text().replace(
            ', alt: {nb: "Et hus med hage.", nn: "Eit hus med hage."}', "", 1
        )
    )
    problems = [str(p) for p in check_catalog(questions, pictures).problems]
    assert any("mangler «alt»" in p for p in problems), problems


def with_a_photo(owner_folder: tuple[Path, Path], settings: Settings) -> FastAPI:
    """The app, after an owner put a phone photo (with GPS) on the first question."""
    questions, pictures = owner_folder
    photo_with_gps(pictures / "stue.jpg")
    with (pictures / "credits.yaml").open("a") as credits:
        credits.write(
            "  - files: stue.jpg\n    title: Stua\n    author: Kommunen\n"
            "    source: eget foto\n    licence: CC BY 4.0\n"
        )
    use_picture(questions, "stue.jpg")
    return create_app(
        settings.model_copy(update={"questions_dir": questions, "illustrations_dir": pictures})
    )


def test_pages_show_photos_only_as_clean_variants_with_srcset(
    owner_folder: tuple[Path, Path], settings: Settings
) -> None:
    app = with_a_photo(owner_folder, settings)
    with TestClient(app) as client:
        to_first_question(client)
        html = client.get("/s/beboer/side/hjem_trives").text
        assert 'alt="Stua" width="320" height="240"' in html
        assert 'srcset="/images/stue-' in html and " 960w" in html
        assert "/illustrations/stue.jpg" not in html
        shown = re.search(r'<img src="(/images/[^"]+)"', html)
        assert shown is not None
        image = client.get(shown.group(1))
        assert image.headers["content-type"] == "image/webp"
        assert len(image.content) <= 60 * 1024
        assert b"Exif" not in image.content


def test_credits_page(client: TestClient) -> None:
    page = client.get("/om-bildene")
    assert page.status_code == 200
    assert "OpenMoji 17.0.0" in page.text
    assert 'href="https://creativecommons.org/licenses/by-sa/4.0/">CC BY-SA 4.0</a>' in page.text
    assert "<dd>48</dd>" in page.text  # OpenMoji symbols used as they are
    assert "OpenMoji 17.0.0, satt sammen" in page.text
    assert "<dd>6</dd>" in page.text  # two symbols side by side


def test_two_symbols_composed_into_one_safe_picture(tmp_path: Path) -> None:
    parts = [
        PROJECT_ROOT / "illustrations/openmoji/1F319.svg",
        PROJECT_ROOT / "illustrations/openmoji/1F6E1.svg",
    ]
    composed = tmp_path / "natt-trygg.svg"
    composed.write_text(compose_svgs(parts))
    assert check_svg(composed) == (152, 72)
    text = composed.read_text()
    assert 'id="p0-emoji"' in text and 'id="p1-emoji"' in text
    assert text.count("<svg") == 3


def test_only_checked_pictures_in_use_are_served(
    owner_folder: tuple[Path, Path], settings: Settings
) -> None:
    """An owner's original photo (with GPS), the credits file and a picture no page uses are
    never served: only the SVGs the questionnaires use, checked, and the built variants."""
    (owner_folder[1] / "ubrukt.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    app = with_a_photo(owner_folder, settings)
    with TestClient(app) as client:
        for hidden in ("stue.jpg", "credits.yaml", "ubrukt.svg", "openmoji/CREDITS.md", "../x"):
            answer = client.get(f"/illustrations/{hidden}")
            assert answer.status_code == 404, hidden
            assert b"Exif" not in answer.content and b"licence" not in answer.content
        used = client.get("/illustrations/openmoji/1F3E0.svg")
        assert used.status_code == 200
        assert used.headers["content-type"] == "image/svg+xml"
        assert "max-age" in used.headers["cache-control"]


def test_credits_page_in_the_language_chosen(client: TestClient) -> None:
    client.post(urls.LANGUAGE, data={"sprak": "nn", "tilbake": "/"})
    page = client.get(urls.PICTURE_CREDITS).text
    assert '<html lang="nn">' in page and "<h1" in page and ">Om bileta</h1>" in page
    assert "<dt>Laga av</dt>" in page and "<dt>Tal på bilete</dt>" in page
    client.post(urls.LANGUAGE, data={"sprak": "en", "tilbake": "/"})
    page = client.get(urls.PICTURE_CREDITS).text
    assert "<dt>Licence</dt>" in page and "To the front page" in page


def test_one_mistake_in_the_credits_is_one_message(owner_folder: tuple[Path, Path]) -> None:
    """A misspelt key in credits.yaml gave 79 messages: its own, and one for every picture
    ("har ingen kilde og lisens"). The file's own mistake is the message."""
    questions, pictures = owner_folder
    credits = pictures / "credits.yaml"
    credits.write_text(credits.read_text("utf-8").replace("    licence:", "    lisens:", 1))
    result = check_catalog(questions, pictures)
    named = [p.path.name for p in result.problems]
    assert set(named) == {"credits.yaml"} and len(named) <= 2, result.problems
