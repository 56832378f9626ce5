// The files of the workspace folders, kept in the service so that cross-file references,
// rename and workspace symbols see every file, not only the open ones.
//
// Indexing reads every *.ruchy under the folders (the same search as `ruchy-agent check`)
// with `$/progress` reports, giving the event loop a turn now and then. Files the editor
// has open are skipped: the editor's text wins. Changes on disk reported by the client
// (didChangeWatchedFiles) and workspace folder changes update the service the same way.

import { fileURLToPath, pathToFileURL } from 'node:url';
import * as L from 'vscode-languageserver/node.js';
import { collectFiles, readSourceFile } from '../../src/service/host.js';
import type { LanguageService } from '../../src/service/language-service.js';
import type { Diagnostics } from './diagnostics.js';
import { workspaceFile } from './documents.js';
import { nextTurn, type Session } from './session.js';

/** Longest stretch of reading between two turns of the event loop. */
const SLICE_MS = 15;
/** How long to wait for the client to accept a progress token before indexing without one. */
const PROGRESS_TIMEOUT_MS = 2000;

/** Loads the service and reads every file of `folders` into it, reporting progress. */
export async function indexFolders(session: Session, diagnostics: Diagnostics, folders: readonly string[]): Promise<void> {
  const service = await session.loadService();
  const files = folders.length === 0 ? [] : collectFiles(folders, process.cwd()).targets.flatMap((t) => (t.kind === 'file' ? [t.absolute] : []));
  const progress = files.length > 0 && session.features.workDoneProgress ? await createProgress(session) : null;
  progress?.begin('Indexing Ruchy files', 0, `0/${files.length} files`, false);
  let slice = performance.now();
  let loaded = 0;
  for (const [i, file] of files.entries()) {
    if (load(session, service, file)) loaded++;
    if (performance.now() - slice > SLICE_MS) {
      progress?.report(Math.floor((100 * (i + 1)) / files.length), `${i + 1}/${files.length} files`);
      await nextTurn();
      slice = performance.now();
    }
  }
  progress?.report(100, `${files.length}/${files.length} files`);
  progress?.done();
  if (files.length > 0) session.log.info(`ruchy-agent: indexed ${loaded} of ${files.length} Ruchy files in ${folders.join(', ')}`);
  diagnostics.changedMany();
}

/** A progress reporter, or null when the client does not answer `window/workDoneProgress/create` in time. */
async function createProgress(session: Session): Promise<L.WorkDoneProgressServerReporter | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), PROGRESS_TIMEOUT_MS)));
  try {
    return await Promise.race([session.connection.window.createWorkDoneProgress(), timeout]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/** Reads a file from disk into the service unless the editor has it open. True if it changed. */
function load(session: Session, service: LanguageService, file: string): boolean {
  const uri = session.serviceUri(pathToFileURL(file).href);
  if (session.open.has(uri)) return false;
  const source = readSourceFile(file);
  if ('error' in source) {
    session.log.info(`ruchy-agent: skipped ${file}: ${source.error}`);
    return false;
  }
  if (service.getDocument(uri)?.text === source.text) return false;
  service.setFile(uri, source.text);
  return true;
}

/** Files changed, created or deleted outside the editor. */
export function filesChanged(session: Session, diagnostics: Diagnostics, changes: readonly L.FileEvent[]): void {
  session.mutate(null, (service) => {
    for (const change of changes) {
      const uri = session.serviceUri(change.uri);
      if (session.open.has(uri)) continue;
      if (change.type === L.FileChangeType.Deleted) {
        if (service.removeFile(uri)) diagnostics.removed(uri);
        else removeUnder(session, service, diagnostics, uri);
        continue;
      }
      const file = workspaceFile(session, uri);
      if (file !== null && load(session, service, file)) diagnostics.changed(uri);
    }
  });
}

/** Workspace folders added or removed. */
export function foldersChanged(session: Session, diagnostics: Diagnostics, event: L.WorkspaceFoldersChangeEvent): void {
  const paths = (folders: readonly L.WorkspaceFolder[]) =>
    folders.flatMap((f) => {
      try {
        return [fileURLToPath(f.uri)];
      } catch {
        return [];
      }
    });
  const removed = paths(event.removed);
  const added = paths(event.added);
  session.folders = [...session.folders.filter((f) => !removed.includes(f)), ...added.filter((f) => !session.folders.includes(f))];
  session.mutate(null, (service) => {
    for (const folder of removed) removeUnder(session, service, diagnostics, pathToFileURL(folder).href);
  });
  if (added.length > 0) session.trackIndexing(indexFolders(session, diagnostics, added));
}

/** Drops the files under a folder URI (a deleted or removed folder), except open ones and those still in a workspace folder. */
function removeUnder(session: Session, service: LanguageService, diagnostics: Diagnostics, folderUri: string): void {
  const prefix = folderUri.endsWith('/') ? folderUri : `${folderUri}/`;
  for (const uri of service.files()) {
    if (!uri.startsWith(prefix) || session.open.has(uri)) continue;
    const file = workspaceFile(session, uri);
    if (file !== null && !('error' in readSourceFile(file))) continue;
    service.removeFile(uri);
    diagnostics.removed(uri);
  }
}
