"""``users``: accounts of the review database — ``add NAME --role ROLE [--email ADDRESS] [--no-password]``,
``passwd NAME``, ``list``, ``role NAME ROLE``, ``email NAME [ADDRESS]``, ``disable NAME``, ``enable NAME``.

Whoever runs this on the server with the database's credentials acts as the operator (like an
admin); the events name them as ``operator (OS user)``. Passwords are asked twice on the terminal
(never an argument, which other users could read in the process list) or read from one line of
standard input with ``--password-stdin`` (scripts).
"""

from __future__ import annotations

import argparse
import getpass
import sys

from review_app.cli.common import operator_store
from review_app.cli.options import DB_HELP, database
from review_app.errors import InputError
from review_app.store import Store, StoreError
from review_app.store.identities import clean_email
from review_app.vocab import ROLES


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``users`` subcommand."""
    parser = sub.add_parser("users", help="create, list, re-role and disable accounts of the review database")
    actions = parser.add_subparsers(dest="users_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="create an account (the first one should be an admin)")
    add.add_argument("name", help="account name (no spaces)")
    add.add_argument("--role", required=True, choices=ROLES, help="admin, reviewer or viewer")
    add.add_argument("--email", help="the e-mail a single sign-on links to this account (its first sign-in)")
    add.add_argument("--no-password", action="store_true",
                     help="no password: the account signs in only through single sign-on (with --email)")
    passwd = actions.add_parser("passwd", help="set an account's password (also unlocks it, ends its sessions)")
    passwd.add_argument("name")
    actions.add_parser("list", help="list the accounts")
    role = actions.add_parser("role", help="change an account's role (at once; the last active admin keeps it)")
    role.add_argument("name")
    role.add_argument("role", choices=ROLES, help="admin, reviewer or viewer")
    disable = actions.add_parser("disable", help="disable an account (ends its sessions; its history stays)")
    disable.add_argument("name")
    enable = actions.add_parser("enable", help="enable a disabled account again")
    enable.add_argument("name")
    email = actions.add_parser("email", help="set (or, without ADDRESS, remove) the e-mail single sign-on links")
    email.add_argument("name")
    email.add_argument("address", nargs="?", default="", help="the e-mail address (none: remove it)")
    for action in (add, passwd, role, disable, enable, email, actions.choices["list"]):
        action.add_argument("--db", type=database, help=DB_HELP)
        action.set_defaults(func=run)
    for action in (add, passwd):
        action.add_argument("--password-stdin", action="store_true",
                            help="read the password from the first line of standard input")


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise InputError("password", "no terminal to ask on: pass --password-stdin and pipe the password")
    first = getpass.getpass(f"Password for {args.name}: ")
    if getpass.getpass("Again: ") != first:
        raise InputError("password", "the two passwords differ")
    return first


def run(args: argparse.Namespace) -> int:
    """Carry out one action; refusals are one line on stderr and exit code 2."""
    store, operator = operator_store(args.db)
    try:
        if args.users_action == "list":
            _list(store)
        elif args.users_action == "add":
            address = clean_email(args.email)  # refused before the account is created
            password = None if args.no_password else _password(args)
            user = store.add_user(args.name, args.role, password=password, actor=operator)
            if address:
                store.set_email(user.name, address, actor=operator)
            print(f"created {user.role} {user.name} in {store.location}" + (f" ({address})" if address else ""))
        elif args.users_action == "email":
            store.set_email(args.name, args.address, actor=operator)
            print(f"e-mail of {args.name} " + (f"set to {args.address.strip().lower()}" if args.address.strip()
                                                else "removed"))
        elif args.users_action == "passwd":
            store.set_password(args.name, _password(args), actor=operator)
            print(f"password of {args.name} changed; its sessions ended")
        elif args.users_action == "role":
            changed = store.set_role(args.name, args.role, actor=operator)
            print(f"{args.name} is {'now' if changed else 'already'} {_article(args.role)} {args.role}")
        else:
            store.set_active(args.name, args.users_action == "enable", actor=operator)
            print(f"{args.name} {args.users_action}d")
    except StoreError as exc:
        raise InputError(args.name if hasattr(args, "name") else store.location, str(exc)) from None
    finally:
        store.close()
    return 0


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _list(store: Store) -> None:
    users = store.users()
    if not users:
        print(f"no accounts in {store.location}: create the first admin with "
              "review-app users add NAME --role admin")
        return
    width = max(len(u.name) for u in users)
    for u in users:
        state = "active" if u.active else "disabled"
        if u.demo:
            state += ", demo login"
        last = u.last_login_at.strftime("%Y-%m-%d %H:%M UTC") if u.last_login_at else "never signed in"
        print(f"{u.name:<{width}}  {u.role:<8}  {state:<8}  {last}" + (f"  {u.email}" if u.email else ""))
