// The one door between a running program and the outside world: output, input, files,
// arguments, and where an error happened. The runner (in-process or the sandboxed child)
// installs a host; programs reach the outside only through it, and file access is
// refused unless the host was given the folder.

export interface Host {
  /** Program stdout (the host may buffer; `flush` is called at the end). */
  out(text: string): void;
  err(text: string): void;
  flush(): void;
  /** Reads a file, or throws a message when access is not granted. */
  readFile(path: string): string;
  writeFile(path: string, data: string): void;
  args: readonly string[];
  stdin: string;
  /** `file:line:col` of the Ruchy source for a JS stack, when known. */
  locate(stack: string): string | null;
  /** Records that the sandbox refused something (the runner logs it); the error is thrown by the caller. */
  refused?(reason: string): void;
}

function processHost(): Host {
  const proc = (globalThis as { process?: NodeJS.Process }).process;
  let buffer = '';
  const flush = (): void => {
    if (buffer.length > 0 && proc !== undefined) proc.stdout.write(buffer);
    buffer = '';
  };
  return {
    out(text) {
      buffer += text;
      if (buffer.length > 1 << 16) flush();
    },
    err(text) {
      flush();
      proc?.stderr.write(text);
    },
    flush,
    readFile() {
      throw new Error('file access is not granted');
    },
    writeFile() {
      throw new Error('file access is not granted');
    },
    args: [],
    stdin: '',
    locate: () => null,
  };
}

let current: Host | null = null;

export function host(): Host {
  current ??= processHost();
  return current;
}

export function setHost(h: Host): void {
  current = h;
}

/** A host that collects output in strings (tests and in-process runs). */
export function memoryHost(options: { stdin?: string; args?: string[] } = {}): Host & { stdout: string; stderr: string } {
  const h = {
    stdout: '',
    stderr: '',
    out(text: string) {
      h.stdout += text;
    },
    err(text: string) {
      h.stderr += text;
    },
    flush() {},
    readFile(): string {
      throw new Error('file access is not granted');
    },
    writeFile(): void {
      throw new Error('file access is not granted');
    },
    args: options.args ?? [],
    stdin: options.stdin ?? '',
    locate: () => null,
  };
  return h;
}
