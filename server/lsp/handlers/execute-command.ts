// workspace/executeCommand for `ruchy.run`: runs a file in the service's sandbox and sends
// its output to the client's log (window/logMessage) with a one-line summary
// (window/showMessage). The result is the run's outcome, for clients that want it.

import * as L from 'vscode-languageserver/node.js';
import { RUN_COMMAND } from '../capabilities.js';
import type { Session } from '../session.js';

export interface RunOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
  diagnostics: L.Diagnostic[];
}

export async function executeCommand(session: Session, params: L.ExecuteCommandParams): Promise<RunOutcome> {
  if (params.command !== RUN_COMMAND) throw new L.ResponseError(L.ErrorCodes.InvalidParams, `unknown command: ${params.command}`);
  const target = params.arguments?.[0];
  if (typeof target !== 'string') throw new L.ResponseError(L.ErrorCodes.InvalidParams, `${RUN_COMMAND} expects the URI of a Ruchy file as its argument`);
  const service = await session.ready();
  const uri = session.serviceUri(target);
  const document = service.getDocument(uri);
  if (document === undefined) throw new L.ResponseError(L.LSPErrorCodes.RequestFailed, `not a file of the workspace: ${target}`);
  const name = uri.slice(uri.lastIndexOf('/') + 1);
  const result = await service.run({ uri }, { timeoutMs: session.options.runTimeoutMs, fileName: name });
  const output = [result.stdout, result.stderr].filter((s) => s !== '').join('\n');
  session.connection.console.log(`▶ ${name}\n${output}${output.endsWith('\n') || output === '' ? '' : '\n'}`);
  const summary = result.timedOut
    ? `${name}: stopped after ${Math.round(result.durationMs)} ms (time limit)`
    : `${name}: exited with status ${result.exitCode} in ${Math.round(result.durationMs)} ms`;
  const ok = result.exitCode === 0 && !result.timedOut;
  void session.connection.sendNotification(L.ShowMessageNotification.type, {
    type: ok ? L.MessageType.Info : L.MessageType.Error,
    message: ok || result.stderr.trim() === '' ? summary : `${summary}: ${result.stderr.trim().split('\n')[0]}`,
  });
  return {
    exitCode: result.exitCode,
    stdout: result.stdout,
    stderr: result.stderr,
    timedOut: result.timedOut,
    durationMs: result.durationMs,
    diagnostics: session.convert.diagnostics(uri, document.lineIndex, result.diagnostics),
  };
}
