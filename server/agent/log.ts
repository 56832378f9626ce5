// The background agent's log: one line per event, `TIME name[pid] level: message`.
//
// In the foreground (`agent run`, for systemd and containers) lines go to stderr. The
// detached daemon (`agent start`) appends them to .ruchy-agent/agent.log itself, opening
// the file for each line, rather than writing to the descriptor it was started with: when
// the project folder is deleted and comes back, the log comes back with it instead of
// going on into a deleted file. A line that cannot be written is dropped; logging never
// stops the agent.

import * as fs from 'node:fs';
import * as path from 'node:path';

export type LogLevel = 'info' | 'warning' | 'error';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface LoggerOptions {
  /** Shown in every line (`[agent] name`). */
  name: string;
  /** Append to this file (the detached daemon); else write to `sink`. */
  file?: string;
  /** Where lines go without a file (default: process.stderr). */
  sink?: (text: string) => void;
}

export function createLogger(options: LoggerOptions): Logger {
  const write = (level: LogLevel, message: string): void => {
    const line = `${new Date().toISOString()} ${options.name}[${process.pid}] ${level}: ${message}\n`;
    if (options.file === undefined) {
      try {
        if (options.sink !== undefined) options.sink(line);
        else process.stderr.write(line);
      } catch {
        // stderr closed: nothing to do
      }
      return;
    }
    try {
      fs.appendFileSync(options.file, line);
    } catch {
      try {
        // The state folder went away with the project folder and came back without it;
        // never re-create the project folder itself.
        fs.mkdirSync(path.dirname(options.file));
        fs.appendFileSync(options.file, line);
      } catch {
        // dropped
      }
    }
  };
  return {
    info: (message) => write('info', message),
    warn: (message) => write('warning', message),
    error: (message) => write('error', message),
  };
}
