"""Python `mcp` 2.3.0 server (`MCPServer`) for `tests/client_python.rs`: our Rust client against it.

Usage: `py_server.py stdio` or `py_server.py http PORT` (Streamable HTTP on 127.0.0.1:PORT/mcp).
One endpoint serves both eras; the client decides (initialize -> 2025-11-25, `server/discover`
or per-request `_meta` -> 2026-07-28).

Tools:
- `add(a, b)`: a + b.
- `confirm_deploy(target)`: asks a boolean `confirm` through a form elicitation and answers
  `deployed` / `not deployed`. It elicits through the resolver mechanism
  (`mcp.server.mcpserver.resolve`: `Annotated[..., Resolve(fn)]` where `fn` returns `Elicit`),
  which follows the negotiated version: on <= 2025-11-25 it sends a standalone
  `elicitation/create` request during the call; on 2026-07-28 it answers the call with an
  `input_required` result (`inputRequests`) and completes when the client retries with
  `inputResponses` (and the sealed `requestState`).
"""

import sys
from typing import Annotated

from pydantic import BaseModel, Field

from mcp.server import MCPServer
from mcp.server.mcpserver import AcceptedElicitation, Elicit, ElicitationResult, Resolve

app = MCPServer("py-peer")


class Confirm(BaseModel):
    confirm: bool = Field(description="Deploy now?")


def ask_confirm(target: str) -> Elicit[Confirm]:
    return Elicit(f"Deploy to {target}?", Confirm)


@app.tool()
def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


@app.tool()
def confirm_deploy(
    target: str,
    answer: Annotated[ElicitationResult[Confirm], Resolve(ask_confirm)],
) -> str:
    """Deploy to `target` after asking the user to confirm."""
    if isinstance(answer, AcceptedElicitation) and answer.data.confirm:
        return "deployed"
    return "not deployed"


if __name__ == "__main__":
    if sys.argv[1:2] == ["http"]:
        app.run(transport="streamable-http", host="127.0.0.1", port=int(sys.argv[2]))
    elif sys.argv[1:2] == ["stdio"]:
        app.run()
    else:
        sys.exit("usage: py_server.py stdio | http PORT")
