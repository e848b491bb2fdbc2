// An MCP server built on the TypeScript SDK v2 (@modelcontextprotocol/server 2.4.0), for the
// interop tests that drive it with OUR client (examples/tests/interop/ts_cells.rs).
//
//     node ts2_server.mjs stdio          serveStdio(): both eras, chosen by the opening message
//     node ts2_server.mjs http PORT      createMcpHandler() on http://127.0.0.1:PORT/mcp
//
// The SDK is loaded from the npm prefix in $TS2_PEER_DIR (default: <workspace>/target/interop/ts2,
// where `.ci/run` installs it). One factory serves both eras:
//
// - `add` {a, b}: answers the sum as text.
// - `deploy` {}: asks for a boolean `confirm` with `inputRequired(...)`. On 2026-07-28 that is an
//   `input_required` result (MRTR); on 2025-11-25 the SDK's legacy shim sends it as an
//   `elicitation/create` request and re-enters the handler with the answer. Answers `deployed`
//   when the client accepted with confirm=true, `not deployed` otherwise.
//
// Over HTTP, 2026-07-28 traffic goes to createMcpHandler (per-request instances). 2025-era
// traffic is routed, with `isLegacyRequest`, to a sessionful WebStandardStreamableHTTPServerTransport
// (one McpServer per `initialize`d session): the SDK's default stateless legacy leg builds a
// fresh instance per POST, so the client's answer to a server-to-client request could never
// reach the instance that asked. Once listening it prints `listening http://127.0.0.1:PORT/mcp`.

import { createServer } from 'node:http';
import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const prefix = resolve(process.env.TS2_PEER_DIR ?? join(here, '../../../target/interop/ts2'));
const load = (path) => import(pathToFileURL(join(prefix, 'node_modules', path)).href);

const server = await load('@modelcontextprotocol/server/dist/index.mjs');
const { McpServer, inputRequired, inputResponse, createMcpHandler, isLegacyRequest } = server;
const { WebStandardStreamableHTTPServerTransport } = server;
const { z } = await load('zod/index.js');

const log = (...args) => console.error('ts2_server:', ...args);

function build() {
  const mcp = new McpServer({ name: 'ts2-peer', version: '2.4.0' });
  mcp.registerTool(
    'add',
    { description: 'Adds two numbers.', inputSchema: z.object({ a: z.number(), b: z.number() }) },
    async ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }] }),
  );
  mcp.registerTool(
    'deploy',
    { description: 'Deploys after asking for confirmation.', inputSchema: z.object({}) },
    async (_args, ctx) => {
      const answer = inputResponse(ctx.mcpReq.inputResponses, 'confirm');
      if (answer.kind === 'missing') {
        return inputRequired({
          inputRequests: {
            confirm: inputRequired.elicit({
              message: 'Deploy to production?',
              requestedSchema: z.object({ confirm: z.boolean().describe('Deploy now?') }),
            }),
          },
        });
      }
      const yes = answer.kind === 'elicit' && answer.action === 'accept' && answer.content?.confirm === true;
      return { content: [{ type: 'text', text: yes ? 'deployed' : 'not deployed' }] };
    },
  );
  return mcp;
}

const [mode, portArg] = process.argv.slice(2);

if (mode === 'stdio') {
  const { serveStdio } = await load('@modelcontextprotocol/server/dist/stdio.mjs');
  serveStdio(() => build(), { onerror: (e) => log(String(e)) });
} else if (mode === 'http' && portArg !== undefined) {
  const modern = createMcpHandler(() => build(), { legacy: 'reject', onerror: (e) => log(String(e)) });
  const sessions = new Map();

  async function legacy(request) {
    const id = request.headers.get('mcp-session-id');
    if (id) {
      const transport = sessions.get(id);
      if (!transport) return new Response('unknown session', { status: 404 });
      return transport.handleRequest(request);
    }
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sid) => sessions.set(sid, transport),
    });
    transport.onclose = () => transport.sessionId && sessions.delete(transport.sessionId);
    await build().connect(transport);
    return transport.handleRequest(request);
  }

  const http = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
      if (url.pathname !== '/mcp') {
        res.writeHead(404).end();
        return;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
        else if (value !== undefined) headers.set(name, value);
      }
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'DELETE';
      const controller = new AbortController();
      res.on('close', () => controller.abort());
      const request = new Request(url, {
        method: req.method,
        headers,
        body: hasBody ? Readable.toWeb(req) : undefined,
        duplex: 'half',
        signal: controller.signal,
      });
      const response = (await isLegacyRequest(request)) ? await legacy(request) : await modern.fetch(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      // Send the head now: an SSE stream (the legacy GET stream) may carry no event for a while.
      res.flushHeaders();
      if (!response.body) {
        res.end();
        return;
      }
      for await (const chunk of response.body) res.write(chunk);
      res.end();
    } catch (e) {
      log('request failed:', e);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  });
  http.listen(Number(portArg), '127.0.0.1', () => {
    console.log(`listening http://127.0.0.1:${http.address().port}/mcp`);
  });
} else {
  console.error('usage: node ts2_server.mjs stdio | node ts2_server.mjs http PORT');
  process.exit(2);
}
