// The Agent in process (no daemon): incremental checks leave unchanged files alone (the
// same DocumentState, so neither re-read nor re-parsed), a flood of events overflows the
// queue into one full rescan, files written through MCP tools (rename with apply) reach the
// agent's report, and enable_notifications = false silences resource notifications.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { defaultConfig, type RuchyAgentConfig } from '../../../src/config/config.js';
import { Agent, MAX_PENDING_PATHS } from '../../../server/agent/daemon.js';
import type { Logger } from '../../../server/agent/log.js';
import { statePaths } from '../../../server/agent/state.js';
import { call, structured } from '../mcp/helpers.js';
import { attach, eventually, makeProject, type TempProject } from './helpers.js';

const COMPLEX = 'fun complex(n: i64) -> i64 {\n    if n > 1 {\n        if n > 2 {\n            if n > 3 {\n                return 3\n            }\n        }\n    }\n    0\n}\n';

let project: TempProject | null = null;
let agent: Agent | null = null;

afterEach(async () => {
  await agent?.close();
  agent = null;
  project?.cleanup();
  project = null;
});

function config(change: (c: RuchyAgentConfig) => void = () => undefined): RuchyAgentConfig {
  const c = defaultConfig();
  c.agent.debounce_ms = 50;
  c.agent.check_interval_seconds = 3600;
  change(c);
  return c;
}

async function startAgent(files: Record<string, string>, c: RuchyAgentConfig): Promise<{ agent: Agent; lines: string[] }> {
  project = makeProject(files, 'ruchy-agent-inproc-');
  const lines: string[] = [];
  const log: Logger = { info: (m) => void lines.push(m), warn: (m) => void lines.push(`warning: ${m}`), error: (m) => void lines.push(`error: ${m}`) };
  agent = new Agent({ root: project.dir, config: c, configSource: null, paths: statePaths(project.dir), log, detached: false, onFatal: () => undefined });
  await agent.start();
  return { agent, lines };
}

const uriOf = (file: string) => pathToFileURL(file).href;

describe('Agent (in process)', () => {
  it('re-checks only what changed: other files keep their document', async () => {
    const { agent } = await startAgent({ 'a.ruchy': 'fun a() -> i64 { 1 }\n', 'b.ruchy': 'fun b() -> i64 { 2 }\n' }, config());
    const a = uriOf(path.join(project!.dir, 'a.ruchy'));
    const b = uriOf(path.join(project!.dir, 'b.ruchy'));
    const docA = agent.service.getDocument(a)!;
    const docB = agent.service.getDocument(b)!;
    project!.write('a.ruchy', 'fun a() -> i64 { missing }\n');
    await eventually(() => agent.snapshot().errors === 1, 'the edit of a.ruchy checked');
    expect(agent.service.getDocument(a)).not.toBe(docA);
    expect(agent.service.getDocument(b)).toBe(docB);
  });

  it('turns a flood of events into one full rescan', async () => {
    const { agent, lines } = await startAgent({ 'main.ruchy': 'fun main() {}\n' }, config());
    const count = MAX_PENDING_PATHS + 200;
    for (let i = 0; i < count; i++) fs.writeFileSync(path.join(project!.dir, `f${i}.ruchy`), `fun f${i}() -> i64 { ${i} }\n`);
    await eventually(() => agent.snapshot().files === count + 1, 'every new file checked', 30_000);
    expect(lines.some((l) => l.startsWith('checked (overflow'))).toBe(true);
  });

  it('sees files written by MCP tools (rename with apply) in its report', async () => {
    const { agent } = await startAgent({ 'c.ruchy': COMPLEX }, config((c) => (c.quality.max_complexity = 3)));
    expect(agent.snapshot().quality_gate.over_limit.map((f) => f.name)).toEqual(['complex']);
    const client = await attach(agent.port!);
    const result = await call(client, 'rename', { symbol: 'complex', new_name: 'tangled', apply: true });
    expect(structured<{ applied: boolean }>(result).applied).toBe(true);
    await eventually(() => agent.snapshot().quality_gate.over_limit[0]?.name === 'tangled', 'the renamed function in the report');
    await client.close();
  });

  it('sends no resource notifications with enable_notifications = false', async () => {
    const { agent } = await startAgent({ 'a.ruchy': 'fun a() -> i64 { 1 }\n' }, config((c) => (c.agent.enable_notifications = false)));
    expect(agent.notifications).toBe(false);
    const client = await attach(agent.port!);
    const updated: string[] = [];
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updated.push(n.params.uri));
    await client.subscribeResource({ uri: 'ruchy://file/a.ruchy' });
    const checks = agent.snapshot().checks;
    project!.write('a.ruchy', 'fun a() -> i64 { nope }\n');
    await eventually(() => agent.snapshot().errors === 1 && agent.snapshot().checks > checks, 'the edit checked');
    // The MCP status still reflects it; only the notification is not sent.
    expect(structured<{ errors: number }>(await call(client, 'status', {})).errors).toBe(1);
    expect(updated).toEqual([]);
    await client.close();
  });
});
