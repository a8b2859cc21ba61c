#!/usr/bin/env python3
"""Scripted stand-in for the Anthropic Messages API (loopback only, stdlib only).

Why: bgprof's end-to-end test drives the real `claude` binary offline. Claude Code
is pointed at this server with ANTHROPIC_BASE_URL; the server plays the model
by answering with a fixed script of Bash tool calls, and logs every request so
the test can read exactly what the model would have seen (tool results and the
hooks' additionalContext system reminders).

Usage: fake_model.py PORT LOG SCRIPT [--max-seconds N]
  PORT    TCP port on 127.0.0.1; 0 picks a free one. The bound port is always
          printed alone on the first stdout line.
  LOG     file that gets one JSON line per request: {"t", "path", "body"}.
  SCRIPT  JSON list of turns; each turn is a list of tool calls, e.g.
          [[{"command": "sleep 6", "run_in_background": false}], [{"command": "ls"}]]
          A call's keys become the Bash tool input, except "tool" which names
          another tool (e.g. "TaskOutput"); the value "$BG" is replaced by the
          newest background task id seen in the conversation.

Turn choice is stateless: the next turn is SCRIPT[k], where k is the number of
assistant messages with tool_use blocks already in the request's conversation,
so retries repeat a turn instead of skipping one. When the script is used up
(or for requests without tools) the answer is a plain text "All done.".
The server exits by itself after --max-seconds (default 120).
"""
import argparse
import itertools
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_ids = itertools.count(1)
_log_lock = threading.Lock()


def _blocks(message):
    content = message.get("content")
    return content if isinstance(content, list) else []


def turns_done(body):
    """Assistant messages in the conversation that issued tool calls."""
    return sum(1 for m in body.get("messages", [])
               if m.get("role") == "assistant"
               and any(b.get("type") == "tool_use" for b in _blocks(m)))


def last_background_id(body):
    """Newest 'running in background with ID: X' in the conversation, or None."""
    found = None
    for m in body.get("messages", []):
        for b in _blocks(m):
            text = json.dumps(b.get("content", ""))
            if "in background with ID: " in text:
                found = text.split("in background with ID: ")[-1].split(".")[0]
    return found


def reply_blocks(body, script):
    """Content blocks of the scripted answer to one request."""
    k = turns_done(body)
    if body.get("tools") and k < len(script):
        bg = last_background_id(body)
        out = []
        for call in script[k]:
            call = {key: (bg if val == "$BG" else val) for key, val in call.items()}
            tool_input = {key: val for key, val in call.items() if key != "tool"}
            out.append({"type": "tool_use", "id": f"toolu_fake{next(_ids):04d}",
                        "name": call.get("tool", "Bash"), "input": tool_input})
        if out:
            return out
    return [{"type": "text", "text": "All done."}]


def sse(event, data):
    return f"event: {event}\ndata: {json.dumps(data)}\n\n".encode()


def make_handler(log_path, script):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _json(self, obj):
            out = json.dumps(obj).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        def do_GET(self):
            self._json({})

        def do_HEAD(self):
            self.send_response(200)
            self.end_headers()

        def do_POST(self):
            n = int(self.headers.get("content-length", 0))
            raw = self.rfile.read(n) if n else b""
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                body = {"_unparsed": raw.decode("utf-8", "replace")}
            with _log_lock, open(log_path, "a") as f:
                f.write(json.dumps({"t": time.time(), "path": self.path, "body": body}) + "\n")
            if not self.path.startswith("/v1/messages") or "count_tokens" in self.path:
                self._json({"input_tokens": 10})
                return
            blocks = reply_blocks(body, script)
            stop = "tool_use" if blocks[0]["type"] == "tool_use" else "end_turn"
            msg = {"id": f"msg_fake{next(_ids):04d}", "type": "message", "role": "assistant",
                   "model": body.get("model", "claude"), "content": [], "stop_reason": None,
                   "stop_sequence": None, "usage": {"input_tokens": 10, "output_tokens": 1}}
            if not body.get("stream"):
                msg.update(content=blocks, stop_reason=stop)
                self._json(msg)
                return
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.end_headers()
            w = self.wfile.write
            w(sse("message_start", {"type": "message_start", "message": msg}))
            for i, b in enumerate(blocks):
                if b["type"] == "tool_use":
                    start = {"type": "tool_use", "id": b["id"], "name": b["name"], "input": {}}
                    delta = {"type": "input_json_delta", "partial_json": json.dumps(b["input"])}
                else:
                    start = {"type": "text", "text": ""}
                    delta = {"type": "text_delta", "text": b["text"]}
                w(sse("content_block_start", {"type": "content_block_start", "index": i, "content_block": start}))
                w(sse("content_block_delta", {"type": "content_block_delta", "index": i, "delta": delta}))
                w(sse("content_block_stop", {"type": "content_block_stop", "index": i}))
            w(sse("message_delta", {"type": "message_delta", "usage": {"output_tokens": 5},
                                    "delta": {"stop_reason": stop, "stop_sequence": None}}))
            w(sse("message_stop", {"type": "message_stop"}))
            self.wfile.flush()

    return Handler


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("port", type=int)
    ap.add_argument("log")
    ap.add_argument("script", help="JSON list of turns")
    ap.add_argument("--max-seconds", type=float, default=120.0)
    args = ap.parse_args()
    script = json.loads(args.script)

    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(args.log, script))
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    time.sleep(args.max_seconds)  # bounded lifetime: no server lingers
    server.shutdown()
    server.server_close()


if __name__ == "__main__":
    sys.exit(main())
