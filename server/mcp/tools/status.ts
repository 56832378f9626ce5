// The `status` tool: the workspace at a glance (roots, files, error and warning counts).
// It takes no arguments, and declares so with an explicit empty object schema.

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import { plural } from '../convert.js';
import { workspaceStatus } from '../resources.js';
import { answer, toolHandler, type ToolContext } from './tool.js';

const inputSchema = z.object({}).strict();

export const statusSchema = z.object({
  roots: z.array(z.string()).describe('Absolute paths of the workspace roots.'),
  roots_from: z.enum(['client', 'option']).describe('"client" when the roots come from the client (roots/list), else from --root or the current folder.'),
  files_checked: z.number().int(),
  unreadable_files: z.number().int(),
  errors: z.number().int(),
  warnings: z.number().int(),
  last_check: z.string().nullable().describe('ISO time of the last comparison of the files with the disk.'),
  agent: z.record(z.string(), z.unknown()).optional().describe('When served by the background agent: its state (project, pid, port, quality gate, last full scan, ...).'),
});

export function registerStatus(server: McpServer, context: ToolContext): void {
  server.registerTool(
    'status',
    {
      title: 'Workspace status',
      description: 'Summarize the Ruchy workspace: its roots, how many files were checked, and the total errors and warnings. Takes no arguments.',
      inputSchema,
      outputSchema: statusSchema,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    toolHandler(context, 'status', (_args: z.infer<typeof inputSchema>, service) => {
      const status = workspaceStatus(context.session, service);
      const text = `${plural(status.files_checked, 'file')} under ${status.roots.join(', ')}: ${plural(status.errors, 'error')}, ${plural(status.warnings, 'warning')}` +
        (status.unreadable_files > 0 ? `, ${plural(status.unreadable_files, 'unreadable file')}` : '') + '.' +
        (status.agent !== undefined && typeof status.agent.summary === 'string' ? `\n${status.agent.summary}` : '');
      return answer(text, status);
    }),
  );
}
