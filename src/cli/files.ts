// File discovery and reading moved to src/workspace/files.ts (shared by every front
// door); re-exported here for the CLI's commands.
export * from '../workspace/files.js';
