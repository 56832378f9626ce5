// MCP resources: `ruchy://diagnostics` (a summary of the workspace), `ruchy://status`
// (files checked, last check, error and warning counts) and the template
// `ruchy://file/{+path}` (one file's diagnostics and outline), all JSON.
//
// Subscriptions: McpServer (SDK 1.x) does not handle resources/subscribe, so the
// capability is declared in server.ts and the requests are handled here on the
// underlying Server. After every refresh that changed files (a tool call, or the watcher
// seeing the disk change), each subscribed resource is recomputed and
// `notifications/resources/updated` goes out when its diagnostics differ from what the
// client last heard; `notifications/resources/list_changed` when files appear or vanish.

import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError, SubscribeRequestSchema, UnsubscribeRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { LanguageService } from '../../src/service/language-service.js';
import type { DocumentSymbol } from '../../src/service/types.js';
import { countSeverities, diagnosticOut, rangeOf, type DiagnosticOut } from './convert.js';
import type { Session } from './session.js';

export const DIAGNOSTICS_URI = 'ruchy://diagnostics';
export const STATUS_URI = 'ruchy://status';
export const FILE_PREFIX = 'ruchy://file/';

const JSON_TYPE = 'application/json';

export function fileResourceUri(display: string): string {
  return FILE_PREFIX + display.split('/').map(encodeURIComponent).join('/');
}

export function workspaceStatus(session: Session, service: LanguageService) {
  let errors = 0;
  let warnings = 0;
  const uris = session.fileUris(service);
  for (const uri of uris) {
    const counts = countSeverities(service.diagnostics(uri));
    errors += counts.error;
    warnings += counts.warning;
  }
  const unreadable = session.unreadableFiles().length;
  return {
    roots: [...session.roots],
    roots_from: session.rootsOrigin,
    files_checked: uris.length,
    unreadable_files: unreadable,
    errors: errors + unreadable,
    warnings,
    last_check: session.files.lastCheck?.toISOString() ?? null,
    // The background agent's own state, when a session is served by it (owner.ts).
    ...(session.options.owner !== undefined ? { agent: session.options.owner.status().fields } : {}),
  };
}

function workspaceSummary(session: Session, service: LanguageService) {
  const files = session.fileUris(service).map((uri) => {
    const counts = countSeverities(service.diagnostics(uri));
    return { path: session.display(uri), resource: fileResourceUri(session.display(uri)), ...counts };
  });
  const totals = { files: files.length, error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of files) {
    totals.error += f.error;
    totals.warning += f.warning;
    totals.info += f.info;
    totals.hint += f.hint;
  }
  return { roots: [...session.roots], totals, files, unreadable: session.unreadableFiles() };
}

interface OutlineNode {
  name: string;
  kind: string;
  detail: string | null;
  line: number;
  column: number;
  end_line: number;
  children: OutlineNode[];
}

function fileReport(session: Session, service: LanguageService, uri: string): { path: string; diagnostics: DiagnosticOut[]; outline: OutlineNode[] } {
  const document = service.getDocument(uri)!;
  const display = session.display(uri);
  const convert = (s: DocumentSymbol): OutlineNode => {
    const range = rangeOf(document.lineIndex, s.selectionRange.start, s.selectionRange.end);
    const whole = rangeOf(document.lineIndex, s.range.start, s.range.end);
    return { name: s.name, kind: s.kind, detail: s.detail, line: range.line, column: range.column, end_line: whole.end_line, children: s.children.map(convert) };
  };
  return {
    path: display,
    diagnostics: service.diagnostics(uri).map((d) => diagnosticOut(document.lineIndex, display, d)),
    outline: service.documentSymbols(uri).map(convert),
  };
}

/** The workspace file a `ruchy://file/...` URI names, or an McpError. */
function fileOfResource(session: Session, service: LanguageService, uri: string): string {
  if (!uri.startsWith(FILE_PREFIX)) throw new McpError(ErrorCode.InvalidParams, `unknown resource ${uri}`);
  const file = session.resolveFile(service, uri.slice(FILE_PREFIX.length));
  if ('error' in file) throw new McpError(ErrorCode.InvalidParams, `resource ${uri}: ${file.error}`);
  return file.uri;
}

export function registerResources(server: McpServer, session: Session): void {
  const json = (uri: string, value: unknown) => ({ contents: [{ uri, mimeType: JSON_TYPE, text: JSON.stringify(value, null, 2) }] });

  server.registerResource(
    'diagnostics',
    DIAGNOSTICS_URI,
    { title: 'Workspace diagnostics', description: 'Error, warning, info and hint counts of every Ruchy file of the workspace, with a resource link per file.', mimeType: JSON_TYPE },
    async (uri, extra) => {
      const service = await session.prepare(extra);
      return json(uri.href, workspaceSummary(session, service));
    },
  );

  server.registerResource(
    'status',
    STATUS_URI,
    { title: 'Checker status', description: 'Workspace roots, files checked, time of the last check, total errors and warnings.', mimeType: JSON_TYPE },
    async (uri, extra) => {
      const service = await session.prepare(extra);
      return json(uri.href, workspaceStatus(session, service));
    },
  );

  server.registerResource(
    'file',
    new ResourceTemplate(`${FILE_PREFIX}{+path}`, {
      list: async (extra) => {
        const service = await session.prepare(extra);
        return {
          resources: session.fileUris(service).map((uri) => {
            const display = session.display(uri);
            return { uri: fileResourceUri(display), name: display, title: `${display} (diagnostics and outline)`, mimeType: JSON_TYPE };
          }),
        };
      },
      complete: {
        path: async (value) => {
          const service = await session.prepare();
          return session.fileUris(service).map((uri) => session.display(uri)).filter((p) => p.startsWith(value)).slice(0, 100);
        },
      },
    }),
    { title: 'Ruchy file', description: 'One file of the workspace: its diagnostics (1-based positions) and its outline.', mimeType: JSON_TYPE },
    async (uri, _variables, extra) => {
      const service = await session.prepare(extra);
      return json(uri.href, fileReport(session, service, fileOfResource(session, service, uri.href)));
    },
  );

  registerSubscriptions(server, session);
}

function registerSubscriptions(server: McpServer, session: Session): void {
  /** Subscribed resource URI -> the signature of what the client last heard. */
  const subscribed = new Map<string, string>();
  let pending: NodeJS.Timeout | null = null;
  let checking = false;
  let again = false;

  const signature = (service: LanguageService, uri: string): string => {
    if (uri === DIAGNOSTICS_URI) return JSON.stringify(workspaceSummary(session, service));
    if (uri === STATUS_URI) {
      const { last_check: _ignored, agent: _owner, ...counts } = workspaceStatus(session, service);
      return JSON.stringify([counts, session.options.owner?.status().signature ?? null]);
    }
    try {
      return JSON.stringify(fileReport(session, service, fileOfResource(session, service, uri)).diagnostics);
    } catch {
      return 'missing';
    }
  };

  const notifying = (): boolean => session.options.owner?.notifications ?? true;

  const check = async (): Promise<void> => {
    if (subscribed.size === 0 || !notifying()) return;
    if (checking) {
      again = true;
      return;
    }
    checking = true;
    try {
      const service = await session.files.service();
      for (const [uri, last] of subscribed) {
        const now = signature(service, uri);
        if (now === last) continue;
        subscribed.set(uri, now);
        await server.server.sendResourceUpdated({ uri }).catch(() => undefined);
      }
    } catch (error) {
      session.log('warning', `could not check subscribed resources: ${(error as Error).message}`);
    } finally {
      checking = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  };

  const schedule = (): void => {
    if (pending !== null) clearTimeout(pending);
    pending = setTimeout(() => {
      pending = null;
      void check();
    }, 10);
  };

  server.server.setRequestHandler(SubscribeRequestSchema, async (request, extra) => {
    const uri = request.params.uri;
    const service = await session.prepare(extra);
    if (uri !== DIAGNOSTICS_URI && uri !== STATUS_URI) fileOfResource(session, service, uri);
    subscribed.set(uri, signature(service, uri));
    return {};
  });

  server.server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    subscribed.delete(request.params.uri);
    return {};
  });

  session.onChanges.add((changes, rootsChanged) => {
    if (rootsChanged || changes.added.length > 0 || changes.removed.length > 0) {
      if (server.isConnected() && notifying()) server.sendResourceListChanged();
    }
    schedule();
  });

  // A change on disk: compare the files with the disk now, which notifies through onChanges.
  session.onDiskEvent.add(() => {
    void session
      .prepare()
      .then(() => undefined)
      .catch((error: unknown) => session.log('warning', `re-check after a change on disk failed: ${(error as Error).message}`));
  });
}
