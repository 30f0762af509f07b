"""A minimal headless Chromium driver over the DevTools protocol.

Enough to log into Odoo, open a page, wait for an element, click and take a
screenshot; used by the end-to-end check of the demo (``check_demo.sh``).
"""

import base64
import itertools
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import websocket


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    def __init__(self, width=1440, height=1100):
        self.port = free_port()
        self.profile = tempfile.mkdtemp(prefix="telecobranca-chromium-")
        executable = shutil.which("chromium") or shutil.which("google-chrome")
        self.process = subprocess.Popen(
            [
                executable,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--window-size={width},{height}",
                f"--remote-debugging-port={self.port}",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.ids = itertools.count(1)
        self.socket = websocket.create_connection(self._page_socket_url(), timeout=60)
        self.call("Page.enable")
        self.call("Runtime.enable")

    def _page_socket_url(self):
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                url = f"http://127.0.0.1:{self.port}/json"
                with urllib.request.urlopen(url, timeout=2) as response:
                    pages = [t for t in json.load(response) if t["type"] == "page"]
                if pages:
                    return pages[0]["webSocketDebuggerUrl"]
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("Chromium did not open its DevTools port")

    def call(self, method, **params):
        message_id = next(self.ids)
        self.socket.send(
            json.dumps({"id": message_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == message_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call(
            "Runtime.evaluate",
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def goto(self, url):
        self.call("Page.navigate", url=url)

    def wait_for(self, selector, timeout=60):
        """Wait until ``selector`` matches a visible element."""
        check = (
            f"(() => {{ const el = document.querySelector({json.dumps(selector)});"
            " return !!(el && el.offsetParent !== null); })()"
        )
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if self.evaluate(check):
                    return
            except RuntimeError:
                pass  # page being replaced
            time.sleep(0.25)
        raise TimeoutError(f"{selector!r} did not appear within {timeout}s")

    def click(self, selector):
        self.wait_for(selector)
        self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")

    def text(self, selector):
        return self.evaluate(
            f"(document.querySelector({json.dumps(selector)}) || {{}}).innerText || ''"
        )

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as image:
            image.write(base64.b64decode(data))

    def close(self):
        try:
            self.socket.close()
        finally:
            self.process.terminate()
            self.process.wait(timeout=10)
            shutil.rmtree(self.profile, ignore_errors=True)
