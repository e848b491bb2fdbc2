// Drives an MCP server with the TypeScript SDK v2 client (@modelcontextprotocol/client 2.4.0)
// pinned to protocol 2026-07-28, for the interop tests (examples/tests/interop/ts_cells.rs):
//
//     node ts2_client.mjs http://HOST:PORT/mcp
//     node ts2_client.mjs stdio COMMAND [ARGS...]     (spawns the server with StdioClientTransport)
//
// The SDK is loaded from the npm prefix in $TS2_PEER_DIR (default: <workspace>/target/interop/ts2,
// where `.ci/run` installs it). The client is built with
// `versionNegotiation: { mode: { pin: '2026-07-28' } }` (src/client/versionNegotiation.ts in the
// SDK: a pin sends `server/discover` and speaks only that revision, no `initialize`), declares the
// form `elicitation` capability and registers an `elicitation/create` handler that answers
// `{action: "accept", content: {confirm: true}}`. On 2026-07-28 the server cannot send requests;
// a tool needing input answers `resultType: "input_required"`, and the SDK's auto-fulfilment
// driver (src/shared/inputRequiredDriver.ts, on by default) dispatches each embedded input
// request to that registered handler and retries the call with `inputResponses`.
//
// It calls `add` {a: 2, b: 3} and then `deploy`, closes, and prints one JSON object on stdout:
// the negotiated version and era, the server info, the tool results, an ordered `events` list
// (call_start, elicitation, call_end) and a `wire` list summarizing every JSON-RPC message the
// client sent (`out`) or received (`in`), so the Rust side can check the MRTR rounds. Over stdio
// the `server/discover` probe is not in `wire`: the SDK runs it on a disposable sibling process
// spawned from the same command (`negotiateStdioViaSibling` in dist/public-*.mjs), then starts
// the session's own process.

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const TIMEOUT_MS = 60_000;
const PIN = '2026-07-28';
const META_VERSION = 'io.modelcontextprotocol/protocolVersion';

const here = dirname(fileURLToPath(import.meta.url));
const prefix = resolve(process.env.TS2_PEER_DIR ?? join(here, '../../../target/interop/ts2'));
const load = (path) => import(pathToFileURL(join(prefix, 'node_modules/@modelcontextprotocol/client/dist', path)).href);

const { Client, StreamableHTTPClientTransport } = await load('index.mjs');
const { StdioClientTransport } = await load('stdio.mjs');

const [target, ...command] = process.argv.slice(2);
const stdio = target === 'stdio' && command.length > 0;
if (!stdio && !target?.startsWith('http')) {
  console.error('usage: node ts2_client.mjs http://HOST:PORT/mcp | node ts2_client.mjs stdio COMMAND [ARGS...]');
  process.exit(2);
}

const timer = setTimeout(() => {
  console.error(`ts2_client: no result within ${TIMEOUT_MS} ms`);
  process.exit(1);
}, TIMEOUT_MS);

const events = [];
const wire = [];

// One line per JSON-RPC message, enough to check the rounds.
function summarize(message) {
  const out = { id: message.id ?? null };
  if (message.method !== undefined) out.method = message.method;
  if (message.params?._meta?.[META_VERSION] !== undefined) out.meta_version = message.params._meta[META_VERSION];
  if (message.params?.name !== undefined) out.name = message.params.name;
  if (message.params?.inputResponses !== undefined) out.input_responses = message.params.inputResponses;
  if (message.params?.requestState !== undefined) out.has_request_state = true;
  if (message.result !== undefined) {
    out.result_type = message.result.resultType ?? null;
    if (message.result.inputRequests !== undefined) out.input_requests = message.result.inputRequests;
  }
  if (message.error !== undefined) out.error = message.error;
  return out;
}

// Records what goes through the transport: `send` for outgoing messages, and a wrapper around
// whatever `onmessage` the client installs (the probe window's, then the protocol's).
function tap(transport) {
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    wire.push({ dir: 'out', ...summarize(message) });
    return send(message, options);
  };
  let handler;
  const wrapped = (message, extra) => {
    wire.push({ dir: 'in', ...summarize(message) });
    return handler?.(message, extra);
  };
  Object.defineProperty(transport, 'onmessage', {
    configurable: true,
    get: () => (handler ? wrapped : undefined),
    set: (h) => {
      handler = h;
    },
  });
  return transport;
}

const transport = tap(
  stdio
    ? new StdioClientTransport({ command: command[0], args: command.slice(1), stderr: 'inherit' })
    : new StreamableHTTPClientTransport(new URL(target)),
);
const client = new Client(
  { name: 'ts2-peer', version: '2.4.0' },
  { capabilities: { elicitation: { form: {} } }, versionNegotiation: { mode: { pin: PIN } } },
);
client.setRequestHandler('elicitation/create', async (request) => {
  events.push({ event: 'elicitation', params: request.params });
  return { action: 'accept', content: { confirm: true } };
});

await client.connect(transport);
const out = {
  transport: stdio ? 'stdio' : 'http',
  protocol_version: client.getNegotiatedProtocolVersion() ?? null,
  era: client.getProtocolEra() ?? null,
  server_info: client.getServerVersion() ?? null,
  server_capabilities: client.getServerCapabilities() ?? null,
  results: {},
};

for (const [name, args] of [['add', { a: 2, b: 3 }], ['deploy', {}]]) {
  events.push({ event: 'call_start', tool: name, wire_at: wire.length });
  const result = await client.callTool({ name, arguments: args });
  events.push({ event: 'call_end', tool: name, wire_at: wire.length, result });
  out.results[name] = result;
}

await client.close();
clearTimeout(timer);
out.events = events;
out.wire = wire;
console.log(JSON.stringify(out));
