// The floor for start-up: a bare node:http server on a free port, printing a ready line the way the
// CLI does. Spawned exactly like the CLI, so the difference is the emulator's own start-up.
import { createServer } from 'node:http';

const server = createServer((_req, res) => res.end('ok'));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`ready at http://127.0.0.1:${server.address().port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
