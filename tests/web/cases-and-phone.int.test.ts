// The case library (filters by chapter, province and mentioned entity; cards open the reader whose
// entity chips lead into the graph) and the whole app on a 390×844 phone viewport.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, browserAvailable, ensureWebBuild, openBrowser, screenshot, startWebServer, type BrowserSession, type WebServer } from './support/web-harness.js';

describe.skipIf(!browserAvailable())('web case library and phone layout (Chromium)', () => {
  let server: WebServer;

  beforeAll(async () => {
    ensureWebBuild();
    server = await startWebServer();
  });

  afterAll(async () => {
    await server?.close();
  });

  describe('case library at 1280×800', () => {
    let browser: BrowserSession;
    beforeAll(async () => {
      browser = await openBrowser();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('lists all 53 cases and filters by chapter, province and mentioned entity', async () => {
      const { page } = browser;
      await page.goto(`${server.url}/#/cases`);
      const cards = page.locator('.case-card');
      await expect.poll(() => cards.count()).toBe(53);
      expect(await page.locator('.result-count').textContent()).toBe('共 53 个案例');
      await screenshot(page, 'case-library');

      await page.locator('#filter-chapter').selectOption('科学普及');
      await expect.poll(() => page.locator('.result-count').textContent()).toBe('符合条件的案例：8 个');
      expect(await cards.first().getAttribute('data-case')).toBe('32');

      await page.locator('#filter-chapter').selectOption('');
      await page.locator('#filter-province').selectOption('河南');
      await expect.poll(async () => (await cards.evaluateAll((items) => items.map((item) => item.getAttribute('data-case')))).join(',')).toBe('2,19');

      await page.locator('#filter-province').selectOption('');
      await page.getByLabel('提及的实体').fill('天津大学');
      await page.locator('.picker-option').filter({ hasText: '天津大学' }).first().waitFor();
      await page.getByLabel('提及的实体').press('Enter');
      await expect.poll(async () => (await cards.evaluateAll((items) => items.map((item) => item.getAttribute('data-case')))).join(',')).toBe('2');

      await page.getByLabel('提及的实体').fill('一个不存在的机构名称');
      await page.getByRole('button', { name: '清除筛选' }).click();
      await expect.poll(() => cards.count()).toBe(53);
      expect(browser.pageErrors).toEqual([]);
    });

    it('opens a case in the reader with sections, captions apart and entity chips into the graph', async () => {
      const { page } = browser;
      await page.locator('.case-card[data-case="21"] .case-open').click();
      const reader = page.locator('dialog.reader');
      await expect.poll(() => reader.getAttribute('data-case')).toBe('21');
      await reader.locator('.reader-section h3').first().waitFor();
      expect(await reader.locator('.reader-section h3').allTextContents()).toEqual(['工作背景', '主要做法', '工作成效', '工作启示']);
      expect(await reader.locator('.reader-captions h3').textContent()).toBe('图片说明');
      expect(await reader.locator('.reader-text .sentence[data-sentence^="c21-"]').count()).toBeGreaterThan(10);

      await reader.locator('.entity-chip[data-entity="academician:万建民"]').click();
      await page.waitForURL(/#\/graph\?entity=/);
      expect(await reader.getAttribute('open')).toBeNull();
      await expect.poll(() => page.locator('.explorer-panel .panel-title').textContent()).toBe('万建民');
      expect(browser.pageErrors).toEqual([]);
    });
  });

  describe('phone viewport 390×844', () => {
    let browser: BrowserSession;
    beforeAll(async () => {
      browser = await openBrowser({ width: 390, height: 844 });
    });
    afterAll(async () => {
      await browser?.close();
    });

    const horizontalOverflow = () => browser.page.evaluate(() => {
      const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });

    it('stacks the chat, keeps the tabs reachable and does not scroll sideways', async () => {
      const { page } = browser;
      await page.goto(`${server.url}/#/chat`);
      await page.locator('.welcome').waitFor();
      expect(await horizontalOverflow()).toBeLessThanOrEqual(0);
      await screenshot(page, 'phone-welcome');

      await ask(page, '哪些园区科协和西安交通大学有关？');
      expect(await page.locator('.message-assistant .citation-chip').count()).toBeGreaterThan(0);
      expect(await horizontalOverflow()).toBeLessThanOrEqual(0);
      await page.locator('.message-assistant').first().scrollIntoViewIfNeeded();
      await screenshot(page, 'phone-chat');

      await page.locator('.message-assistant .citation-chip').first().click();
      await page.locator('dialog.reader .sentence.is-cited').first().waitFor();
      await page.waitForTimeout(300);
      await screenshot(page, 'phone-reader');
      await page.keyboard.press('Escape');

      for (const [tab, selector] of [
        ['图谱', '.explorer'],
        ['案例库', '.case-card'],
      ] as const) {
        await page.getByRole('link', { name: tab }).click();
        await page.locator(selector).first().waitFor();
        expect(await horizontalOverflow()).toBeLessThanOrEqual(0);
      }
      await screenshot(page, 'phone-cases');
      await page.getByRole('link', { name: '图谱' }).click();
      await page.getByRole('button', { name: '天津大学' }).click();
      await expect.poll(() => page.locator('.explorer-panel .panel-title').textContent()).toBe('天津大学');
      await page.waitForTimeout(400);
      await screenshot(page, 'phone-explorer');
      expect(browser.pageErrors).toEqual([]);
    });
  });
});
