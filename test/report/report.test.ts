// The HTML quality report: its content (escaped, self-contained), `reportCommand` on a
// temporary project, and the page in a real browser: headless Chromium (Debian's
// /usr/bin/chromium) driven by playwright-core, which checks the function table, sorts it
// by clicking its headers, makes sure nothing is fetched, and takes a screenshot. Set
// RUCHY_AGENT_REPORT_PNG=FILE to keep a copy of the screenshot (docs/report.png is one).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, describe, expect, test } from 'vitest';
import { reportCommand } from '../../src/cli/commands/report.js';
import { renderHtmlReport, type ReportData } from '../../src/report/html.js';
import { makeTempProject } from '../helpers/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
const folders: string[] = [];

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  folders.push(dir);
  return dir;
}

afterAll(() => {
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

async function report(cwd: string, target: string | undefined, html: string | undefined, extra: { maxComplexity?: number } = {}) {
  let stdout = '';
  let stderr = '';
  const status = await reportCommand(target, { html, now: new Date('2026-01-02T03:04:05Z'), ...extra }, { cwd, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { status, stdout, stderr };
}

const DATA: ReportData = {
  title: 'Report <of> "things"',
  root: '/srv/project',
  generated: '2026-01-02T03:04:05.000Z',
  limits: { cyclomatic: 10, cognitive: 8 },
  files: [
    {
      path: 'src/a&b.ruchy',
      diagnostics: [{ severity: 'error', code: 'R0202', message: 'cannot apply `+` to `<script>alert(1)</script>`', line: 3, column: 7 }],
      functions: [{ qualifiedName: 'Point::<lt>', line: 1, cyclomatic: 12, cognitive: 3, lines: 20, overLimit: true }],
    },
    { path: 'broken.ruchy', diagnostics: [], functions: [], error: 'not valid UTF-8 text' },
  ],
};

describe('renderHtmlReport', () => {
  test('text from the project is escaped', () => {
    const html = renderHtmlReport(DATA);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('<title>Report &#60;of&#62; &#34;things&#34;</title>');
    expect(html).toContain('src/a&#38;b.ruchy');
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  test('self-contained: nothing to fetch, and a policy that forbids fetching anything', () => {
    const html = renderHtmlReport(DATA);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">`);
    expect(html).not.toMatch(/\s(src|href)=/);
    expect(html).not.toMatch(/url\(|@import/);
    // The only URL is the SVG namespace, which is a name, not a resource.
    expect([...html.matchAll(/https?:\/\/[^\s"']+/g)].map((m) => m[0])).toEqual(
      Array(html.match(/<svg /g)?.length ?? 0).fill('http://www.w3.org/2000/svg'),
    );
  });

  test('the summary counts an unreadable file as an error; the charts draw the limit', () => {
    const html = renderHtmlReport(DATA);
    expect(html).toContain('<div class="card bad"><div class="value">2</div><div class="label">errors</div></div>');
    expect(html).toContain('<div class="card bad"><div class="value">1</div><div class="label">over the limits</div></div>');
    expect(html).toContain('limit 10</text>');
    expect(html).toContain('limit 8</text>');
    expect(html).toContain('<span class="badge bad">unreadable</span>');
  });

  test('a project without functions has no chart', () => {
    const html = renderHtmlReport({ ...DATA, files: [] });
    expect(html).toContain('<p class="empty">No functions.</p>');
    expect(html).not.toContain('<svg');
  });
});

const PROJECT = {
  'ruchy-agent.toml': '[quality]\nmax_complexity = 4\n',
  'src/grade.ruchy': `fun grade(score) {
    if score > 90 { "A" } else if score > 80 { "B" } else if score > 70 { "C" } else if score > 60 { "D" } else { "F" }
}

fun is_even(n) {
    n % 2 == 0
}
`,
  'src/main.ruchy': `use grade::grade
use grade::is_even

// TODO: read the scores from a file
fun main() {
    let scores = [95, 72, 40]
    for s in scores {
        if is_even(s) && s > 50 {
            println(grade(s))
        } else {
            println("skip")
        }
    }
}

fun average(xs) {
    let mut total = 0
    for x in xs {
        total += x
    }
    total / xs.len()
}
`,
};

describe('reportCommand', () => {
  test('writes the page and says what is in it', async () => {
    const cwd = makeTempProject(PROJECT);
    folders.push(cwd);
    const result = await report(cwd, undefined, 'out.html');
    expect(result).toEqual({ status: 0, stdout: 'wrote out.html: 2 files, 4 functions (1 over the complexity limits), 0 errors, 2 warnings\n', stderr: '' });
    const html = fs.readFileSync(path.join(cwd, 'out.html'), 'utf8');
    expect(html).toContain('<title>Ruchy quality report: ');
    expect(html).toContain('generated 2026-01-02T03:04:05.000Z');
    expect(html).toContain('limits: cyclomatic 4, cognitive 15');
    expect(html).toContain('TODO comment: read the scores from a file');
    expect(fs.readdirSync(cwd).sort()).toEqual(['out.html', 'ruchy-agent.toml', 'src']);
  });

  test('usage errors: no --html, a path that does not exist', async () => {
    const cwd = makeTempProject({ 'a.ruchy': 'fun main() {\n    println(1)\n}\n' });
    folders.push(cwd);
    expect(await report(cwd, '.', undefined)).toEqual({ status: 2, stdout: '', stderr: 'ruchy-agent: report: give the output file with --html FILE\n' });
    expect(await report(cwd, 'missing', 'r.html')).toEqual({ status: 2, stdout: '', stderr: 'ruchy-agent: missing: no such file or directory\n' });
  });
});

describe.skipIf(!hasChromium)('the report in headless Chromium', () => {
  let context: BrowserContext | null = null;

  afterAll(async () => {
    await context?.close();
  });

  test('the function table has a row per function; a click on a header sorts it; nothing is fetched; a screenshot', async () => {
    const cwd = makeTempProject(PROJECT);
    folders.push(cwd);
    expect((await report(cwd, 'src', 'report.html')).status).toBe(0);
    const file = path.join(cwd, 'report.html');

    // launchPersistentContext passes a fresh --user-data-dir to Chromium.
    context = await chromium.launchPersistentContext(tempDir('ruchy-agent-chromium-'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1200, height: 900 },
    });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(pathToFileURL(file).href);

    const column = (n: number) => page.$$eval(`#functions tbody tr td:nth-child(${n})`, (cells) => cells.map((c) => c.textContent?.trim() ?? ''));
    expect(await page.locator('#functions tbody tr').count()).toBe(4);
    expect(await column(2)).toEqual(['grade', 'is_even', 'main', 'average']);
    expect(await column(4)).toEqual(['5', '1', '4', '2']);
    expect(await page.locator('#functions tbody tr.over').count()).toBe(1);

    const header = (name: string) => page.locator('#functions thead th', { hasText: name });
    await header('Cyclomatic').locator('button').click();
    expect(await header('Cyclomatic').getAttribute('aria-sort')).toBe('ascending');
    expect(await column(4)).toEqual(['1', '2', '4', '5']);
    expect(await column(2)).toEqual(['is_even', 'average', 'main', 'grade']);
    await header('Cyclomatic').locator('button').click();
    expect(await header('Cyclomatic').getAttribute('aria-sort')).toBe('descending');
    expect(await column(4)).toEqual(['5', '4', '2', '1']);
    await header('Function').locator('button').click();
    expect(await header('Function').getAttribute('aria-sort')).toBe('ascending');
    expect(await header('Cyclomatic').getAttribute('aria-sort')).toBe('none');
    expect(await column(2)).toEqual(['average', 'grade', 'is_even', 'main']);

    // The charts: one bar per function, one over the limit, and the limit line.
    expect(await page.locator('#chart-cyclomatic .bar').count()).toBe(4);
    expect(await page.locator('#chart-cyclomatic .bar.over').count()).toBe(1);
    expect(await page.locator('#chart-cyclomatic line.limit').count()).toBe(1);
    expect(await page.locator('#files details.file').count()).toBe(2);

    expect(errors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);

    const shot = path.join(tempDir('ruchy-agent-shot-'), 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    const png = fs.readFileSync(shot);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.length).toBeGreaterThan(10_000);
    const keep = process.env.RUCHY_AGENT_REPORT_PNG;
    if (keep !== undefined && keep !== '') fs.copyFileSync(shot, keep);
  });
});

test.runIf(!hasChromium)('the browser test needs Chromium', () => {
  console.warn(`skipped: the report's browser test needs Debian's chromium at ${CHROMIUM} (apt-get install -y chromium)`);
});
