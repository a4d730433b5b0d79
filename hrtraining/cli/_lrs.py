"""``hrtraining lrs``: connect this computer to the agency's Learning Record Store.

    hrtraining lrs set URL --key KEY     asks for the secret; lrs.json in the config folder, 0600
    hrtraining lrs test                  reachable? an xAPI LRS? the credentials accepted?
    hrtraining lrs sync                  send the waiting statements now, and say how it went
    hrtraining lrs status                what is waiting, and why
    hrtraining lrs forget                remove the settings (statements stay in the outbox)

Every failure is one line on stderr (exit 1); the key and secret never appear in any output.
"""
from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any, Callable

from hrtraining.engine import printable


def register(sub: Any) -> None:
    lrs = sub.add_parser("lrs", help="send results to the agency's Learning Record Store (xAPI)",
                         description="Connect this computer to a Learning Record Store: results are sent as "
                                     "xAPI statements, kept on this computer until the LRS has them. See "
                                     "docs/xapi.md.")
    cmds = lrs.add_subparsers(dest="lrs_command", metavar="COMMAND")

    def data_dir(p: argparse.ArgumentParser) -> None:
        p.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                       help="folder of the progress file (default: $HRTRAINING_DATA_DIR, else the user data folder)")

    s = cmds.add_parser("set", help="set the LRS address and key (asks for the secret)",
                        description="Store the LRS's xAPI endpoint and Basic-auth key; the secret is asked for "
                                    "(or read from standard input when it is not a terminal). Written to lrs.json "
                                    "in the config folder, readable only by you.")
    s.add_argument("url", metavar="URL", help="the xAPI endpoint, e.g. https://lrs.example.org/xAPI/")
    s.add_argument("--key", required=True, help="the LRS key (Basic-auth user name)")
    s.add_argument("--home-page", metavar="URL",
                   help="the agency's home page, the homePage of every actor's account (default: the LRS's origin)")
    s.add_argument("--activity-base", metavar="IRI",
                   help="the IRI activity ids hang under (default: HOME_PAGE/hrtraining)")
    s.add_argument("--identify", choices=("pseudonym", "name"), default="pseudonym",
                   help="who the statements name: a stable random pseudonym per profile (default) or the "
                        "profile's name (only when the agency asks for it)")
    s.add_argument("--batch", type=int, default=50, help="statements per request (default 50)")
    s.set_defaults(func=_guarded(cmd_set))

    t = cmds.add_parser("test", help="check the connection, the xAPI version header and the credentials")
    t.set_defaults(func=_guarded(cmd_test))

    y = cmds.add_parser("sync", help="send the waiting statements now")
    y.add_argument("--retry-refused", action="store_true",
                   help="also send again the statements the LRS refused before")
    data_dir(y)
    y.set_defaults(func=_guarded(cmd_sync))

    st = cmds.add_parser("status", help="how many statements are waiting, and why")
    data_dir(st)
    st.set_defaults(func=_guarded(cmd_status))

    f = cmds.add_parser("forget", help="remove the LRS settings from this computer")
    f.set_defaults(func=_guarded(cmd_forget))
    lrs.set_defaults(func=lambda args: (lrs.print_help(), 2)[1])


def _guarded(handler: Callable[..., int]) -> Callable[..., int]:
    def run(args: argparse.Namespace, **kw: Any) -> int:
        from hrtraining.practice.xapi import LrsError, SettingsError
        from hrtraining.progress import StoreError

        try:
            return handler(args, **kw)
        except (SettingsError, StoreError, LrsError, OSError) as e:
            text = getattr(e, "message", None) or str(e)
            print(f"hrtraining lrs: {printable(text)}", file=sys.stderr)  # may quote the LRS's answer
            return 1
    run.__name__ = handler.__name__
    return run


def _settings(required: bool = True) -> Any:
    from hrtraining.practice.xapi import SettingsError, load_settings

    settings = load_settings()
    if settings is None and required:
        raise SettingsError("no LRS is set up: run `hrtraining lrs set URL --key KEY` (or set HRTRAINING_LRS_URL, "
                            "HRTRAINING_LRS_KEY and HRTRAINING_LRS_SECRET)")
    return settings


def _read_secret() -> str:
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass("LRS secret (not shown): ")
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.rstrip("\r\n")


def cmd_set(args: argparse.Namespace, *, read_secret: Callable[[], str] = _read_secret) -> int:
    from hrtraining.practice.xapi import LrsSettings, SettingsError, save_settings

    if not args.key.strip():
        raise SettingsError("--key must not be empty")
    secret = read_secret()
    if not secret:
        raise SettingsError("no secret given; nothing was saved")
    settings = LrsSettings(url=args.url, key=args.key.strip(), secret=secret, home_page=args.home_page or "",
                           activity_base=args.activity_base or "", identify=args.identify, batch=args.batch)
    path = save_settings(settings)
    print(f"Saved the LRS settings to {path} (readable only by you).")
    print(f"Statements go to {settings.shown_url}; activity ids under {settings.activity_base}; "
          f"actors on {settings.home_page}.")
    print("Check the connection with: hrtraining lrs test")
    return 0


def cmd_test(args: argparse.Namespace) -> int:
    """Reachable? An xAPI LRS? The credentials accepted? Each answered on its own line.

    GET /about comes first (it names the versions), but not every LRS serves it (Ralph 5.1 answers
    404) or sends the X-Experience-API-Version header the spec asks for. The test that decides is
    an authenticated GET statements?limit=1: an LRS must answer it with a page of statements, a
    wrong address cannot, and a 401/403 there is about the credentials, not the address.
    """
    from hrtraining.practice.xapi import LrsClient, LrsError

    settings = _settings()
    client = LrsClient(settings)
    print(f"LRS: {settings.shown_url} (settings from the {settings.origin})")
    version, versions = None, ""
    try:
        about = client.about()
    except LrsError as e:
        if e.kind in ("network", "tls", "timeout"):
            raise                       # nothing answered: the statements resource will not either
        about = None                    # no /about (404), or it wants credentials: ask statements
    if about is not None:
        version = about.version
        try:
            versions = ", ".join(map(str, about.json().get("version", [])))
        except Exception:
            pass
    try:
        answer = client.probe_statements()
    except LrsError as e:
        if e.kind == "forbidden":
            # The key and secret were recognised; this key may only write (enough for sending).
            _say_version(version, versions)
            print("Credentials accepted; this key may not read statements (fine for sending; "
                  "`hrtraining analyze --lrs` needs a key that can read).")
            return 0
        if e.kind == "auth":
            raise LrsError("auth", "The LRS refused the key and secret (401): the address is an LRS, the "
                                   "credentials are wrong. Set them again with `hrtraining lrs set URL --key KEY`.",
                           status=401) from None
        raise
    version = version or answer.version
    if version and not version.startswith("1.0"):
        print(f"hrtraining lrs: the LRS speaks xAPI {printable(version)}; hrtraining sends 1.0.3.", file=sys.stderr)
        return 1
    _say_version(version, versions)
    print("Credentials accepted (the key can read statements).")
    return 0


def _say_version(version: str | None, versions: str) -> None:
    """The version line; a missing header is a warning, not a failure: the statements resource
    answered as an LRS does, and hrtraining sends its own 1.0.3 header either way."""
    # Both come from the LRS's answer: shown escaped.
    version, versions = printable(version or ""), printable(versions)
    if version:
        print(f"Reachable: xAPI {version} (X-Experience-API-Version header)"
              + (f"; supports {versions}" if versions else ""))
        return
    print("Reachable: the statements resource answers as an xAPI LRS"
          + (f" (its /about names {versions})" if versions else ""))
    print("hrtraining lrs: warning: the LRS sends no X-Experience-API-Version header (xAPI 1.0.3 asks for "
          "it); statements are sent as 1.0.3 all the same.", file=sys.stderr)


def cmd_sync(args: argparse.Namespace) -> int:
    from hrtraining.practice.xapi import LrsClient, send_outbox
    from hrtraining.progress import Store

    settings = _settings()
    with Store.open(getattr(args, "data_dir", None)) as store:
        if args.retry_refused:
            again = store.outbox_retry_rejected()
            if again:
                print(f"Sending {again} refused statement{'s' if again != 1 else ''} again.")
        before = store.outbox_status().waiting
        if not before:
            print("Nothing is waiting: every statement has been sent.")
            return 0
        result = send_outbox(store, LrsClient(settings), batch=settings.batch, due_only=False)
        after = store.outbox_status()
    rate = result.sent / result.seconds if result.seconds > 0 else 0.0
    print(f"Sent {result.sent:,} statement{'s' if result.sent != 1 else ''} in {result.batches} "
          f"request{'s' if result.batches != 1 else ''} ({rate:,.0f} per second); {after.waiting:,} waiting.")
    if result.rejected:
        print(f"The LRS refused {result.rejected} statement{'s' if result.rejected != 1 else ''}: "
              "see hrtraining lrs status.")
    if result.error is not None:
        print(f"hrtraining lrs: {printable(result.error.message)}", file=sys.stderr)
        return 1
    return 1 if result.rejected else 0


def cmd_status(args: argparse.Namespace) -> int:
    from hrtraining.practice.xapi import SettingsError, status_lines
    from hrtraining.progress import Store

    problem = ""
    try:
        settings = _settings(required=False)
    except SettingsError as e:
        settings, problem = None, str(e)
    with Store.open(getattr(args, "data_dir", None)) as store:
        status = store.outbox_status()
        refused = store.outbox_rejected(10) if status.rejected else []
    for line in status_lines(status, settings, refused):  # refused statements quote the LRS's answers
        print(printable(line))
    if problem:
        print(f"The LRS settings cannot be used: {printable(problem)}")
    return 0


def cmd_forget(args: argparse.Namespace) -> int:
    from hrtraining.practice.xapi import forget_settings, settings_path

    if forget_settings():
        print(f"Removed {settings_path()}. Statements already waiting stay in the outbox.")
    else:
        print("No LRS settings were stored on this computer.")
    return 0
