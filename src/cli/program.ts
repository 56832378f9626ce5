// The `ruchy-agent` command line: the commands of src/cli defined with commander, and
// `runCli`, the one place where the CLI meets the process (argv, env, cwd, stdout,
// stderr, exit status). The executable (bin/ruchy-agent.ts) adds the server commands of
// server/ through `extend`, so that nothing in src/ depends on server/.
// Commands receive plain options and an io object, and never touch `process` themselves.
//
// Exit status: 0 fine, 1 problems found, 2 usage error, 3 internal error (exit-codes.ts).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { shouldUseColor } from './color.js';
import type { CheckIo } from './commands/check.js';
import { ExitCode } from './exit-codes.js';
import { renderInternalError } from './output.js';

interface CheckFlags {
  json?: boolean;
  exitZero?: boolean;
  color?: boolean;
}

const CHECK_HELP = `
Each problem is printed as
  file:line:column: severity[CODE]: message
followed by the source line with carets under the range, then one summary line.
Lines and columns are 1-based; columns count Unicode code points.

Colour is used when stdout is a terminal. NO_COLOR=1 turns it off, FORCE_COLOR=1 turns it
on; --color and --no-color override both.

Exit status:
  0  no errors (or --exit-zero)
  1  at least one error, or a file that could not be read
  2  usage error, such as a path that does not exist (other paths are still checked)

Examples:
  $ ruchy-agent check                     check every .ruchy file under the current folder
  $ ruchy-agent check src main.ruchy      a folder and a file
  $ ruchy-agent check --json src > report.json`;

const DIAGNOSTICS_HELP = `
Diagnostics are printed on stderr as 'check' prints them (file:line:column: severity[CODE]:
message, then the source line with carets). Colour follows the rules of 'check', asked of
stderr: NO_COLOR, FORCE_COLOR, --color and --no-color.`;

const PROGRAM_HELP = `
Run 'ruchy-agent help <command>' for the options of a command.`;

/** What `extend` gets to add commands: the program and how to report an exit status. */
export interface CliContext {
  io: CheckIo;
  setExitCode(code: number): void;
}

export function createProgram(version: string, io: CheckIo, setExitCode: (code: number) => void): Command {
  const program = new Command('ruchy-agent')
    .description('Language agent for the Ruchy programming language.')
    .version(version, '-V, --version', 'print the version of ruchy-agent')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .addHelpText('after', PROGRAM_HELP);

  program
    .command('check')
    .summary('report syntax and semantic problems in Ruchy files')
    .description('Check Ruchy files and report their diagnostics.\nFolders are searched recursively for *.ruchy files, skipping node_modules, .git, dist, target and hidden folders.')
    .argument('[paths...]', 'files or folders to check (default: the current folder)')
    .option('--json', 'print one JSON document instead of human-readable text')
    .option('--exit-zero', 'exit with status 0 even when errors are found (a missing path still exits 2)')
    .option('--color', 'always use colour')
    .option('--no-color', 'never use colour')
    .addHelpText('after', CHECK_HELP)
    .action(async (paths: string[], flags: CheckFlags) => {
      // Loaded on use: building the parser takes a moment that --help and --version need not pay.
      const { runCheck } = await import('./commands/check.js');
      const color = shouldUseColor({ flag: flags.color, env: process.env, isTTY: process.stdout.isTTY === true });
      setExitCode(runCheck(paths, { json: flags.json === true, exitZero: flags.exitZero === true, color }, io));
    });

  program
    .command('compile')
    .summary('compile a Ruchy file to JavaScript')
    .description('Compile a Ruchy file to a JavaScript ES module (with a source map when writing to a file).\nDiagnostics go to stderr; constructs outside the compiled core are reported, never miscompiled.')
    .argument('<file>', 'the Ruchy file to compile')
    .option('-o, --out <file>', 'write the module to this file (atomically) instead of stdout; the source map goes beside it')
    .option('--source-map', 'also when printing to stdout, append an inline source map')
    .option('--color', 'always colour the diagnostics')
    .option('--no-color', 'never colour the diagnostics')
    .addHelpText('after', DIAGNOSTICS_HELP)
    .action(async (file: string, flags: { out?: string; sourceMap?: boolean; color?: boolean }) => {
      const { compileCommand } = await import('./commands/compile.js');
      setExitCode(await compileCommand(file, { out: flags.out, sourceMap: flags.sourceMap, color: stderrColor(flags.color) }));
    });

  program
    .command('run')
    .summary('compile and run a Ruchy file in a sandbox')
    .description(
      'Compile a Ruchy file and run it in a sandboxed child process: no file, network or process access\n' +
        'unless granted, a time limit and a memory limit. Prints what the program prints and exits with its status.',
    )
    .argument('<file>', 'the Ruchy file to run')
    .argument('[args...]', 'arguments for the program (after --)')
    .option('--timeout <ms>', 'stop the program after this many milliseconds', parseInteger, 10_000)
    .option('--memory <mb>', 'heap limit of the program in megabytes', parseInteger, 256)
    .option('--allow-read <dir>', 'let the program read files under this folder (repeatable)', collect, [])
    .option('--allow-write <dir>', 'let the program write files under this folder (repeatable)', collect, [])
    .option('--color', 'always colour the diagnostics')
    .option('--no-color', 'never colour the diagnostics')
    .addHelpText('after', DIAGNOSTICS_HELP)
    .action(async (file: string, args: string[], flags: { timeout: number; memory: number; allowRead: string[]; allowWrite: string[]; color?: boolean }) => {
      const { runCommand } = await import('./commands/run.js');
      setExitCode(
        await runCommand(file, {
          timeout: flags.timeout,
          memory: flags.memory,
          allowRead: flags.allowRead,
          allowWrite: flags.allowWrite,
          args,
          color: stderrColor(flags.color),
        }),
      );
    });


  program
    .command('fmt')
    .summary('format Ruchy files')
    .description('Format Ruchy files (comments kept, meaning unchanged). One file is printed formatted to stdout;\nwith --check, files that would change are listed (exit 1 if any); with --write, they are replaced atomically.\nFiles with syntax errors are never changed.')
    .argument('[paths...]', 'files or folders (default: the current folder)')
    .option('--check', 'list the files that would change, change nothing; exit 1 if any')
    .option('--write', 'rewrite the files that change (atomically)')
    .option('--indent <n>', 'spaces per indentation level (default 4)', parseInteger)
    .option('--max-width <n>', 'line width to fit in (default 100)', parseInteger)
    .option('--color', 'always colour the diagnostics')
    .option('--no-color', 'never colour the diagnostics')
    .action(async (paths: string[], flags: { check?: boolean; write?: boolean; indent?: number; maxWidth?: number; color?: boolean }) => {
      const { fmtCommand } = await import('./commands/fmt.js');
      setExitCode(
        await fmtCommand(paths, { check: flags.check, write: flags.write, indent: flags.indent, maxWidth: flags.maxWidth, color: stderrColor(flags.color) }, io),
      );
    });

  // ---- quality: lint (the gate), report, hook (src/cli/commands/{lint,report,hook}.ts)
  program
    .command('lint')
    .summary('check Ruchy files against the style rules and the quality gate')
    .description(
      'Everything `check` reports, plus naming conventions, empty blocks, TODO/FIXME comments and the complexity limits of ruchy-agent.toml, with refactoring suggestions for complex functions.\n' +
        'Exit status: 0 the quality gate passes; 1 an error, or a function over the limits when quality.enforce_standards is true; 2 a usage error (a missing path, a bad configuration).',
    )
    .argument('[paths...]', 'files or folders to lint (default: the current folder)')
    .option('--fix', 'apply the safe fixes first (unused imports, needless `mut`, `_` prefixes), writing files atomically')
    .option('--json', 'print one JSON document instead of human-readable text')
    .option('--sarif [file]', 'SARIF 2.1.0: on stdout, or written to FILE beside the normal output')
    .option('--config <file>', 'read settings from this file instead of the nearest ruchy-agent.toml')
    .option('--max-complexity <n>', 'override quality.max_complexity (cyclomatic)', parseInteger)
    .option('--max-cognitive <n>', 'override quality.max_cognitive_complexity', parseInteger)
    .option('--color', 'always use colour')
    .option('--no-color', 'never use colour')
    .action(async (paths: string[], flags: { fix?: boolean; json?: boolean; sarif?: string | boolean; config?: string; maxComplexity?: number; maxCognitive?: number; color?: boolean }) => {
      const { lintCommand } = await import('./commands/lint.js');
      const color = shouldUseColor({ flag: flags.color, env: process.env, isTTY: process.stdout.isTTY === true });
      setExitCode(await lintCommand(paths, { ...flags, color }, io));
    });

  program
    .command('report')
    .summary('write an HTML quality report of a project')
    .argument('[path]', 'the project folder or a file (default: the current folder)')
    .requiredOption('--html <file>', 'write the self-contained HTML page to this file')
    .option('--config <file>', 'read settings from this file instead of the nearest ruchy-agent.toml')
    .option('--max-complexity <n>', 'override quality.max_complexity (cyclomatic)', parseInteger)
    .option('--max-cognitive <n>', 'override quality.max_cognitive_complexity', parseInteger)
    .action(async (target: string | undefined, flags: { html: string; config?: string; maxComplexity?: number; maxCognitive?: number }) => {
      const { reportCommand } = await import('./commands/report.js');
      setExitCode(await reportCommand(target, flags, io));
    });

  const hook = program.command('hook').summary('manage the git pre-commit hook that runs the quality gate');
  registerInstallHook(hook.command('install'), { io, setExitCode }, '--project-dir');

  return program;
}

/**
 * The options and action of `hook install`, also registered as `agent install-hook` (the
 * name the background agent's documentation uses) by the executable.
 */
export function registerInstallHook(command: Command, context: CliContext, dirFlag: '--project-dir' | '--project-path'): Command {
  return command
    .description('Install a git pre-commit hook that runs `ruchy-agent lint` on the staged .ruchy files.')
    .option('--force', 'replace a pre-commit hook that ruchy-agent did not write (it is kept as pre-commit.bak)')
    .option(`${dirFlag} <dir>`, 'the repository (default: the current folder)')
    .action(async (flags: { force?: boolean; projectDir?: string; projectPath?: string }) => {
      const { hookCommand } = await import('./commands/hook.js');
      context.setExitCode(hookCommand({ force: flags.force, projectDir: flags.projectDir ?? flags.projectPath }, context.io));
    });
}

/** Colour for diagnostics on stderr: the same rules as `check`, asked of stderr. */
function stderrColor(flag: boolean | undefined): boolean {
  return shouldUseColor({ flag, env: process.env, isTTY: process.stderr.isTTY === true });
}

function parseInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return parsed;
}

/** The version from this package's package.json, found by walking up from this file. */
function packageVersion(): string {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const version = readVersion(path.join(folder, 'package.json'));
    if (version !== undefined) return version;
    const parent = path.dirname(folder);
    if (parent === folder) return '0.0.0-unknown';
    folder = parent;
  }
}

function readVersion(file: string): string | undefined {
  try {
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
    return manifest.name === 'ruchy-agent' && typeof manifest.version === 'string' ? manifest.version : undefined;
  } catch {
    return undefined;
  }
}

/** Help and --version exit 0; every other commander complaint is a usage error. */
function commanderExitCode(error: CommanderError): number {
  return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
}

/** Runs the command line; `extend` may add commands. Resolves to the exit status. */
export async function runCli(argv: readonly string[], extend?: (program: Command, context: CliContext) => void): Promise<number> {
  const io: CheckIo = {
    cwd: process.cwd(),
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
  };
  let exitCode: number = ExitCode.Ok;
  try {
    const setExitCode = (code: number) => (exitCode = code);
    const program = createProgram(packageVersion(), io, setExitCode);
    extend?.(program, { io, setExitCode });
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExitCode(error);
    io.stderr(renderInternalError(error));
    return ExitCode.Internal;
  }
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
