/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  stdout(line: string): void;
  stderr(line: string): void;
  env: Record<string, string | undefined>;
  /** Reads all of standard input (for `verify`). */
  readStdin(): Promise<Buffer>;
  /** Resolves when the user asks to stop (SIGINT/SIGTERM). */
  untilStopped(): Promise<string>;
}
