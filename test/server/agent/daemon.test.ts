// The background agent end to end: `agent start` (through the ruchy-agent executable) on a
// temporary project, then edits, new files, renames and deletions on disk, followed
// through its MCP endpoint (an SDK client over Streamable HTTP to the port in agent.json)
// and through `agent status --json`; a second start refused; unreadable and binary files,
// a FIFO, symbolic link loops and a deleted project folder survived; `agent stop` leaving
// no process behind. Every wait polls with a generous deadline; nothing is timed.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { call, structured } from '../mcp/helpers.js';
import { agentBin, alive, attach, eventually, makeProject, pidFile, readAgentState, stateFile, statusJson, type TempProject } from './helpers.js';

const TOKEN = 'agent-test-token';
const CONFIG = `[agent]
name = "test-agent"
debounce_ms = 100
check_interval_seconds = 3600

[monitoring]
ignore_patterns = ["gen/", "target/"]

[quality]
max_complexity = 3

[server]
token = "${TOKEN}"
`;

const CLEAN = 'fun main() {\n    println(1)\n}\n';
const BROKEN = 'fun main() {\n    println(missing_name)\n}\n';
const OTHER_BROKEN = 'fun other() {\n    println(another_missing)\n}\n';
const COMPLEX = `fun complex(n: i64) -> i64 {
    if n > 1 {
        if n > 2 {
            if n > 3 {
                if n > 4 {
                    return 4
                }
            }
        }
    }
    0
}
`;

const isRoot = process.getuid?.() === 0;

let project: TempProject;
let pid = 0;
let port = 0;
let client: Client | null = null;

type StatusOut = { files_checked: number; unreadable_files: number; errors: number; agent: { project: string; project_missing: boolean; pid: number; quality_gate: { passed: boolean; over_limit: { name: string }[] } } };

async function mcpStatus(): Promise<StatusOut> {
  const result = await call(client!, 'status', {});
  expect(result.isError).toBeFalsy();
  return structured<StatusOut>(result);
}

describe('agent start / status / stop (detached daemon)', () => {
  beforeAll(() => {
    project = makeProject({ 'ruchy-agent.toml': CONFIG, 'main.ruchy': BROKEN, 'complex.ruchy': COMPLEX, 'gen/generated.ruchy': BROKEN }, 'ruchy-agent-daemon-');
  });

  afterAll(async () => {
    await client?.close().catch(() => undefined);
    if (pid > 0 && alive(pid)) {
      await agentBin(['stop', '--project-path', project.dir]);
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
    project.cleanup();
  });

  it('starts detached, writes agent.pid and agent.json, and prints the status once it answers', async () => {
    const started = await agentBin(['start', '--project-path', project.dir]);
    expect(started.stderr).toBe('');
    expect(started.code).toBe(0);
    expect(started.stdout).toMatch(/started for .* \(pid \d+/);
    expect(started.stdout).toMatch(/MCP endpoint: http:\/\/127\.0\.0\.1:\d+\/mcp \(bearer token required\)/);
    const state = readAgentState(project.dir)!;
    expect(state).toMatchObject({ name: 'test-agent', project: project.dir, state: 'ready', detached: true, token_required: true, files: 2, errors: 1 });
    expect(state.port).toBeGreaterThan(0);
    expect(Date.parse(state.started_at)).not.toBeNaN();
    pid = state.pid;
    port = state.port!;
    expect(fs.readFileSync(pidFile(project.dir), 'utf8').trim()).toBe(String(pid));
    expect(alive(pid)).toBe(true);
    expect(started.stdout).toContain(`pid ${pid}`);
    expect(started.stdout).toContain(`:${port}/mcp`);
    // The quality gate: an error and a function over max_complexity = 3.
    expect(state.quality_gate).toMatchObject({ enforced: true, passed: false, max_complexity: 3 });
    expect(state.quality_gate.over_limit.map((f) => f.name)).toEqual(['complex']);
  });

  it('refuses a second instance for the same project', async () => {
    const second = await agentBin(['start', '--project-path', project.dir]);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`already running for .* \\(pid ${pid}`));
    expect(readAgentState(project.dir)!.pid).toBe(pid);
    const run = await agentBin(['run', '--project-path', project.dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/already running/);
  });

  it('reports running, files, problems, the quality gate, the last check and the port in `agent status`', async () => {
    const json = await statusJson(project.dir);
    expect(json).toMatchObject({ running: true, pid, port, files: 2, errors: 1, project_missing: false });
    expect(json.last_check).toEqual(expect.any(String));
    const human = await agentBin(['status', '--project-path', project.dir]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/running for/);
    expect(human.stdout).toMatch(/files: 2 checked/);
    expect(human.stdout).toMatch(/problems: 1 error/);
    expect(human.stdout).toMatch(/quality gate: failed .*1 function over the limits/);
    expect(human.stdout).toMatch(/complex\.ruchy:1:5 complex: cyclomatic 5/);
    expect(human.stdout).toMatch(/last check: /);
  });

  it('serves its live state over MCP (Streamable HTTP, bearer token)', async () => {
    await expect(attach(port)).rejects.toThrow();
    client = await attach(port, TOKEN);
    const status = await mcpStatus();
    expect(status).toMatchObject({ files_checked: 2, errors: 1 });
    expect(status.agent).toMatchObject({ project: project.dir, pid, project_missing: false, quality_gate: { passed: false } });
    const resource = await client.readResource({ uri: 'ruchy://status' });
    const parsed = JSON.parse((resource.contents[0] as { text: string }).text) as { agent: { port: number } };
    expect(parsed.agent.port).toBe(port);
    // The ignored folder is not part of the workspace.
    const diagnostics = structured<{ diagnostics: { path: string }[] }>(await call(client, 'diagnostics', {}));
    expect(diagnostics.diagnostics.map((d) => d.path)).not.toContain('gen/generated.ruchy');
  });

  it('follows edits, new files, renames and deletions on its own (watcher, debounce, notifications)', async () => {
    const updated: string[] = [];
    client!.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updated.push(n.params.uri));
    await client!.subscribeResource({ uri: 'ruchy://file/main.ruchy' });
    await client!.subscribeResource({ uri: 'ruchy://diagnostics' });

    // An edit: the subscriber hears of it without asking, and agent.json follows.
    const checks = readAgentState(project.dir)!.checks;
    project.write('main.ruchy', CLEAN);
    await eventually(() => updated.includes('ruchy://file/main.ruchy'), 'a resource-updated notification for main.ruchy');
    await eventually(() => readAgentState(project.dir)!.errors === 0, 'agent.json: 0 errors after the fix');
    expect(readAgentState(project.dir)!.checks).toBeGreaterThan(checks);
    expect(await statusJson(project.dir)).toMatchObject({ running: true, files: 2, errors: 0 });

    // A new file.
    project.write('new.ruchy', OTHER_BROKEN);
    await eventually(() => {
      const s = readAgentState(project.dir)!;
      return s.files === 3 && s.errors === 1;
    }, 'agent.json: the new file checked');

    // A rename: the workspace summary changes (notified), the old name is gone.
    const before = updated.filter((u) => u === 'ruchy://diagnostics').length;
    fs.renameSync(path.join(project.dir, 'new.ruchy'), path.join(project.dir, 'renamed.ruchy'));
    await eventually(() => updated.filter((u) => u === 'ruchy://diagnostics').length > before, 'a notification for ruchy://diagnostics after the rename');
    const summary = JSON.parse(((await client!.readResource({ uri: 'ruchy://diagnostics' })).contents[0] as { text: string }).text) as { files: { path: string }[] };
    expect(summary.files.map((f) => f.path).sort()).toEqual(['complex.ruchy', 'main.ruchy', 'renamed.ruchy']);
    expect(readAgentState(project.dir)).toMatchObject({ files: 3, errors: 1 });

    // A deletion; and a file in an ignored folder changes nothing.
    project.remove('renamed.ruchy');
    project.write('gen/more.ruchy', BROKEN);
    await eventually(() => {
      const s = readAgentState(project.dir)!;
      return s.files === 2 && s.errors === 0;
    }, 'agent.json: the deleted file gone');
    expect(await statusJson(project.dir)).toMatchObject({ files: 2, errors: 0 });

    // A new folder with a file in it.
    project.write('lib/deep/util.ruchy', OTHER_BROKEN);
    await eventually(() => readAgentState(project.dir)!.files === 3, 'agent.json: the file of a new folder');
    const status = await mcpStatus();
    expect(status).toMatchObject({ files_checked: 3, errors: 1 });
    fs.rmSync(path.join(project.dir, 'lib'), { recursive: true });
    await eventually(() => readAgentState(project.dir)!.files === 2, 'agent.json: the removed folder gone');
  });

  it('survives unreadable and binary files, a FIFO and symbolic link loops', async () => {
    project.write('binary.ruchy', 'fun main() {\u0000\u0001\u0002}');
    fs.symlinkSync('loop-b.ruchy', path.join(project.dir, 'loop-a.ruchy'));
    fs.symlinkSync('loop-a.ruchy', path.join(project.dir, 'loop-b.ruchy'));
    fs.symlinkSync('.', path.join(project.dir, 'self'));
    fs.symlinkSync(project.dir, path.join(project.dir, 'up'));
    const secret = project.write('secret.ruchy', BROKEN);
    fs.chmodSync(secret, 0o000);
    execFileSync('mkfifo', [path.join(project.dir, 'pipe.ruchy')]);
    project.write('also.ruchy', OTHER_BROKEN);

    const state = await eventually(() => {
      const s = readAgentState(project.dir)!;
      const names = s.unreadable.map((u) => u.path);
      return names.includes('binary.ruchy') && names.includes('loop-a.ruchy') && names.includes('loop-b.ruchy') && s.files >= 3 ? s : undefined;
    }, 'agent.json: the unreadable files reported, the others checked');
    const reasons = Object.fromEntries(state.unreadable.map((u) => [u.path, u.reason]));
    expect(reasons['binary.ruchy']).toMatch(/binary/);
    expect(reasons['loop-a.ruchy']).toMatch(/symbolic link/);
    if (!isRoot) expect(reasons['secret.ruchy']).toMatch(/permission denied/);
    expect(alive(pid)).toBe(true);
    // The MCP endpoint still answers, and sees the same.
    const status = await mcpStatus();
    expect(status.unreadable_files).toBe(state.unreadable.length);
    expect(status.errors).toBeGreaterThanOrEqual(1);

    for (const name of ['binary.ruchy', 'loop-a.ruchy', 'loop-b.ruchy', 'self', 'up', 'secret.ruchy', 'pipe.ruchy', 'also.ruchy']) fs.rmSync(path.join(project.dir, name), { force: true });
    await eventually(() => {
      const s = readAgentState(project.dir)!;
      return s.unreadable.length === 0 && s.files === 2;
    }, 'agent.json: back to the two files');
  });

  it('keeps running when the project folder is deleted, and recovers when it comes back', async () => {
    fs.rmSync(project.dir, { recursive: true, force: true });
    await eventually(async () => {
      const status = await mcpStatus();
      return status.agent.project_missing && status.files_checked === 0;
    }, 'the MCP status to report the folder missing');
    expect(alive(pid)).toBe(true);

    fs.mkdirSync(project.dir);
    project.write('main.ruchy', BROKEN);
    await eventually(() => {
      const s = readAgentState(project.dir);
      return s !== null && s.pid === pid && !s.project_missing && s.files === 1 && s.errors === 1;
    }, 'agent.json written again after the folder came back');
    expect(fs.readFileSync(pidFile(project.dir), 'utf8').trim()).toBe(String(pid));
    expect(await statusJson(project.dir)).toMatchObject({ running: true, pid, files: 1, errors: 1 });
    const status = await mcpStatus();
    expect(status).toMatchObject({ files_checked: 1, errors: 1, agent: { project_missing: false } });

    // And it watches the new folder.
    project.write('main.ruchy', CLEAN);
    await eventually(() => readAgentState(project.dir)?.errors === 0, 'agent.json: an edit in the folder that came back');
  });

  it('stops gracefully: no process left, pid and state files removed', async () => {
    await client!.close();
    client = null;
    const stopped = await agentBin(['stop', '--project-path', project.dir]);
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toMatch(new RegExp(`stopped \\(pid ${pid}\\)`));
    await eventually(() => !alive(pid), `pid ${pid} to be gone`);
    expect(fs.existsSync(pidFile(project.dir))).toBe(false);
    expect(fs.existsSync(stateFile(project.dir))).toBe(false);
    const status = await agentBin(['status', '--project-path', project.dir, '--json']);
    expect(status.code).toBe(1);
    expect(JSON.parse(status.stdout)).toMatchObject({ running: false });
    const again = await agentBin(['stop', '--project-path', project.dir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/not running/);
  });
});
