#!/usr/bin/env node
// Dev/CI control for the embedded Neo4j in this folder: build | start | stop | status.
// Node 20 built-ins only. See README.md for the environment variables.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const MAIN = 'org.parkkg.neo4jlocal.Neo4jLocal';
const JAR = path.join(HERE, 'target', 'neo4j-local.jar');
const LIB = path.join(HERE, 'target', 'lib');

const PORT = Number(process.env.NEO4J_LOCAL_PORT || 7687);
const PASSWORD = process.env.NEO4J_LOCAL_PASSWORD || 'parkkg-dev-password';
const DATA = path.resolve(process.env.NEO4J_LOCAL_DATA || path.join(REPO, 'data', 'neo4j-local'));
const PID_FILE = path.join(DATA, 'neo4j.pid');
const LOG_FILE = path.join(DATA, 'neo4j.log');
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;
// Small heap for dev data; add-opens silence Neo4j's "fallback mode" warnings (as its own launcher does).
const JVM_OPTS = [
  '-Xms256m', '-Xmx512m', '-XX:+ExitOnOutOfMemoryError', '-Dfile.encoding=UTF-8',
  '--add-opens=java.base/java.nio=ALL-UNNAMED', '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED', '--add-opens=java.base/java.lang=ALL-UNNAMED',
  ...(process.env.NEO4J_LOCAL_JAVA_OPTS || '').split(/\s+/).filter(Boolean),
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const uri = (port) => `bolt://127.0.0.1:${port}`;

function die(msg, code = 1) {
  console.error(`neo4j-local: ${msg}`);
  process.exit(code);
}

function javaBin() {
  const fromHome = process.env.JAVA_HOME && path.join(process.env.JAVA_HOME, 'bin', 'java');
  return fromHome && fs.existsSync(fromHome) ? fromHome : 'java';
}

// One-line failure if the tool is absent; returns its combined version output.
function requireTool(cmd, args, hint) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) die(`'${cmd}' not found on PATH (${hint})`);
  return `${r.stdout}${r.stderr}`;
}

function requireJava() {
  const out = requireTool(javaBin(), ['-version'], 'need a JDK 17 or 21, or set JAVA_HOME');
  const m = out.match(/version "(\d+)/);
  if (m && Number(m[1]) < 17) die(`Java ${m[1]} is too old: Neo4j 5.26 needs Java 17 or 21`);
}

function mtime(p) {
  try { return fs.statSync(p).mtimeMs; } catch { return 0; }
}

function newestUnder(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestUnder(p) : mtime(p));
  }
  return newest;
}

function needsBuild() {
  const jar = mtime(JAR);
  if (!jar || !fs.existsSync(LIB) || fs.readdirSync(LIB).length === 0) return true;
  return Math.max(mtime(path.join(HERE, 'pom.xml')), newestUnder(path.join(HERE, 'src'))) > jar;
}

function build({ verbose }) {
  if (!needsBuild()) {
    if (verbose) console.log('neo4j-local: build up to date');
    return;
  }
  requireJava();
  requireTool('mvn', ['-v'], 'need Maven 3.8+ to build graph/neo4j-local');
  console.error('neo4j-local: building (mvn package)...');
  const r = spawnSync('mvn', ['-q', '-B', 'package', '-DskipTests'], {
    cwd: HERE, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Debian's Maven 3.8 prints bare ANSI resets even with -B -q; drop them.
  // eslint-disable-next-line no-control-regex -- ANSI escape sequences are control characters
  const out = `${r.stdout}${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '').trim();
  if (out) console.error(out);
  if (r.status !== 0) die(`mvn package failed (exit ${r.status}) in ${HERE}`);
  // The jar plugin may keep an unchanged jar's old mtime; touch it so the next check is quick.
  const now = new Date();
  fs.utimesSync(JAR, now, now);
}

// Is pid alive and our Java main? Also recovers the port it was started with from /proc.
function procInfo(pid) {
  if (!pid) return { alive: false };
  try { process.kill(pid, 0); } catch (e) { if (e.code !== 'EPERM') return { alive: false }; }
  try {
    // A zombie is dead for our purposes (its parent, this script, may not have reaped it yet).
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (/\)\s+Z/.test(stat)) return { alive: false };
    const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (!args.includes(MAIN)) return { alive: false }; // pid reused by something else
    const i = args.indexOf('--bolt-port');
    return { alive: true, port: i >= 0 ? Number(args[i + 1]) : PORT };
  } catch {
    return { alive: true, port: PORT }; // no /proc (macOS): trust kill(0)
  }
}

function readPid() {
  try { return Number(fs.readFileSync(PID_FILE, 'utf8').trim()) || 0; } catch { return 0; }
}

function removePidFile() {
  fs.rmSync(PID_FILE, { force: true });
}

function portOpen(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    const done = (ok) => { s.destroy(); resolve(ok); };
    s.setTimeout(1000, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

function logTail(fromOffset, lines = 25) {
  try {
    const text = fs.readFileSync(LOG_FILE).subarray(fromOffset).toString('utf8');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch { return ''; }
}

function printRunning(pid, port, extra = '') {
  console.log(`neo4j-local running (pid ${pid})${extra}`);
  console.log(`  uri:  ${uri(port)}`);
  console.log('  user: neo4j   (password: $NEO4J_LOCAL_PASSWORD or the dev default)');
  console.log(`  data: ${DATA}`);
}

async function start() {
  const oldPid = readPid();
  const old = procInfo(oldPid);
  if (old.alive) {
    // Ours but maybe still starting: give it the normal start timeout.
    for (const t0 = Date.now(); Date.now() - t0 < START_TIMEOUT_MS; await sleep(250)) {
      if (await portOpen(old.port)) return printRunning(oldPid, old.port, ', already running');
      if (!procInfo(oldPid).alive) break;
    }
    die(`pid ${oldPid} is alive but Bolt port ${old.port} never opened; see ${LOG_FILE}`);
  }
  if (oldPid) removePidFile(); // stale
  if (await portOpen(PORT)) {
    die(`port ${PORT} on 127.0.0.1 is already in use by another process; stop it or set NEO4J_LOCAL_PORT`);
  }

  build({ verbose: false });
  requireJava();
  fs.mkdirSync(DATA, { recursive: true });
  const offset = mtime(LOG_FILE) ? fs.statSync(LOG_FILE).size : 0;
  const fd = fs.openSync(LOG_FILE, 'a');
  fs.writeSync(fd, `--- neo4j-local start ${new Date().toISOString()} port ${PORT}\n`);

  const t0 = Date.now();
  const child = spawn(javaBin(), [
    ...JVM_OPTS, '-cp', `${JAR}${path.delimiter}${path.join(LIB, '*')}`, MAIN,
    '--data-dir', DATA, '--bolt-port', String(PORT),
  ], {
    cwd: DATA, detached: true, stdio: ['ignore', fd, fd],
    env: { ...process.env, NEO4J_LOCAL_PASSWORD: PASSWORD }, // env, not argv: keeps it out of ps
  });
  fs.closeSync(fd);
  let exitCode = null;
  child.on('exit', (code, sig) => { exitCode = code ?? sig; });
  fs.writeFileSync(PID_FILE, `${child.pid}\n`);

  // Wait for the READY line, not just an open port: on a fresh store Bolt opens
  // before the configured password has been set.
  while (Date.now() - t0 < START_TIMEOUT_MS) {
    await sleep(200);
    const out = logTail(offset, 1e6);
    if (out.includes('NEO4J_LOCAL_READY')) {
      child.unref();
      printRunning(child.pid, PORT, `, started in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      process.exit(0);
    }
    const failed = out.split('\n').find((l) => l.startsWith('NEO4J_LOCAL_FAILED'));
    if (failed || exitCode !== null) {
      removePidFile();
      die(`${failed || `java exited (${exitCode}) before it was ready`}\n${failed ? '' : logTail(offset)}`);
    }
  }
  child.kill('SIGKILL');
  removePidFile();
  die(`not ready after ${START_TIMEOUT_MS / 1000} s; killed it. Last log lines:\n${logTail(offset)}`);
}

async function stop() {
  const pid = readPid();
  if (!procInfo(pid).alive) {
    if (pid) removePidFile();
    console.log(`neo4j-local not running${pid ? ' (removed stale pid file)' : ''}`);
    return;
  }
  const t0 = Date.now();
  process.kill(pid, 'SIGTERM'); // the JVM shutdown hook closes the store cleanly
  while (procInfo(pid).alive && Date.now() - t0 < STOP_TIMEOUT_MS) await sleep(200);
  if (procInfo(pid).alive) {
    console.error(`neo4j-local: still alive after ${STOP_TIMEOUT_MS / 1000} s, sending SIGKILL`);
    try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
    while (procInfo(pid).alive && Date.now() - t0 < STOP_TIMEOUT_MS + 5000) await sleep(100);
  }
  removePidFile();
  console.log(`neo4j-local stopped (pid ${pid}, ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

async function status() {
  const pid = readPid();
  const info = procInfo(pid);
  if (info.alive && (await portOpen(info.port))) {
    console.log(`running (pid ${pid}) ${uri(info.port)}`);
    return 0;
  }
  console.log(info.alive ? `not ready: pid ${pid} alive but Bolt port ${info.port} closed (starting?)` : 'stopped');
  return 3;
}

const cmd = process.argv[2];
if (cmd === 'build') build({ verbose: true });
else if (cmd === 'start') await start();
else if (cmd === 'stop') await stop();
else if (cmd === 'status') process.exit(await status());
else die('usage: node graph/neo4j-local/control.mjs build|start|stop|status', 2);
