"""Thin routes, one module per area of the product."""

from fastapi import APIRouter

from app.web.routes import (
    actions,
    analysis,
    audio,
    auth,
    editor,
    erasure,
    exports,
    front,
    groups,
    helper,
    homes,
    logbook,
    meeting,
    owner,
    pictures,
    preview,
    recordings,
    retention,
    rounds,
    scales,
    studio,
    summary,
    survey,
    trial,
)

# Every router, in the order the app includes them.
ROUTERS: tuple[APIRouter, ...] = (
    front.router,
    survey.router,
    helper.router,
    summary.router,
    rounds.router,
    trial.router,
    audio.router,
    pictures.router,
    auth.router,
    analysis.router,
    groups.router,
    actions.router,
    meeting.router,
    exports.router,
    owner.router,
    homes.router,
    logbook.router,
    erasure.router,
    retention.router,
    preview.router,
    studio.router,
    scales.router,  # before the editor: its addresses are under /analyse/studio/ too
    editor.router,
    recordings.router,
)
