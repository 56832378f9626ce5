// `agent run`: the same daemon in the foreground (systemd, containers): logs on stderr,
// holds the project's lock, answers MCP, and stops cleanly on SIGTERM. Also: a stale pid
// file left by a dead process is cleaned up by `agent start`; bad arguments exit 2.

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { childEnv, call, structured } from '../mcp/helpers.js';
import { EXECUTABLE, agentBin, alive, attach, eventually, makeProject, pidFile, readAgentState, stateFile, type TempProject } from './helpers.js';

const projects: TempProject[] = [];

function newProject(): TempProject {
  const project = makeProject({ 'main.ruchy': 'fun main() {\n    println(missing_name)\n}\n' }, 'ruchy-agent-fg-');
  projects.push(project);
  return project;
}

afterAll(() => {
  for (const p of projects) p.cleanup();
});

describe('agent run (foreground)', () => {
  it('serves, logs to stderr, and stops cleanly on SIGTERM', async () => {
    const project = newProject();
    const child = spawn(process.execPath, [EXECUTABLE, 'agent', 'run', '--project-path', project.dir], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    try {
      const state = await eventually(() => {
        const s = readAgentState(project.dir);
        return s !== null && s.pid === child.pid && s.state === 'ready' ? s : undefined;
      }, 'the foreground agent to be ready');
      expect(state).toMatchObject({ detached: false, files: 1, errors: 1, token_required: false });
      expect(stderr).toMatch(/ready: MCP endpoint http:\/\/127\.0\.0\.1:\d+\/mcp/);

      // It holds the lock: `start` is refused.
      const start = await agentBin(['start', '--project-path', project.dir]);
      expect(start.code).toBe(1);
      expect(start.stderr).toMatch(/already running/);

      const client = await attach(state.port!);
      const status = structured<{ files_checked: number; agent: { pid: number } }>(await call(client, 'status', {}));
      expect(status).toMatchObject({ files_checked: 1, agent: { pid: child.pid } });
      await client.close();

      child.kill('SIGTERM');
      const exit = await exited;
      expect(exit).toEqual({ code: 0, signal: null });
      expect(stderr).toMatch(/stopping \(received SIGTERM\)/);
      expect(stderr).toMatch(/info: stopped/);
      expect(alive(child.pid!)).toBe(false);
      expect(fs.existsSync(pidFile(project.dir))).toBe(false);
      expect(fs.existsSync(stateFile(project.dir))).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('`start` replaces a stale pid file left by a dead process', async () => {
    const project = newProject();
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    fs.mkdirSync(`${project.dir}/.ruchy-agent`);
    fs.writeFileSync(pidFile(project.dir), `${dead}\n`);
    const status = await agentBin(['status', '--project-path', project.dir]);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/not running .*stale pid file/);

    const started = await agentBin(['start', '--project-path', project.dir]);
    expect(started.code).toBe(0);
    expect(started.stderr).toMatch(/removed a stale pid file \(pid \d+ is not running\)/);
    const pid = readAgentState(project.dir)!.pid;
    expect(pid).not.toBe(dead);
    const stopped = await agentBin(['stop', '--project-path', project.dir]);
    expect(stopped.code).toBe(0);
    await eventually(() => !alive(pid), `pid ${pid} to be gone`);
  });

  it('exits 2 for a missing project folder or a bad configuration', async () => {
    const missing = await agentBin(['start', '--project-path', '/nonexistent/ruchy/project']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such folder/);
    const project = newProject();
    project.write('ruchy-agent.toml', '[agent]\ndebounce = 5\n');
    const bad = await agentBin(['start', '--project-path', project.dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/ruchy-agent\.toml:2: agent\.debounce: unknown key/);
    expect(fs.existsSync(pidFile(project.dir))).toBe(false);
    const run = await agentBin(['run', '--project-path', project.dir]);
    expect(run.code).toBe(2);
  });
});
