// The stdio transport: one session over the process's stdin and stdout. Stdout belongs
// to the protocol, so anything that would print there (console.log) goes to stderr.

import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createMcpServer, type CreateMcpServerOptions } from './server.js';
import type { ServiceSource } from './file-sync.js';

export async function serveStdio(service: ServiceSource, options: CreateMcpServerOptions): Promise<{ close(): Promise<void> }> {
  console.log = console.error;
  console.info = console.error;
  console.debug = console.error;
  const { server } = createMcpServer(service, options);
  const transport = new StdioServerTransport();
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await server.close().catch(() => undefined);
  };
  process.stdin.once('end', () => void close());
  process.stdin.once('close', () => void close());
  await server.connect(transport);
  return { close };
}
