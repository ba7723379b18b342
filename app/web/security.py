"""Headers on every response: the browser itself refuses anything from outside this server,
keeps no copy of a page (pages show answers, codes and results; files that show none set
their own caching), and in production speaks only HTTPS. A request body larger than any form
is refused before it is read, and a form posted from another site is refused."""

from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.web.errors import SentFromElsewhere, TooMuchSent

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'self'; "
    "script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cache-Control": "no-store",
}
HTTPS_ONLY = {"Strict-Transport-Security": "max-age=31536000"}


def headers_for(production: bool) -> dict[str, str]:
    return HEADERS | HTTPS_ONLY if production else HEADERS


class SecurityHeaders:
    """Plain ASGI middleware (cheaper than BaseHTTPMiddleware on every page)."""

    def __init__(self, app: ASGIApp, production: bool = False) -> None:
        self.app = app
        self.headers = headers_for(production)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """A body larger than `max_bytes` ends in TooMuchSent (a 413 page) as soon as a route
    reads it: by its declared length before a byte is read, or as the bytes arrive."""

    def __init__(self, app: ASGIApp, max_bytes: int, uploads: tuple[str, int] = ("", 0)) -> None:
        """`uploads`: where pictures are uploaded (an address's start) and how large they may
        be there."""
        self.app = app
        self.max_bytes = max_bytes
        self.uploads = uploads

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        prefix, upload_bytes = self.uploads
        uploading = bool(prefix) and str(scope.get("path", "")).startswith(prefix)
        limit = upload_bytes if uploading else self.max_bytes
        declared = Headers(scope=scope).get("content-length", "")
        too_long = declared.isdigit() and int(declared) > limit
        received = 0

        async def receive_within_limit() -> Message:
            # Raised inside the route, so the app's error pages show it.
            nonlocal received
            if too_long:
                raise TooMuchSent()
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise TooMuchSent()
            return message

        await self.app(scope, receive_within_limit, send)


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def refuse_other_sites(request: Request) -> None:
    """A form posted from another site is refused (403). Another site's page could otherwise
    post its own resume code to /fortsett, or start a tablet in its own round, and the tablet
    would answer into a response the attacker can read. Every form here is posted from this
    site, and printed links are opened, not posted, so no one else is refused. The browser
    says where a request comes from (Sec-Fetch-Site; older ones, such as an iPad's Safari before
    16.4, only Origin: compared with the address asked, and with MINSTEMME_PUBLIC_URL for a proxy
    that asks under another name); a request that says neither comes from no browser, so from
    no victim."""
    if request.method in SAFE_METHODS:
        return
    fetched_from = request.headers.get("sec-fetch-site")
    if fetched_from is not None:
        if fetched_from not in ("same-origin", "none"):
            raise SentFromElsewhere()
        return
    origin = request.headers.get("origin")
    if origin is None:
        return
    public = urlsplit(request.app.state.services.settings.public_url).netloc
    if urlsplit(origin).netloc not in (request.headers.get("host"), public):
        raise SentFromElsewhere()


class HeadAsGet:
    """HEAD answered as GET without the body (FastAPI routes answer only the methods they
    name, so a link checker's or mail scanner's HEAD of a round's link got 405)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)
