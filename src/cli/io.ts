/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  stdout(line: string): void;
  stderr(line: string): void;
  env: Record<string, string | undefined>;
  /** Reads all of standard input (for `verify`). */
  readStdin(): Promise<Buffer>;
  /**
   * Resolves when the user asks to stop (SIGINT/SIGTERM). The handlers are installed by the call, not
   * by the `await`: call it before announcing readiness, or a signal sent the moment the ready line
   * appears finds no handler and ends the process without a clean shutdown.
   */
  untilStopped(): Promise<string>;
  /**
   * Rewrites one status line on the terminal (stderr); `''` clears it. Absent when stderr is not a
   * terminal, so logs, pipes and tests get no progress lines.
   */
  progress?(text: string): void;
}
