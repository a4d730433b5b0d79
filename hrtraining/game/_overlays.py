"""Things drawn over any scene: the notice toast and the F3 debug overlay."""
from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

if TYPE_CHECKING:
    from ._app import App


def draw_notice(app: App, surf: pygame.Surface) -> None:
    """A short message at the bottom of the window (reloads, storage problems)."""
    ui, th = app.ui, app.theme
    w = min(th.width - 2 * th.margin, th.px(900))
    text_w = w - 2 * th.pad
    h = ui.measure(app.notice, "small", text_w) + 2 * th.px(14)
    rect = pygame.Rect((th.width - w) // 2, th.px(12), w, h)
    pal = ui.pal
    pygame.draw.rect(surf, pal.text, rect, border_radius=th.radius)
    pygame.draw.rect(surf, pal.focus, rect, th.px(2), border_radius=th.radius)
    bg = pal.panel[:3]
    ui.para(surf, app.notice, "small", bg, pygame.Rect(rect.x + th.pad, rect.y + th.px(14), text_w, h))


def debug_box(app: App) -> tuple[pygame.Rect, list[str]]:
    """Where the F3 overlay goes and its wrapped lines; pure, so tests ask it where it is drawn."""
    ui, th = app.ui, app.theme
    scene = app.manager.current
    lines = [f"scene: {scene.name if scene else '(fallback)'}   {th.width}x{th.height}   "
             f"text renders: {ui.text.renders}"]
    if scene is not None:
        try:
            lines += scene.debug_lines()
        except Exception as e:  # the overlay must never take the game down
            lines.append(f"(debug info failed: {e})")
    if ui.assets.missing:
        lines.append("missing art: " + ", ".join(sorted(ui.assets.missing)))
    font = ui.font("caption")
    lh = font.get_linesize()
    # Bottom-left, above the key hints, and not modal: authors keep playing with it open. The
    # top of the screen (title, the conversation's first lines) stays uncovered.
    w = min(th.width - 2 * th.gap, max(th.px(640), round(th.width * 0.62)))
    wrapped: list[str] = []
    from ._chrome import hint_height
    from ._text import wrap
    for ln in lines:
        wrapped += wrap(ln, font, w - 2 * th.gap)
    bottom = th.height - hint_height(ui) - th.px(8)
    h = min(lh * len(wrapped) + 2 * th.gap, bottom - th.gap, round(th.height * 0.5))
    return pygame.Rect(th.gap, bottom - h, w, h), wrapped


def draw_debug(app: App, surf: pygame.Surface) -> None:
    """F3: scene, node id, meters and the offered choices' scores, for authors (see ``debug_box``)."""
    ui, th = app.ui, app.theme
    rect, wrapped = debug_box(app)
    font = ui.font("caption")
    lh = font.get_linesize()
    box = pygame.Surface(rect.size, pygame.SRCALPHA)
    box.fill((0, 0, 0, 255))  # opaque: no text of the scene beneath ghosts through the figures
    surf.blit(box, rect.topleft)
    for i, ln in enumerate(wrapped):
        y = rect.y + th.gap + i * lh
        if y + lh > rect.bottom:
            break
        surf.blit(ui.text.line(ln, font, (255, 255, 160) if i == 0 else (255, 255, 255)), (rect.x + th.gap, y))
