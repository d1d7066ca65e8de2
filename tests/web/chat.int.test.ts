// The chat in a real browser against the offline composer: example question → cited answer →
// citation chip and [n] marker open the reader on the highlighted sentence; markup in a question
// stays text; a drafted plan downloads as .docx and .md; server errors read as Chinese messages.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, browserAvailable, ensureWebBuild, openBrowser, screenshot, startWebServer, type BrowserSession, type WebServer } from './support/web-harness.js';

const XSS = '<img src=x onerror=alert(1)>';
const PLAN = '我们园区想办一次院士专家进园区活动，请参考书里的案例帮我拟一个方案。';

describe.skipIf(!browserAvailable())('web chat (Chromium)', () => {
  let server: WebServer;
  let browser: BrowserSession;

  beforeAll(async () => {
    ensureWebBuild();
    server = await startWebServer();
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('answers an example question with citations, and a chip opens the reader on the cited sentence', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/#/chat`);
    await page.getByRole('button', { name: /哪些园区科协邀请过院士/ }).click();
    const reply = page.locator('.message-assistant').first();
    await reply.and(page.locator('[data-state="done"]')).waitFor({ timeout: 30_000 });

    const chips = reply.locator('.citation-chip');
    expect(await chips.count()).toBeGreaterThan(1);
    expect(await reply.locator('.answer-text button.cite-marker').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.provenance .passage').count()).toBeGreaterThan(0);
    expect(await page.locator('.provenance').textContent()).toContain('问题类型');
    await screenshot(page, 'chat-answer');

    const label = (await chips.nth(1).getAttribute('aria-label')) ?? '';
    const caseNumber = Number(/案例(\d+)/.exec(label)?.[1]);
    await chips.nth(1).click();
    const reader = page.locator('dialog.reader');
    await expect.poll(() => reader.getAttribute('data-case')).toBe(String(caseNumber));
    const cited = reader.locator('.sentence.is-cited').first();
    await cited.waitFor();
    expect(await cited.getAttribute('data-sentence')).toMatch(/^c\d+-/);
    const viewportHeight = page.viewportSize()?.height ?? 800;
    await expect.poll(async () => {
      const box = await cited.boundingBox();
      return box !== null && box.y >= 0 && box.y + box.height <= viewportHeight;
    }).toBe(true);
    await page.waitForTimeout(300);
    await screenshot(page, 'reader-highlight');

    await page.keyboard.press('Escape');
    await expect.poll(() => reader.getAttribute('open')).toBeNull();

    // The [n] marker in the text does the same as the chip.
    await reply.locator('.answer-text button.cite-marker').first().click();
    await reader.locator('.sentence.is-cited').first().waitFor();
    await page.getByRole('button', { name: /关闭阅读器/ }).click();
    expect(browser.pageErrors).toEqual([]);
  });

  it('draws the graph facts an answer used and lists their evidence', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/#/chat`);
    await ask(page, '哪些园区科协和西安交通大学有关？');
    const provenance = page.locator('.provenance');
    await provenance.locator('.mini-graph canvas').first().waitFor();
    expect(await provenance.locator('.fact-list li').count()).toBeGreaterThan(0);
    expect(await provenance.locator('.section-title').first().textContent()).toMatch(/图谱事实（\d+ 个实体 · [1-9]\d* 条关系）/);
    await page.waitForTimeout(300);
    await screenshot(page, 'chat-graph-facts');
  });

  it('shows markup in a question as text and never runs it', async () => {
    const { page } = browser;
    let dialogs = 0;
    const onDialog = () => {
      dialogs += 1;
    };
    page.on('dialog', onDialog);
    await page.goto(`${server.url}/#/chat`);
    await ask(page, XSS);
    page.off('dialog', onDialog);

    expect(await page.locator('.message-user .question-text').last().textContent()).toBe(XSS);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('[onerror]').count()).toBe(0);
    expect(dialogs).toBe(0);
    expect(browser.pageErrors).toEqual([]);
  });

  it('drafts a plan and downloads it as .docx and .md', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/#/chat`);
    await ask(page, PLAN);
    const reply = page.locator('.message-assistant').last();
    expect(await reply.locator('.badge').first().textContent()).toBe('方案拟定');

    const [docx] = await Promise.all([page.waitForEvent('download'), reply.locator('[data-export="docx"]').click()]);
    expect(docx.suggestedFilename()).toMatch(/\.docx$/);
    const docxBytes = await readFile(await docx.path());
    expect(docxBytes.length).toBeGreaterThan(1000);
    expect(docxBytes.subarray(0, 2).toString('latin1')).toBe('PK');

    const [markdown] = await Promise.all([page.waitForEvent('download'), reply.locator('[data-export="md"]').click()]);
    expect(markdown.suggestedFilename()).toMatch(/\.md$/);
    const text = await readFile(await markdown.path(), 'utf8');
    expect(text).toContain(`# ${PLAN}`);
    expect(text).toContain('## 引用');
    expect(text).toMatch(/- \[1\] 案例\d+《/);
    expect(browser.pageErrors).toEqual([]);
  });

  it('works from the keyboard: Enter on an example, Enter on a chip, Esc back to the chip', async () => {
    const session = await openBrowser();
    try {
      const { page } = session;
      await page.goto(`${server.url}/#/chat`);
      await page.locator('.welcome').waitFor();
      // From the top of the page: skip link, three tabs, then the first example.
      for (let step = 0; step < 5; step += 1) await page.keyboard.press('Tab');
      expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document.activeElement.textContent)).toContain('哪些园区科协邀请过院士');
      await page.keyboard.press('Enter');
      const chip = page.locator('.message-assistant .citation-chip').first();
      await chip.waitFor({ timeout: 30_000 });
      await chip.focus();
      await page.keyboard.press('Enter');
      await page.locator('dialog.reader .sentence.is-cited').first().waitFor();
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('dialog.reader').getAttribute('open')).toBeNull();
      expect(await chip.evaluate((element) => element === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);
    } finally {
      await session.close();
    }
  });

  it('explains a 503 from the chat and a failing readiness probe in Chinese, with the code', async () => {
    const session = await openBrowser();
    try {
      const { page } = session;
      await page.route('**/readyz', (route) =>
        route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ ready: false, checks: { store: { ok: false, detail: 'connection refused' } } }) }),
      );
      await page.route('**/api/chat', (route) =>
        route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'STORE_UNAVAILABLE', message: 'The graph store is unavailable' } }) }),
      );
      await page.goto(`${server.url}/#/chat`);
      const banner = page.locator('#banner');
      await banner.waitFor();
      expect(await banner.textContent()).toContain('服务尚未就绪：图数据库');

      await ask(page, '哪些园区科协邀请过院士？');
      const error = page.locator('.message-assistant .state-error');
      expect(await error.textContent()).toMatch(/图数据库暂不可用.*STORE_UNAVAILABLE/);
      expect(await error.getByRole('button', { name: '重试' }).count()).toBe(1);
      expect(session.pageErrors).toEqual([]);
    } finally {
      await session.close();
    }
  });
});
