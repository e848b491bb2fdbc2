// Drives an MCP server with the TypeScript SDK's client (@modelcontextprotocol/sdk 1.32.2,
// protocol 2025-11-25), for the interop tests, over Streamable HTTP or stdio:
//
//     node ts_client.mjs http://HOST:PORT/mcp
//     node ts_client.mjs stdio COMMAND [ARGS...]     (spawns the server with StdioClientTransport)
//
// The SDK is loaded from the npm prefix in $TS_PEER_DIR (default: <workspace>/target/interop/ts,
// where `.ci/run` installs it). The client declares the `elicitation` capability and answers
// every `elicitation/create` with `{action: "accept", content: {confirm: true}}`. It calls `add`
// {a: 2, b: 3} and then `deploy`, ends the session (HTTP DELETE; over stdio it closes the
// transport, which ends the child) and prints one JSON object on
// stdout: the negotiated protocol version, the session id, the server info, the tool results, and
// an ordered `events` list (call_start, elicitation, call_end) so the Rust side can check that the
// elicitation came during the `deploy` call.

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const TIMEOUT_MS = 60_000;

const here = dirname(fileURLToPath(import.meta.url));
const prefix = resolve(process.env.TS_PEER_DIR ?? join(here, '../../../target/interop/ts'));
const sdk = join(prefix, 'node_modules/@modelcontextprotocol/sdk/dist/esm');
const load = (path) => import(pathToFileURL(join(sdk, path)).href);

const { Client } = await load('client/index.js');
const { StreamableHTTPClientTransport } = await load('client/streamableHttp.js');
const { StdioClientTransport } = await load('client/stdio.js');
const { ElicitRequestSchema } = await load('types.js');

const [url, ...command] = process.argv.slice(2);
const stdio = url === 'stdio' && command.length > 0;
if (!stdio && !url?.startsWith('http')) {
  console.error('usage: node ts_client.mjs http://HOST:PORT/mcp | node ts_client.mjs stdio COMMAND [ARGS...]');
  process.exit(2);
}

const timer = setTimeout(() => {
  console.error(`ts_client: no result within ${TIMEOUT_MS} ms`);
  process.exit(1);
}, TIMEOUT_MS);

const events = [];
const transport = stdio
  ? new StdioClientTransport({ command: command[0], args: command.slice(1), stderr: 'inherit' })
  : new StreamableHTTPClientTransport(new URL(url));
if (stdio) {
  // The client hands the negotiated version to transports that take it (the HTTP one keeps it as
  // `protocolVersion`); give the stdio transport the same so the report can name it.
  transport.setProtocolVersion = (version) => {
    transport.protocolVersion = version;
  };
}
const client = new Client(
  { name: 'ts-peer', version: '0.0.1' },
  { capabilities: { elicitation: {} } },
);
client.setRequestHandler(ElicitRequestSchema, async (request) => {
  events.push({ event: 'elicitation', params: request.params });
  return { action: 'accept', content: { confirm: true } };
});

await client.connect(transport);
const out = {
  transport: stdio ? 'stdio' : 'http',
  protocol_version: transport.protocolVersion ?? null,
  session_id: transport.sessionId ?? null,
  server_info: client.getServerVersion() ?? null,
  server_capabilities: client.getServerCapabilities() ?? null,
  results: {},
};

for (const [name, args] of [['add', { a: 2, b: 3 }], ['deploy', {}]]) {
  events.push({ event: 'call_start', tool: name });
  const result = await client.callTool({ name, arguments: args });
  events.push({ event: 'call_end', tool: name, result });
  out.results[name] = result;
}

if (!stdio) {
  try {
    await transport.terminateSession();
    out.terminated = { ok: transport.sessionId === undefined };
  } catch (e) {
    out.terminated = { error: String(e) };
  }
}
await client.close();
clearTimeout(timer);
out.events = events;
console.log(JSON.stringify(out));
