#!/usr/bin/env node
import { run } from './run.js';
import type { CliIo } from './io.js';

const io: CliIo = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  async readStdin() {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  },
  untilStopped: () =>
    new Promise((resolve) => {
      const stop = (signal: NodeJS.Signals) => {
        resolve(signal);
        // A second Ctrl-C while shutting down means "now".
        process.once(signal, () => process.exit(130));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }),
  ...(process.stderr.isTTY && {
    progress: (text: string) => process.stderr.write(`\r\u001b[2K${text.slice(0, Math.max(20, process.stderr.columns - 1))}`),
  }),
};

process.exitCode = await run(process.argv.slice(2), io);
