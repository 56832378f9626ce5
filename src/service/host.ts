// What the front doors (server/) need of the engine besides the language service itself:
// finding and reading workspace files, cancellation, the table of diagnostic codes, the
// workspace path guard. Re-exported here so that server/ depends on src/service only.

export {
  collectFiles,
  decodeSource,
  describeError,
  isSkippedFolder,
  readSourceFile,
  SOURCE_EXTENSION,
  type Collected,
  type SourceText,
  type Target,
} from '../workspace/files.js';
export { CancellationSource, NeverCancelled, OperationCancelled, throwIfCancelled, type CancellationToken } from '../workspace/program.js';
export { Codes, codeTable, findCode, format, type DiagnosticCode } from '../diagnostics/codes.js';
export { createPathGuard, type PathGuard } from '../workspace/path-guard.js';
export { ConfigError, loadConfig, type RuchyAgentConfig } from '../config/config.js';
export type { DocumentState } from '../workspace/document.js';
