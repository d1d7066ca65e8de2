// Browser tests drive the built web app in Debian's Chromium against the real server (real
// corpus, memory store) on 127.0.0.1. Without Chromium the suites skip with one line, unless CI
// is set: there a missing browser is a failure, not a skip.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { RuntimeOptions } from '../../../src/app/runtime.js';
import { createApp } from '../../../src/http/create-app.js';
import { startServer, type RunningServer } from '../../../src/http/start-server.js';
import { openTestRuntime } from '../../support/runtime.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve('artifacts/screenshots');
const WEB_DIR = path.resolve('web');
const WEB_DIST = path.join(WEB_DIR, 'dist');

/** True when the browser suites can run; prints the skip reason once per test run otherwise. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  const missing = `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium fonts-noto-cjk, or set CHROMIUM_PATH)`;
  if (process.env.CI) throw new Error(`tests/web: ${missing}; CI is set, so the browser tests fail instead of skipping`);
  const reason = `tests/web: skipped — ${missing}`;
  // Each test file runs in its own module scope; a marker per vitest run keeps it to one line.
  const marker = path.join(os.tmpdir(), `park-kg-web-skip-${process.ppid}`);
  if (!existsSync(marker)) {
    writeFileSync(marker, reason);
    console.warn(reason);
  }
  return false;
}

function newestMtime(target: string): number {
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(target).map((name) => newestMtime(path.join(target, name))));
}

/** Builds web/dist when it is missing or older than the sources (index.html, src, config). */
export function ensureWebBuild(): void {
  const built = path.join(WEB_DIST, 'index.html');
  const sources = Math.max(newestMtime(path.join(WEB_DIR, 'src')), newestMtime(path.join(WEB_DIR, 'index.html')), newestMtime(path.join(WEB_DIR, 'vite.config.ts')));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  try {
    execFileSync('npm', ['run', 'build:web', '--silent'], { stdio: 'pipe', timeout: 120_000 });
  } catch (error) {
    const output = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`npm run build:web failed:\n${String(output.stdout ?? '')}${String(output.stderr ?? '')}`, { cause: error });
  }
}

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

/** The real service behind the real HTTP app, serving web/dist, on an ephemeral port. */
export async function startWebServer(env: Record<string, string> = {}, options: Partial<RuntimeOptions> = {}): Promise<WebServer> {
  const runtime = await openTestRuntime(env, options);
  let server: RunningServer;
  try {
    const app = createApp(runtime.service, { webRoot: WEB_DIST, logger: () => undefined });
    server = await startServer(app, { host: '127.0.0.1', port: 0 });
  } catch (error) {
    await runtime.close();
    throw error;
  }
  return {
    url: server.url,
    async close() {
      await server.close();
      await runtime.close();
    },
  };
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and Content-Security-Policy violations; a healthy page has none. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** Chromium with a fresh profile (its own temporary user-data-dir) and one page. */
export async function openBrowser(viewport = { width: 1280, height: 800 }): Promise<BrowserSession> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'park-kg-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport,
    locale: 'zh-CN',
    acceptDownloads: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
  });
  return {
    context,
    page,
    pageErrors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-viewport PNG under artifacts/screenshots (git-ignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Asks a question through the composer and waits for the final answer of that exchange. */
export async function ask(page: Page, question: string): Promise<void> {
  const before = await page.locator('.message-assistant').count();
  await page.locator('#question').fill(question);
  await page.locator('#question').press('Enter');
  await page.locator('.message-assistant').nth(before).and(page.locator('[data-state="done"], [data-state="error"]')).waitFor({ timeout: 30_000 });
}
