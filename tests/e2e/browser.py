"""A minimal headless Chromium driver over the DevTools protocol.

Enough to log into Odoo, open a page, wait for an element, click, call the
server as the logged-in user, catch what the page downloads and take a
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
        self.wait_any([selector], timeout)

    def wait_any(self, selectors, timeout=60):
        """Wait until one of ``selectors`` is visible; return it."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            for selector in selectors:
                if self.visible(selector):
                    return selector
            time.sleep(0.25)
        raise TimeoutError(f"none of {selectors!r} appeared within {timeout}s")

    def visible(self, selector):
        probe = (
            f"(() => {{ const el = document.querySelector({json.dumps(selector)});"
            " return !!(el && el.offsetParent !== null); })()"
        )
        try:
            return bool(self.evaluate(probe))
        except RuntimeError:
            return False  # page being replaced

    def click(self, selector):
        self.wait_for(selector)
        self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")

    def click_text(self, selector, text, timeout=60):
        """Click the first visible ``selector`` whose text contains ``text``."""
        find = (
            f"[...document.querySelectorAll({json.dumps(selector)})].find(el =>"
            " el.offsetParent !== null"
            f" && el.innerText.includes({json.dumps(text)}))"
        )
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.evaluate(f"!!({find})"):
                self.evaluate(f"({find}).click()")
                return
            time.sleep(0.25)
        raise TimeoutError(f"no {selector!r} with {text!r} within {timeout}s")

    def json_rpc(self, route, params):
        """POST a JSON-RPC call to ``route`` with the user's session."""
        payload = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params})
        response = self.evaluate(
            f"fetch({json.dumps(route)}, {{method: 'POST', "
            "headers: {'Content-Type': 'application/json'}, "
            f"body: {json.dumps(payload)}}}).then(r => r.json())"
        )
        if "error" in response:
            raise RuntimeError(f"{route}: {response['error']['data']['message']}")
        return response["result"]

    def rpc(self, model, method, args, kwargs=None):
        """Call ``model.method`` as the logged-in user (the web client's route)."""
        params = {"model": model, "method": method, "args": args}
        return self.json_rpc("/web/dataset/call_kw", {**params, "kwargs": kwargs or {}})

    def fetch_bytes(self, url):
        """The body of ``url`` fetched with the user's session."""
        data = self.evaluate(
            f"fetch({json.dumps(url)}).then(r => r.blob()).then(b => new Promise("
            "ok => { const r = new FileReader(); r.onload = () => ok(r.result);"
            " r.readAsDataURL(b); }))"
        )
        return base64.b64decode(data.split(",", 1)[1])

    def catch_downloads(self):
        """From now on, keep what the page hands to the browser to download
        (the web client saves files through ``URL.createObjectURL``)."""
        self.evaluate(
            "window.__downloads = [];"
            "const create = URL.createObjectURL;"
            "URL.createObjectURL = function (blob) {"
            "  if (blob instanceof Blob) {"
            "    const reader = new FileReader();"
            "    reader.onload = () => window.__downloads.push(reader.result);"
            "    reader.readAsDataURL(blob);"
            "  }"
            "  return create.apply(this, arguments);"
            "};"
        )

    def wait_download(self, timeout=120):
        """The content of the first file downloaded since ``catch_downloads``."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            data = self.evaluate("(window.__downloads || [])[0] || ''")
            if data:
                return base64.b64decode(data.split(",", 1)[1])
            time.sleep(0.5)
        raise TimeoutError(f"nothing was downloaded within {timeout}s")

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
