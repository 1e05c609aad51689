#!/usr/bin/env python3
"""An echo-and-keyboard bot on python-telegram-bot 13, run as it is against Emhana's sandbox.

The same bot as server/sandbox/libraries.test.ts runs on Telegraf and node-telegram-bot-api:
  /start -> "Hello! Send me anything." with a reply keyboard Yes / No
  /menu  -> "Pick one" with inline buttons A and B; a tap is answered "You picked B" and the
            message is edited to "Picked <b>B</b>"
  any other text -> "You said: <text>"

PTB 13 is a good test of reading parameters as Telegram does: it sends a JSON body in which
reply_markup is a JSON string, numbers are strings ("42") and flags are "True"/"False".

Needs python-telegram-bot 13 (Debian: apt install python3-python-telegram-bot; or
pip install "python-telegram-bot>=13,<14"). Against `npm start`, whose own bot would take the
updates otherwise:

    BOT_ENABLED=false npm start           # prints "Sandbox bot token: ..."
    BOT_TOKEN=<that token> python3 tests/compat/ptb13_echo.py            # talk in /sandbox
    BOT_TOKEN=<that token> python3 tests/compat/ptb13_echo.py --check    # a scripted user

SANDBOX_URL is the server (default http://localhost:3000). `--check` creates a sandbox user,
goes through the bot as a person would (over the sandbox's user API), prints each step and
exits 0 if every answer came as expected, 1 otherwise.
"""

import json
import logging
import os
import sys
import time
import urllib.request
import warnings

# Debian's PTB 13 runs on the system urllib3 and says so at import; nothing to act on here.
warnings.filterwarnings("ignore", message="python-telegram-bot is using upstream urllib3")

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup, Update  # noqa: E402
from telegram.ext import (  # noqa: E402
    CallbackContext,
    CallbackQueryHandler,
    CommandHandler,
    Filters,
    MessageHandler,
    Updater,
)

HELLO = "Hello! Send me anything."


def start(update: Update, _: CallbackContext) -> None:
    keyboard = ReplyKeyboardMarkup([["Yes", "No"]], resize_keyboard=True)
    update.message.reply_text(HELLO, reply_markup=keyboard)


def menu(update: Update, _: CallbackContext) -> None:
    buttons = [[InlineKeyboardButton("A", callback_data="pick:a"), InlineKeyboardButton("B", callback_data="pick:b")]]
    update.message.reply_text("Pick one", reply_markup=InlineKeyboardMarkup(buttons))


def picked(update: Update, _: CallbackContext) -> None:
    query = update.callback_query
    choice = query.data.split(":", 1)[1].upper()
    query.answer(f"You picked {choice}")
    # Lower-case on purpose: Telegram reads parse_mode in any case.
    query.edit_message_text(f"Picked <b>{choice}</b>", parse_mode="html")


def echo(update: Update, _: CallbackContext) -> None:
    update.message.reply_text(f"You said: {update.message.text}")


def make_updater(token: str, server: str) -> Updater:
    # PTB joins base_url and the token with nothing between: ".../bot" + token + "/getMe".
    updater = Updater(token=token, base_url=f"{server}/bot", base_file_url=f"{server}/file/bot", use_context=True)
    dispatcher = updater.dispatcher
    dispatcher.add_handler(CommandHandler("start", start))
    dispatcher.add_handler(CommandHandler("menu", menu))
    dispatcher.add_handler(CallbackQueryHandler(picked, pattern=r"^pick:"))
    dispatcher.add_handler(MessageHandler(Filters.text & ~Filters.command, echo))
    return updater


class SandboxUser:
    """A person in the sandbox, over its user API (what tests/support/sandbox-user.ts does)."""

    def __init__(self, server: str, first_name: str) -> None:
        self.server = server
        self.id = self.call("POST", "/sandbox/api/users", {"first_name": first_name})["id"]
        self.after = 0
        self.edit_seq = 0
        self.messages: dict = {}
        self.reply_keyboard = None

    def call(self, method: str, path: str, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.server + path, data=data, method=method)
        if data is not None:
            request.add_header("content-type", "application/json")
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)

    def send(self, text: str) -> None:
        self.call("POST", f"/sandbox/api/users/{self.id}/messages", {"text": text})

    def sync(self, wait: float) -> list:
        query = f"after={self.after}&edits_after={self.edit_seq}&wait={wait}"
        chat = self.call("GET", f"/sandbox/api/users/{self.id}/chat?{query}")
        self.edit_seq = max(self.edit_seq, chat["edit_seq"])
        self.reply_keyboard = chat.get("reply_keyboard")
        for message in chat["messages"]:
            self.messages[message["message_id"]] = message
            self.after = max(self.after, message["message_id"])
        return chat["messages"]

    def expect(self, test, what: str, timeout: float = 10) -> dict:
        """Waits (long polls) for a bot message, new or edited, that passes the test."""
        deadline = time.monotonic() + timeout
        while True:
            for message in self.sync(0):
                if message["from"] == "bot" and test(message):
                    return message
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no bot message {what} within {timeout} s")
            for message in self.sync(min(left, 5)):
                if message["from"] == "bot" and test(message):
                    return message


def check(server: str) -> bool:
    user = SandboxUser(server, "PTB check")
    steps = 0

    def step(what: str, ok: bool, seen) -> None:
        nonlocal steps
        steps += 1
        print(f"{'ok  ' if ok else 'FAIL'} {what}: {seen}")
        if not ok:
            raise AssertionError(what)

    user.send("/start")
    hello = user.expect(lambda m: m.get("text") == HELLO, f"saying {HELLO!r}")
    rows = [[b["text"] for b in row] for row in (user.reply_keyboard or {}).get("rows", [])]
    step("/start answers with a reply keyboard", rows == [["Yes", "No"]], f"{hello['text']!r} {rows}")

    user.send("Yes")  # the reply keyboard's button sends its text
    said = user.expect(lambda m: m.get("text") == "You said: Yes", "echoing Yes")
    step("the Yes button is echoed", True, repr(said["text"]))

    user.send("Сәлем, bot!")
    said = user.expect(lambda m: m.get("text") == "You said: Сәлем, bot!", "echoing the text")
    step("text is echoed", True, repr(said["text"]))

    user.send("/menu")
    pick = user.expect(lambda m: m.get("text") == "Pick one", "saying 'Pick one'")
    buttons = [[(b["text"], b.get("data")) for b in row] for row in pick.get("buttons", [])]
    step("/menu shows inline buttons", buttons == [[("A", "pick:a"), ("B", "pick:b")]], buttons)

    tapped = user.call(
        "POST", f"/sandbox/api/users/{user.id}/callbacks", {"message_id": pick["message_id"], "data": "pick:b"}
    )
    answer = tapped.get("answer", {}).get("text")
    step("the tap is answered", tapped.get("answered") is True and answer == "You picked B", tapped)

    edited = user.expect(
        lambda m: m["message_id"] == pick["message_id"] and m.get("text") == "Picked B", "edited to 'Picked B'"
    )
    bold = [e for e in edited.get("entities", []) if e["type"] == "bold"]
    step("the message is edited (parse_mode html)", edited.get("edited") is True and len(bold) == 1, edited)
    print(f"all {steps} steps passed")
    return True


def main() -> int:
    token = os.environ.get("BOT_TOKEN")
    if not token:
        print("Set BOT_TOKEN to the sandbox's token (npm start prints it).", file=sys.stderr)
        return 2
    server = os.environ.get("SANDBOX_URL", "http://localhost:3000").rstrip("/")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    updater = make_updater(token, server)
    me = updater.bot.get_me()
    print(f"python-telegram-bot 13 runs @{me.username} against {server}")
    checking = "--check" in sys.argv
    # A short poll in --check, so that stopping (which waits for the poll in flight) is quick.
    updater.start_polling(timeout=1 if checking else 10)
    if not checking:
        updater.idle()  # until Ctrl-C
        return 0
    try:
        return 0 if check(server) else 1
    except AssertionError as error:
        print(f"check failed: {error}", file=sys.stderr)
        return 1
    finally:
        updater.stop()


if __name__ == "__main__":
    sys.exit(main())
