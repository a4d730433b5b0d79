"""“Run a workshop”: the address phones will use, then the scenario the room will play, a room
that was cut short to resume, or an ended room's debrief to reopen.

The address row is the network pre-flight: it shows the address the join QR code will give,
with its interface's name, and Enter moves to the next of this machine's addresses (those
that look like a VPN or a virtual network say so: phones on the room's Wi-Fi cannot reach
them). Once the room runs, the projector fetches its own phone page from that address.
"""
from __future__ import annotations

from typing import Any

import pygame

from .._chrome import backdrop, header, header_height, hint_height, hints
from .._scene import Scene
from .._ui import ScrollView, Target, clipped

TITLE = "Run a workshop"
SUBTITLE = ("The room talks to one client together: everyone votes from their phone on this network, "
            "and you lead the discussion. Pick the client.")
MAX_RESUMABLE = 3
MAX_ENDED = 3


class WorkshopSetupScene(Scene):
    name = "workshop-setup"
    back_to = "title"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.view = ScrollView()
        self.items: list[tuple[str, str, str, Any]] = []  # (id, label, detail, payload)

    def enter(self, **params: Any) -> None:
        super().enter()
        self.items = []
        store = getattr(getattr(self.app, "recorder", None), "store", None)
        library = self.app.library
        self._addresses()
        if store is not None:
            try:
                rooms = store.rooms(open_only=True)
            except Exception:  # storage trouble must not hide the scenario list
                rooms = []
            for room in rooms[:MAX_RESUMABLE]:
                entry = library.by_id(room.scenario_id)
                if entry is not None and entry.content_hash == room.scenario_hash:
                    self.items.append((f"resume:{room.code}", f"Resume room {room.code}: {entry.title}",
                                       f"started {room.created_at[:16].replace('T', ' ')}", (entry, room.code)))
            try:
                ended = [r for r in store.rooms() if r.closed_at is not None][:MAX_ENDED]
            except Exception:
                ended = []
            for room in ended:
                entry = library.by_id(room.scenario_id)
                if entry is not None and entry.content_hash == room.scenario_hash:
                    self.items.append((f"review:{room.code}", f"Debrief of room {room.code}: {entry.title}",
                                       f"ended {room.closed_at[:16].replace('T', ' ')} · the group debrief, the "
                                       "report, and phones' summaries again", (entry, room.code)))
        for i, e in enumerate(library.entries):
            if e.ok and e.info is not None:
                detail = e.info.client_name + (f" — {e.info.client_about}" if e.info.client_about else "")
                self.items.append((f"play:{i}", e.title, detail, e))
        # The first scenario (or room to resume) has the focus; the address row is above it.
        self.focus = next((i[0] for i in self.items if i[0] != "address"), None)

    def _addresses(self) -> None:
        """The address row: the one phones will be given, and how many there are to choose from."""
        from hrtraining.workshop import Interface, interfaces
        try:
            self.found = interfaces()
        except Exception:  # listing interfaces must never hide the scenarios
            self.found = []
        chosen = getattr(self.app, "workshop_advertise", None)
        # An address the leader gave (--advertise: a host name, a router's forwarded address)
        # is not one of this machine's interfaces, and is kept as its own row, never replaced:
        # the leader knows something about the room's network that the interface list cannot.
        given = getattr(self.app, "workshop_advertise_given", None)
        if chosen is not None and chosen not in [i.address for i in self.found]:
            given = chosen
        self.app.workshop_advertise_given = given
        if given is not None and given not in [i.address for i in self.found]:
            self.found.insert(0, Interface("given with --advertise", given, 0, False, False))
        if chosen is None or chosen not in [i.address for i in self.found]:
            good = [i for i in self.found if not i.vpn and not i.virtual]
            chosen = (good or self.found)[0].address if self.found else None
            self.app.workshop_advertise = chosen
        current = next((i for i in self.found if i.address == chosen), None)
        if current is None:
            label, detail = "Phones join at: this computer only (no network found)", \
                "Connect to the room's Wi-Fi, or start a phone hotspot and join it, then come back here."
        else:
            label = f"Phones join at: {current.label}"
            others = len(self.found) - 1
            detail = (f"Enter: use another of this computer's {others + 1} addresses. Pick the room's Wi-Fi; "
                      "a VPN's address cannot work." if others else
                      "The only address of this computer. Phones must be on the same network.")
        self.items.append(("address", label, detail, None))

    def _label(self, label: str, detail: str) -> str:
        return f"{label}\n{detail}" if detail else label

    def layout(self) -> None:
        ui, th = self.ui, self.app.theme
        top = th.margin + header_height(ui, TITLE, SUBTITLE, th.width - 2 * th.margin - 2 * th.pad) + th.gap
        bottom = th.height - hint_height(ui) - th.gap
        w = min(th.width - 2 * th.margin, th.px(980))
        self.card = pygame.Rect((th.width - w) // 2, top, w, bottom - top)
        view = self.card.inflate(-2 * th.pad, -2 * th.pad)
        view.w -= th.px(12)
        self.rows: list[tuple[str, int, int]] = []
        y = 0
        for tid, label, detail, _ in self.items:
            h = ui.button_height(self._label(label, detail), view.w, "small",
                                 primary=tid.startswith(("resume:", "address")))
            self.rows.append((tid, y, h))
            y += h + th.px(10)
        self.view.set(view, max(0, y - th.px(10)))
        self._place()

    def _place(self) -> None:
        targets = []
        for (tid, y, h), (_, label, detail, _) in zip(self.rows, self.items):
            r = pygame.Rect(self.view.view.x, self.view.y(y), self.view.view.w, h)
            if r.colliderect(self.view.view):
                targets.append(Target(tid, r, self._label(label, detail)))
        self.set_targets(targets)
        if self.focus is None and targets:
            self.focus = targets[0].id

    def move_focus(self, step: int) -> None:
        ids = [tid for tid, _, _ in self.rows]
        if not ids:
            return
        i = ids.index(self.focus) if self.focus in ids else -1
        self.focus = ids[(i + step) % len(ids)]
        _, y, h = self.rows[ids.index(self.focus)]
        self.view.show(y, y + h)
        self._place()

    def on_wheel(self, dy: int) -> bool:
        self.view.scroll(-dy * self.app.theme.px(60))
        self._place()
        return True

    def activate(self, target_id: str) -> None:
        advertise = getattr(self.app, "workshop_advertise", None)
        for tid, _, _, payload in self.items:
            if tid != target_id:
                continue
            if tid == "address":
                addresses = [i.address for i in self.found]
                if addresses:
                    now = addresses.index(advertise) if advertise in addresses else -1
                    self.app.workshop_advertise = addresses[(now + 1) % len(addresses)]
                focus = self.focus
                self.enter()
                self.focus = focus
                self.layout()
            elif tid.startswith("resume:"):
                entry, code = payload
                self.app.switch("workshop", entry=entry, resume=code, advertise=advertise)
            elif tid.startswith("review:"):
                entry, code = payload
                self.app.switch("workshop", entry=entry, review=code, advertise=advertise)
            else:
                self.app.switch("workshop", entry=payload, advertise=advertise)
            return

    def draw(self, surf: pygame.Surface) -> None:
        ui, pal = self.ui, self.ui.pal
        backdrop(ui, surf, "default")
        header(ui, surf, TITLE, SUBTITLE)
        ui.panel(surf, self.card)
        with clipped(surf, self.view.view):
            if not self.items:
                ui.para(surf, "No playable scenarios were found.", "body", pal.text, self.view.view)
            for t in self.targets:
                hover, focus = self.is_hot(t.id)
                ui.button(surf, t.rect, t.label, hover=hover, focus=focus, role="small", align="left",
                          primary=t.id.startswith(("resume:", "address")))
        self.view.draw_bar(surf, ui)
        hints(ui, surf, "↑↓ choose · Enter start the room · Esc back")
