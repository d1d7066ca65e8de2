// HTML and script inside an ingested document never execute in the web app. The real server runs
// over the seeds plus a compilation whose association name, title, sentences and photo captions
// carry `<img onerror>`, `<svg onload>`, `<script>` and `javascript:` links; Chromium asks about it
// and opens the answer, citation chips, provenance, case library, reader and explorer panel. Each
// shows the literal text, and no dialog, injected element, stray request or CSP violation appears.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileSeedsDir, XSS_ASSOCIATION, XSS_CAPTION, XSS_CAPTION_IMAGE, XSS_SENTENCES, XSS_TITLE } from '../reliability/hostile-compilation.js';
import { ask, browserAvailable, ensureWebBuild, openBrowser, screenshot, startWebServer, type BrowserSession, type WebServer } from './support/web-harness.js';

/** What the page reports about elements that data could have injected. */
interface InjectionReport {
  handlerAttributes: number;
  images: number;
  svgs: number;
  javascriptLinks: number;
  inlineScripts: number;
  scripts: string[];
  alerts: string[];
}

/** The subset of DOM the report reads; the tests compile without DOM types. */
interface DocumentLike {
  querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null }>;
}

function injectionReport(page: Page): Promise<InjectionReport> {
  return page.evaluate(() => {
    const scope = globalThis as unknown as { document: DocumentLike; __xssCalls?: string[] };
    const all = (selector: string) => Array.from(scope.document.querySelectorAll(selector));
    return {
      handlerAttributes: all('[onerror], [onload], [onclick], [onmouseover], [onfocus]').length,
      images: all('img').length,
      svgs: all('svg').length,
      javascriptLinks: all('a[href^="javascript:" i], [src^="javascript:" i]').length,
      inlineScripts: all('script:not([src])').length,
      scripts: all('script').map((script) => script.getAttribute('src') ?? ''),
      alerts: scope.__xssCalls ?? [],
    };
  });
}

describe.skipIf(!browserAvailable())('XSS through document text (Chromium)', () => {
  let server: WebServer;
  let browser: BrowserSession;
  let baselineScripts: string[];
  const dialogs: string[] = [];
  const strayRequests: string[] = [];

  beforeAll(async () => {
    ensureWebBuild();
    server = await startWebServer({ SEEDS_DIR: await hostileSeedsDir() });
    browser = await openBrowser();
    const { page, context } = browser;
    // Any alert/confirm/prompt call is recorded even if a dialog event were somehow missed.
    await context.addInitScript(() => {
      const scope = globalThis as unknown as Record<string, unknown> & { __xssCalls: string[] };
      scope.__xssCalls = [];
      for (const name of ['alert', 'confirm', 'prompt']) {
        scope[name] = (message?: unknown) => {
          scope.__xssCalls.push(`${name}:${String(message)}`);
        };
      }
    });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    // A rendered `<img src=x>` would fetch /x (an image request); the app itself loads no images.
    page.on('request', (request) => {
      const url = new URL(request.url());
      const foreign = url.origin !== new URL(server.url).origin;
      if (foreign || url.pathname === '/x' || request.resourceType() === 'image') strayRequests.push(`${request.resourceType()} ${request.url()}`);
    });
    await page.goto(`${server.url}/#/chat`);
    await page.locator('#question').waitFor();
    baselineScripts = (await injectionReport(page)).scripts;
    expect(baselineScripts.length).toBeGreaterThan(0);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function expectNothingInjected(where: string): Promise<void> {
    const { page } = browser;
    await page.waitForTimeout(200);
    const report = await injectionReport(page);
    expect(report, where).toEqual({ handlerAttributes: 0, images: 0, svgs: 0, javascriptLinks: 0, inlineScripts: 0, scripts: baselineScripts, alerts: [] });
    expect(dialogs, where).toEqual([]);
    expect(strayRequests, where).toEqual([]);
    expect(browser.pageErrors, where).toEqual([]);
  }

  it('shows the answer and the citation chips as literal text', async () => {
    const { page } = browser;
    await ask(page, '哪个园区科协提醒企业不要点击报名链接？');
    let reply = page.locator('.message-assistant').last();
    expect(await reply.locator('.answer-text').textContent()).toContain(XSS_SENTENCES[1]);
    expect(await reply.locator('.answer-text').textContent()).toContain(XSS_ASSOCIATION);

    await ask(page, `${XSS_ASSOCIATION}开展了哪些活动？`);
    reply = page.locator('.message-assistant').last();
    const text = (await reply.locator('.answer-text').textContent()) ?? '';
    for (const expected of [XSS_ASSOCIATION, XSS_SENTENCES[0]!, XSS_CAPTION_IMAGE]) expect(text).toContain(expected);
    const chips = reply.locator('.citation-chip');
    expect(await chips.count()).toBeGreaterThan(1);
    const chipText = (await chips.allTextContents()).join('\n');
    expect(chipText).toContain(XSS_ASSOCIATION);
    const titles = await chips.evaluateAll((items) => items.map((item) => item.getAttribute('title') ?? ''));
    expect(titles.join('\n')).toContain(XSS_CAPTION_IMAGE);
    await screenshot(page, 'xss-answer');
    await expectNothingInjected('answer and chips');
  });

  it('shows the retrieved passages in the provenance panel as text', async () => {
    const { page } = browser;
    await page.locator('.message-assistant').last().getByRole('button', { name: '查看依据' }).click();
    const passages = page.locator('.provenance .passage-text');
    await passages.first().waitFor();
    expect((await passages.allTextContents()).join('\n')).toMatch(/<img src=x onerror=alert\(\d\)>|<script>alert\(\d\)<\/script>|<svg onload=alert\(3\)>/);
    await expectNothingInjected('provenance');
  });

  it('opens the case reader from a chip on the hostile title, sentences and captions', async () => {
    const { page } = browser;
    const reply = page.locator('.message-assistant').last();
    await reply.locator('.citation-chip').first().click();
    const reader = page.locator('dialog.reader');
    await expect.poll(() => reader.getAttribute('data-case')).toBe('56');
    await reader.locator('.sentence.is-cited').first().waitFor();
    expect(await reader.locator('.reader-title').textContent()).toContain(XSS_TITLE);
    const body = (await reader.locator('.reader-text').textContent()) ?? '';
    for (const sentence of XSS_SENTENCES) expect(body).toContain(sentence);
    const captions = await reader.locator('.reader-captions li').allTextContents();
    expect(captions).toEqual(expect.arrayContaining([XSS_CAPTION, XSS_CAPTION_IMAGE]));
    expect(await reader.locator('.entity-chip').allTextContents()).toEqual(expect.arrayContaining([XSS_ASSOCIATION]));
    await screenshot(page, 'xss-reader');
    await page.keyboard.press('Escape');
    await expectNothingInjected('case reader');
  });

  it('lists the case in the library with its title as text', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/#/cases`);
    const card = page.locator('.case-card[data-case="56"]');
    await card.waitFor();
    expect(await card.locator('.case-title').textContent()).toContain(XSS_TITLE);
    await card.locator('.case-open').click();
    await expect.poll(() => page.locator('dialog.reader').getAttribute('data-case')).toBe('56');
    await page.keyboard.press('Escape');
    await expectNothingInjected('case library');
  });

  it('shows hostile entity names and evidence in the explorer side panel as text', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/#/graph`);
    await page.locator('#entity-search').fill('onerror');
    await page.locator('#entity-search').press('Enter');
    const result = page.locator('.result-item').filter({ hasText: XSS_ASSOCIATION });
    await result.first().click();
    const panel = page.locator('.explorer-panel');
    await expect.poll(() => panel.locator('.panel-title').textContent()).toBe(XSS_ASSOCIATION);
    await panel.locator('.evidence-list li').first().waitFor();
    expect(await panel.textContent()).toContain(XSS_ASSOCIATION);

    await page.locator('#entity-search').fill('svg');
    await page.locator('#entity-search').press('Enter');
    await page.locator('.result-item').filter({ hasText: 'svg' }).first().click();
    await expect.poll(() => panel.locator('.panel-title').textContent()).toMatch(/svg/);
    await panel.locator('.evidence-list li').first().waitFor();
    expect(await panel.locator('.evidence-list').textContent()).toContain(XSS_SENTENCES[0]);
    await page.waitForTimeout(300);
    await screenshot(page, 'xss-explorer');
    await expectNothingInjected('explorer panel');
  });

  it('control: the same markup parsed as HTML is caught by these detectors and blocked by the CSP', async () => {
    const session = await openBrowser();
    try {
      const { page } = session;
      const images: string[] = [];
      let controlDialogs = 0;
      page.on('dialog', (dialog) => {
        controlDialogs += 1;
        void dialog.dismiss();
      });
      page.on('request', (request) => {
        if (request.resourceType() === 'image') images.push(new URL(request.url()).pathname);
      });
      await page.goto(`${server.url}/#/chat`);
      await page.locator('#question').waitFor();
      // What a renderer using innerHTML would do with the document's text.
      await page.evaluate((html) => {
        (globalThis as unknown as { document: { body: { insertAdjacentHTML(position: string, text: string): void } } }).document.body.insertAdjacentHTML('beforeend', html);
      }, `<p>${XSS_ASSOCIATION}${XSS_CAPTION}</p>`);
      await expect.poll(() => session.pageErrors.length).toBeGreaterThan(0);
      const report = await injectionReport(page);
      expect(report.images).toBe(1);
      expect(report.handlerAttributes).toBe(1);
      expect(images).toContain('/x');
      // The inline handler and script were refused by the Content-Security-Policy, so nothing ran.
      expect(controlDialogs).toBe(0);
      expect(session.pageErrors.join('\n')).toMatch(/Content Security Policy/);
    } finally {
      await session.close();
    }
  });
});
