// textDocument/diagnostic and workspace/diagnostic (pull diagnostics) with result ids:
// a report the client already has is answered as `unchanged`. A workspace pull with
// nothing new waits for the next change (or its cancellation) before answering.

import * as L from 'vscode-languageserver/node.js';
import type { CancellationToken } from '../../../src/service/host.js';
import type { Diagnostics } from '../diagnostics.js';
import type { Session } from '../session.js';

export function documentDiagnostics(session: Session, diagnostics: Diagnostics, params: L.DocumentDiagnosticParams, token: L.CancellationToken): Promise<L.DocumentDiagnosticReport> {
  return session.request(token, (service) => {
    const uri = session.serviceUri(params.textDocument.uri);
    const report = diagnostics.report(service, uri, adapt(token));
    if (report === null) return { kind: L.DocumentDiagnosticReportKind.Full, items: [] };
    if (report.resultId === params.previousResultId) return { kind: L.DocumentDiagnosticReportKind.Unchanged, resultId: report.resultId };
    return { kind: L.DocumentDiagnosticReportKind.Full, resultId: report.resultId, items: report.diagnostics };
  });
}

export async function workspaceDiagnostics(session: Session, diagnostics: Diagnostics, params: L.WorkspaceDiagnosticParams, token: L.CancellationToken): Promise<L.WorkspaceDiagnosticReport> {
  const previous = new Map(params.previousResultIds.map((p) => [session.serviceUri(p.uri), p.value]));
  for (;;) {
    const revision = diagnostics.currentRevision;
    const items = await session.request(token, (service) => {
      const out: L.WorkspaceDocumentDiagnosticReport[] = [];
      const files = new Set(service.files());
      for (const uri of files) {
        const report = diagnostics.report(service, uri, adapt(token));
        if (report === null) continue;
        const base = { uri: session.clientUri(uri), version: session.openVersion(uri) };
        out.push(previous.get(uri) === report.resultId
          ? { ...base, kind: L.DocumentDiagnosticReportKind.Unchanged, resultId: report.resultId }
          : { ...base, kind: L.DocumentDiagnosticReportKind.Full, resultId: report.resultId, items: report.diagnostics });
      }
      // Files that left the workspace: clear what the client holds.
      for (const uri of previous.keys()) {
        if (!files.has(uri)) out.push({ uri: session.clientUri(uri), version: null, kind: L.DocumentDiagnosticReportKind.Full, items: [] });
      }
      return out;
    });
    if (previous.size === 0 || items.some((i) => i.kind === L.DocumentDiagnosticReportKind.Full) || session.shutdownRequested) return { items };
    if (diagnostics.currentRevision !== revision) continue;
    if (!(await diagnostics.nextChange(token))) throw session.requestCancelled();
  }
}

function adapt(token: L.CancellationToken): CancellationToken {
  return {
    get isCancelled() {
      return token.isCancellationRequested;
    },
  };
}
