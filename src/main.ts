// The composition root: configuration is read here once, then the CLI runs with it.
import { loadConfig } from './config/config.js';
import { runCli } from './cli/run-cli.js';
import { ParkKgError } from './errors.js';

// `park-kg export | head` closes the pipe early; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

try {
  const config = loadConfig();
  process.exitCode = await runCli(process.argv.slice(2), config);
} catch (error) {
  const message = error instanceof ParkKgError ? `[${error.code}] ${error.message}` : String(error);
  process.stderr.write(`park-kg: ${message}\n`);
  process.exitCode = 1;
}
