#!/usr/bin/env python3
"""Screenshot an Odoo page as a given user, in headless Chromium.

    python3 tools/screenshot.py LOGIN PASSWORD URL OUT.png [--db ntm_demo]
        [--text OUT.txt] [--click SELECTOR]...

Logs in through /web/session/authenticate, hands the session cookie to
Chromium over the DevTools protocol, opens URL and saves a PNG: a way to look
at a screen the way its user sees it. With --text, the page's visible text
is saved too (tools/check_screens.py looks for untranslated labels in it).
"""

import argparse
import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request

import websocket


def authenticate(base, db, login, password):
    payload = {
        "jsonrpc": "2.0",
        "params": {"db": db, "login": login, "password": password},
    }
    req = urllib.request.Request(
        f"{base}/web/session/authenticate",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        body = json.load(resp)
        if body.get("error"):
            raise SystemExit(f"login failed: {body['error']['data']['message']}")
        cookie = resp.headers.get("Set-Cookie", "")
    return cookie.split("session_id=", 1)[1].split(";", 1)[0]


def save_text(call, path):
    """The page's visible text, as its user reads it."""
    text = call(
        "Runtime.evaluate", expression="document.body.innerText", returnByValue=True
    )["result"]["value"]
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("login")
    parser.add_argument("password")
    parser.add_argument("url")
    parser.add_argument("out")
    parser.add_argument("--db", default="ntm_demo")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--wait", type=float, default=4.0)
    parser.add_argument("--text", help="also save the page's visible text here")
    parser.add_argument(
        "--click",
        action="append",
        default=[],
        help="CSS selector to click before the screenshot (e.g. a tab); repeatable",
    )
    return parser.parse_args()


def main():
    args = parse_args()
    parts = urllib.parse.urlsplit(args.url)
    base = f"{parts.scheme}://{parts.netloc}"
    session = authenticate(base, args.db, args.login, args.password)
    chromium = shutil.which("chromium") or shutil.which("google-chrome")
    profile = tempfile.mkdtemp(prefix="ntm-shot-")
    port = 9333
    proc = subprocess.Popen(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-sync",
            "--disable-component-update",
            f"--user-data-dir={profile}",
            f"--remote-debugging-port={port}",
            # Chromium 111+ refuses DevTools websockets from other origins.
            f"--remote-allow-origins=http://127.0.0.1:{port}",
            f"--window-size={args.width},{args.height}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/json", timeout=2
                ) as r:
                    target = next(t for t in json.load(r) if t["type"] == "page")
                break
            except (OSError, StopIteration):
                time.sleep(0.2)
        ws = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=60)
        ids = iter(range(1, 1000))

        def call(method, **params):
            msg_id = next(ids)
            ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
            while True:
                msg = json.loads(ws.recv())
                if msg.get("id") == msg_id:
                    return msg.get("result", {})

        call("Network.enable")
        call(
            "Network.setCookie",
            name="session_id",
            value=session,
            domain=parts.hostname,
            path="/",
        )
        call("Page.enable")
        call("Page.navigate", url=args.url)
        time.sleep(args.wait)
        for selector in args.click:
            call(
                "Runtime.evaluate",
                expression=f"document.querySelector({json.dumps(selector)})?.click()",
            )
            time.sleep(2)
        shot = call("Page.captureScreenshot", format="png")
        with open(args.out, "wb") as fh:
            fh.write(base64.b64decode(shot["data"]))
        if args.text:
            save_text(call, args.text)
        print(args.out)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
    main()
