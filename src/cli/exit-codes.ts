// The exit statuses of `ruchy-agent`, in one place so every command and the help text
// agree on them. Shell scripts and CI read these numbers, so they never change meaning.

export const ExitCode = {
  /** Nothing to report, or `--exit-zero` was given. */
  Ok: 0,
  /** At least one error-severity diagnostic, or a file that could not be read. */
  Problems: 1,
  /** The command line was wrong: an unknown option, a path that does not exist. */
  Usage: 2,
  /** A bug in ruchy-agent itself. */
  Internal: 3,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
