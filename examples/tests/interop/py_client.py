"""Drives an MCP server with the Python `mcp` SDK's client, for the interop tests.

    py_client.py [--mode legacy|2026-07-28] SCENARIO SERVER_COMMAND [ARGS...]
    py_client.py [--mode legacy|2026-07-28] SCENARIO http://HOST:PORT/mcp

Over stdio the driver spawns SERVER_COMMAND; given a URL (the first server argument starts with
`http`) it connects to that Streamable HTTP endpoint instead.

Connects with `mode="legacy"` (the initialize handshake; the default) or `mode="2026-07-28"`
(that version pinned: no handshake, every request carries the modern `_meta`, and a tool that
needs input answers `InputRequiredResult`, which the SDK fulfils through the same callbacks and
retries), runs one scenario and prints a single JSON object on stdout: the mode, the negotiated
protocol version, the server info, what each callback received, every server-to-client request
as it arrived on the wire, each `tools/call` round the session sent and what it got back, and the
tool results, as an ordered `events` list so the Rust side can check that a request came *during*
a tool call. In the modern mode the driver also sends `server/discover` (after the pinned
connection is up) and reports its raw result, or its error, as `discover`.

Scenarios: `add`, `deploy-accept`, `deploy-accept-false`, `deploy-decline`, `deploy-cancel`,
`summarize`, `roots`, `onboard`, `onboard-joined`, `slow` (tools, their results in `events`);
`resources`, `prompts`, `complete` (their results in named members of the JSON object). A stdio
server's stderr goes to ours.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import anyio
import mcp.types as types
from mcp import Client, StdioServerParameters
from mcp.client.session import ClientSession
from mcp.shared.exceptions import MCPError

TIMEOUT_SECONDS = 60

events: list[dict[str, Any]] = []


def dump(model: Any) -> Any:
    """The wire (camelCase) JSON form of a pydantic model."""
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


# Record every server-to-client request with its wire method before the SDK routes it to a
# callback. `_on_request` is private API; if it moves, the scenarios still run, just without
# these events (and the Rust assertions on them fail loudly).
_original_on_request = getattr(ClientSession, "_on_request", None)
if _original_on_request is not None:

    async def _spy_on_request(self: ClientSession, dctx: Any, method: str, params: Any) -> Any:
        events.append({"event": "server_request", "method": method, "params": dict(params or {})})
        return await _original_on_request(self, dctx, method, params)

    ClientSession._on_request = _spy_on_request  # type: ignore[method-assign]


# Record every `tools/call` round: `Client.call_tool` drives the multi round-trip loop through the
# session's public `call_tool` (one wire request per call, `allow_input_required=True`), so
# wrapping it here counts the requests and shows what each round carried and got back.
_original_call_tool = ClientSession.call_tool


async def _counting_call_tool(self: ClientSession, name: str, arguments: Any = None, *args: Any, **kw: Any) -> Any:
    responses = kw.get("input_responses")
    round_: dict[str, Any] = {
        "event": "tools_call",
        "tool": name,
        "input_responses": {k: dump(v) for k, v in responses.items()} if responses is not None else None,
        "has_request_state": kw.get("request_state") is not None,
    }
    events.append(round_)
    result = await _original_call_tool(self, name, arguments, *args, **kw)
    if isinstance(result, types.InputRequiredResult):
        round_["result_type"] = "input_required"
        round_["input_requests"] = (
            {k: dump(v) for k, v in result.input_requests.items()} if result.input_requests is not None else None
        )
        round_["result_has_request_state"] = result.request_state is not None
    else:
        round_["result_type"] = "complete"
    return result


ClientSession.call_tool = _counting_call_tool  # type: ignore[method-assign, assignment]


async def error_of(request: Any) -> dict[str, Any]:
    """The JSON-RPC error a request fails with (`{"code", "message"}`), or `{"ok": result}`."""
    try:
        return {"ok": dump(await request)}
    except MCPError as e:
        return {"code": e.error.code, "message": e.error.message}


def elicitation_answer(scenario: str) -> types.ElicitResult:
    match scenario:
        case "deploy-accept":
            return types.ElicitResult(action="accept", content={"confirm": True})
        case "deploy-accept-false":
            return types.ElicitResult(action="accept", content={"confirm": False})
        case "deploy-decline":
            return types.ElicitResult(action="decline")
        case "onboard" | "onboard-joined":
            return types.ElicitResult(action="accept", content={"project": "tether"})
        case _:
            return types.ElicitResult(action="cancel")


def request_key(ctx: Any) -> Any:
    """The id a callback's context carries: the JSON-RPC id of a server-to-client request
    (legacy), or the `inputRequests` key of an embedded input request (2026-07-28)."""
    key = getattr(ctx, "request_id", None)
    return key if isinstance(key, str | int) or key is None else str(key)


async def run(mode: str, scenario: str, command: list[str]) -> dict[str, Any]:
    async def on_elicit(ctx: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
        events.append({"event": "elicitation", "key": request_key(ctx), "params": dump(params)})
        return elicitation_answer(scenario)

    async def on_sample(ctx: Any, params: types.CreateMessageRequestParams) -> types.CreateMessageResult:
        events.append({"event": "sampling", "key": request_key(ctx), "params": dump(params)})
        return types.CreateMessageResult(
            role="assistant",
            content=types.TextContent(type="text", text="A stub summary from Python."),
            model="py-stub-model",
            stop_reason="endTurn",
        )

    async def on_roots(ctx: Any) -> types.ListRootsResult:
        events.append({"event": "list_roots", "key": request_key(ctx)})
        return types.ListRootsResult(
            roots=[
                types.Root(uri="file:///work/alpha", name="alpha"),
                types.Root(uri="file:///work/beta"),
            ]
        )

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        events.append({"event": "progress", "progress": progress, "total": total, "message": message})

    async def call(name: str, arguments: dict[str, Any] | None = None, **kw: Any) -> None:
        events.append({"event": "call_start", "tool": name, "arguments": arguments})
        result = await client.call_tool(name, arguments, **kw)
        events.append({"event": "call_end", "tool": name, "result": dump(result)})

    # A URL is a Streamable HTTP endpoint (`Client` takes it as a string); anything else is the
    # command of a stdio server.
    server: StdioServerParameters | str
    if command[0].startswith("http"):
        server = command[0]
    else:
        server = StdioServerParameters(command=command[0], args=command[1:])
    async with Client(
        server,
        mode=mode,
        elicitation_callback=on_elicit,
        sampling_callback=on_sample,
        list_roots_callback=on_roots,
    ) as client:
        session = client.session
        out: dict[str, Any] = {
            "mode": mode,
            "protocol_version": session.protocol_version,
            "server_info": dump(session.server_info) if session.server_info else None,
            "server_capabilities": dump(session.server_capabilities) if session.server_capabilities else None,
        }
        if mode != "legacy":
            # Pinned: nothing went on the wire yet, and the session holds a discover result the
            # SDK synthesized (so `session.discover()` would not ask). Send a real
            # `server/discover` at the pinned version, keep its raw (wire) result, and adopt it.
            try:
                raw = await session.send_discover(mode)
            except MCPError as e:
                out["discover"] = {"code": e.error.code, "message": e.error.message}
            else:
                out["discover"] = {"ok": raw}
                session.adopt(types.DiscoverResult.model_validate(raw))
            out["protocol_version_after_discover"] = session.protocol_version
            out["server_info"] = dump(session.server_info) if session.server_info else None
            out["server_capabilities"] = dump(session.server_capabilities) if session.server_capabilities else None
        match scenario:
            case "add":
                tools = await client.list_tools()
                out["tools"] = [dump(t) for t in tools.tools]
                await call("add", {"a": 2, "b": 3})
            case s if s.startswith("deploy-"):
                await call("deploy", {})
            case "summarize":
                await call("summarize", {"text": "The quick brown fox jumps over the lazy dog."})
            case "roots":
                await call("roots", {})
            case "onboard":
                await call("onboard", {})
            case "onboard-joined":
                await call("onboard_joined", {})
            case "slow":
                await call("slow", {"steps": 3}, progress_callback=on_progress)
            case "resources":
                # Every page, following nextCursor; each page's URIs and whether it had a cursor.
                pages: list[dict[str, Any]] = []
                cursor: str | None = None
                while True:
                    page = await client.list_resources(cursor=cursor)
                    pages.append(
                        {
                            "resources": [dump(r) for r in page.resources],
                            "has_next": page.next_cursor is not None,
                        }
                    )
                    cursor = page.next_cursor
                    if cursor is None or len(pages) > 10:
                        break
                out["resource_pages"] = pages
                templates = await client.list_resource_templates()
                out["templates"] = [dump(t) for t in templates.resource_templates]
                out["read_readme"] = dump(await client.read_resource("file:///demo/readme.md"))
                out["read_note"] = dump(await client.read_resource("file:///demo/notes/meeting"))
                out["read_missing"] = await error_of(client.read_resource("file:///demo/nope.txt"))
                out["read_missing_note"] = await error_of(client.read_resource("file:///demo/notes/nope"))
            case "prompts":
                prompts = await client.list_prompts()
                out["prompts"] = [dump(p) for p in prompts.prompts]
                out["greet"] = dump(await client.get_prompt("greet", {"name": "Alice", "team": "core"}))
                out["greet_plain"] = dump(await client.get_prompt("greet", {"name": "Bob"}))
                out["greet_missing"] = await error_of(client.get_prompt("greet", {}))
                out["unknown_prompt"] = await error_of(client.get_prompt("nope", {}))
            case "complete":
                greet = types.PromptReference(type="ref/prompt", name="greet")
                notes = types.ResourceTemplateReference(type="ref/resource", uri="file:///demo/notes/{name}")

                async def complete(ref: Any, name: str, value: str, context: dict[str, str] | None = None) -> Any:
                    result = await client.complete(ref, {"name": name, "value": value}, context)
                    return dump(result.completion)

                out["completions"] = {
                    "greet_name_c": await complete(greet, "name", "c"),
                    "greet_name_c_docs": await complete(greet, "name", "c", {"team": "docs"}),
                    "greet_name_all_core": await complete(greet, "name", "", {"team": "core"}),
                    "greet_team": await complete(greet, "team", "d"),
                    "note_name_m": await complete(notes, "name", "m"),
                    "note_name_all": await complete(notes, "name", ""),
                    "note_name_none": await complete(notes, "name", "zz"),
                }
            case _:
                raise SystemExit(f"unknown scenario {scenario!r}")
    out["events"] = events
    return out


MODES = ("legacy", "2026-07-28")


async def main() -> None:
    argv = sys.argv[1:]
    mode = "legacy"
    if argv and argv[0].startswith("--mode"):
        if "=" in argv[0]:
            mode, argv = argv[0].split("=", 1)[1], argv[1:]
        elif len(argv) > 1:
            mode, argv = argv[1], argv[2:]
        else:
            raise SystemExit(__doc__)
    if mode not in MODES or len(argv) < 2:
        raise SystemExit(__doc__)
    with anyio.fail_after(TIMEOUT_SECONDS):
        out = await run(mode, argv[0], argv[1:])
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    anyio.run(main)
