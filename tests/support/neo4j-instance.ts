// A PRIVATE local Neo4j for fault tests: its own Bolt port and data folder under data/neo4j-faults/,
// started and stopped through graph/neo4j-local/control.mjs, and killed, frozen or thawed by the
// pid that control.mjs records. Fault tests stop and crash this instance on purpose, so it must
// never be the developer's Neo4j (7687) or the one `npm run test:all` starts (7688).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CONTROL = path.join(ROOT, 'graph/neo4j-local/control.mjs');
const JAR = path.join(ROOT, 'graph/neo4j-local/target/neo4j-local.jar');
const SHARED_PORTS = new Set([7687, 7688]);
const PASSWORD = 'parkkg-dev-password';

/** One private Neo4j; every method acts on this instance only (checked against /proc). */
export interface PrivateNeo4j {
  readonly port: number;
  readonly uri: string;
  readonly dataDir: string;
  readonly user: string;
  readonly password: string;
  /** Starts it (building the launcher if needed) and resolves with the milliseconds it took. */
  start(): Promise<number>;
  /** Graceful stop (SIGTERM, then SIGKILL after 30 s); idempotent. */
  stop(): Promise<void>;
  /** A crash: SIGKILL to the JVM, then waits until the Bolt port is closed. */
  kill(): Promise<void>;
  /** A hang: SIGSTOP keeps the sockets open but nothing answers; thaw() resumes it. */
  freeze(): void;
  thaw(): void;
  /** The JVM's pid when it is running, else null. */
  pid(): number | null;
}

/** Why the private instance cannot run here ('' when it can): Java, or the launcher and Maven. */
export function privateNeo4jUnavailableReason(): string {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error) return 'java is not on PATH (Neo4j 5.26 needs Java 17 or 21)';
  if (!existsSync(JAR) && spawnSync('mvn', ['-v'], { encoding: 'utf8' }).error) return 'graph/neo4j-local is not built and Maven is not on PATH';
  return '';
}

/** Describes (does not start) a private instance on `port` with data in data/neo4j-faults/<name>. */
export function privateNeo4j(options: { port: number; name: string }): PrivateNeo4j {
  if (SHARED_PORTS.has(options.port)) throw new Error(`port ${options.port} belongs to a shared Neo4j; fault tests use their own port`);
  if (!/^[a-z0-9-]+$/.test(options.name)) throw new Error(`instance name must be kebab-case, not "${options.name}"`);
  const dataDir = path.join(ROOT, 'data', 'neo4j-faults', options.name);
  const env = { ...process.env, NEO4J_LOCAL_PORT: String(options.port), NEO4J_LOCAL_DATA: dataDir, NEO4J_LOCAL_PASSWORD: PASSWORD };
  const control = (command: 'start' | 'stop') => runControl(command, env);

  const ownPid = (): number | null => {
    let pid: number;
    try {
      pid = Number(readFileSync(path.join(dataDir, 'neo4j.pid'), 'utf8').trim());
    } catch {
      return null;
    }
    if (!Number.isInteger(pid) || pid <= 0) return null;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (/\)\s+Z/.test(stat)) return null;
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      // Only a JVM started for this data folder and port is ours to signal.
      const port = args[args.indexOf('--bolt-port') + 1];
      return args.includes(dataDir) && port === String(options.port) ? pid : null;
    } catch {
      return null;
    }
  };
  const signal = (name: NodeJS.Signals): number => {
    const pid = ownPid();
    if (pid === null) throw new Error(`private Neo4j on port ${options.port} is not running`);
    process.kill(pid, name);
    return pid;
  };

  return {
    port: options.port,
    uri: `bolt://127.0.0.1:${options.port}`,
    dataDir,
    user: 'neo4j',
    password: PASSWORD,
    async start() {
      const started = performance.now();
      // A run that died mid-test may have left it frozen; control.mjs would call that "running".
      const left = ownPid();
      if (left !== null) process.kill(left, 'SIGCONT');
      await control('start');
      return Math.round(performance.now() - started);
    },
    async stop() {
      const pid = ownPid();
      // A frozen JVM would ignore SIGTERM until the 30 s SIGKILL fallback.
      if (pid !== null) process.kill(pid, 'SIGCONT');
      await control('stop');
    },
    async kill() {
      const pid = signal('SIGKILL');
      const deadline = Date.now() + 15_000;
      while (ownPid() === pid || (await portOpen(options.port))) {
        if (Date.now() > deadline) throw new Error(`private Neo4j (pid ${pid}) still answers 15 s after SIGKILL`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    freeze() {
      signal('SIGSTOP');
    },
    thaw() {
      signal('SIGCONT');
    },
    pid: ownPid,
  };
}

function runControl(command: 'start' | 'stop', env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CONTROL, command], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`control.mjs ${command} exited ${String(code)}:\n${output.trim()}`));
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
