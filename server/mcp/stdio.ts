// The stdio transport: one session over the process's stdin and stdout, read and written
// by stdio-transport.ts (which answers malformed messages). Stdout belongs to the
// protocol, so anything that would print there (console.log) goes to stderr. The session
// ends when the client closes stdin (or stops reading stdout); `closed` resolves then.

import { createMcpServer, type CreateMcpServerOptions } from './server.js';
import type { ServiceSource } from './file-sync.js';
import { GuardedStdioTransport, logLine } from './stdio-transport.js';

export async function serveStdio(service: ServiceSource, options: CreateMcpServerOptions): Promise<{ close(): Promise<void>; closed: Promise<void> }> {
  console.log = console.error;
  console.info = console.error;
  console.debug = console.error;
  const { server } = createMcpServer(service, options);
  const transport = new GuardedStdioTransport();
  let closing: Promise<void> | null = null;
  let ended!: () => void;
  const closed = new Promise<void>((resolve) => (ended = resolve));
  const close = (): Promise<void> =>
    (closing ??= server
      .close()
      .catch(() => undefined)
      .finally(ended));
  const onclose = server.server.onclose;
  server.server.onclose = () => {
    onclose?.();
    void close();
  };
  // The SDK's own complaints (a response to an unknown id, a failed send) go to stderr.
  server.server.onerror = (error) => logLine(error.message);
  await server.connect(transport);
  return { close, closed };
}
