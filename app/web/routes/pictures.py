"""The pictures pages show: checked SVGs by name. Photos are shown only as their built WebP
variants (under /images); nothing else in the illustrations folder is ever served."""

from fastapi import APIRouter
from fastapi.responses import FileResponse

from app import urls
from app.web.deps import RespondentServicesDep
from app.web.errors import NotFound

router = APIRouter(prefix=urls.ILLUSTRATIONS, tags=["pictures"])
A_DAY = "public, max-age=86400"  # an owner may change a picture; a day is short enough


@router.get("/{file:path}")
async def illustration(file: str, services: RespondentServicesDep) -> FileResponse:
    path = services.pictures.served_svg(file)
    if path is None:
        raise NotFound()
    return FileResponse(path, media_type="image/svg+xml", headers={"Cache-Control": A_DAY})
