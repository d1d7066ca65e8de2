// The graph explorer in a real browser: search → neighbours on the cytoscape canvas → node panel
// with evidence; 共享合作方 for one association; a path; the whole graph with type filters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, ensureWebBuild, openBrowser, screenshot, startWebServer, type BrowserSession, type WebServer } from './support/web-harness.js';

/** The subset of the cytoscape Core the tests read through the page's debug handle. */
interface CyLike {
  nodes(selector?: string): { map<T>(fn: (node: { id(): string }) => T): T[]; length: number };
  edges(selector?: string): { length: number };
}

describe.skipIf(!browserAvailable())('web graph explorer (Chromium)', () => {
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

  const canvasNodeIds = (selector = 'node') =>
    browser.page.evaluate((sel) => {
      const cy = (globalThis as { __parkKg?: { cy?: CyLike } }).__parkKg?.cy;
      return cy ? cy.nodes(sel).map((node) => node.id()) : [];
    }, selector);

  it('finds 天津大学 by name and draws it with its neighbours; the panel shows evidence', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/#/graph`);
    await page.locator('#entity-search').fill('天津大学');
    await page.locator('#entity-search').press('Enter');
    await page.locator('.result-item[data-entity="university:天津大学"]').click();

    await expect.poll(() => canvasNodeIds()).toContain('university:天津大学');
    const ids = await canvasNodeIds();
    expect(ids).toEqual(expect.arrayContaining(['association:河南漯河经开区科协', 'case:2']));
    expect(ids.length).toBeGreaterThanOrEqual(3);

    const panel = page.locator('.explorer-panel');
    await expect.poll(() => panel.locator('.panel-title').textContent()).toBe('天津大学');
    await panel.locator('.evidence-list li').first().waitFor();
    expect(await panel.textContent()).toContain('相关案例（1）');
    await page.waitForTimeout(400);
    await screenshot(page, 'explorer');

    // Evidence links open the reader on the stated sentence.
    await panel.getByRole('button', { name: /案例2 原文/ }).first().click();
    await page.locator('dialog.reader .sentence.is-cited').first().waitFor();
    await page.keyboard.press('Escape');
    expect(browser.pageErrors).toEqual([]);
  });

  it('expands a neighbour from the panel', async () => {
    const { page } = browser;
    const before = (await canvasNodeIds()).length;
    await page.locator('.explorer-panel').getByRole('button', { name: '河南漯河经开区科协' }).first().click();
    await page.locator('.explorer-panel').getByRole('button', { name: '展开邻居' }).click();
    await expect.poll(async () => (await canvasNodeIds()).length).toBeGreaterThan(before);
  });

  it('lists the associations that share partners with 河南漯河经开区科协, with evidence', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: '共享合作方' }).click();
    await page.locator('#shared-association').selectOption({ label: '河南漯河经开区科协' });
    await page.getByRole('button', { name: '查询共享合作方' }).click();

    const panel = page.locator('.explorer-panel');
    const shared = panel.locator('.shared-associations li');
    await shared.first().waitFor();
    const names = await shared.locator('.link-button').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    expect(names).not.toContain('河南漯河经开区科协');
    expect(await panel.locator('.partner .evidence-list li').count()).toBeGreaterThan(0);
    await expect.poll(() => canvasNodeIds()).toContain('association:河南漯河经开区科协');
    await page.waitForTimeout(400);
    await screenshot(page, 'shared-partners');
  });

  it('finds a path between two entities and marks it', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: '路径' }).click();
    for (const [label, text, id] of [
      ['起点', '天津大学', 'university:天津大学'],
      ['终点', '扬州高新区科协', 'association:江苏扬州高新区科协'],
    ] as const) {
      await page.getByLabel(label, { exact: true }).fill(text);
      const option = page.locator('.picker-option').filter({ hasText: id.split(':')[1]! }).first();
      await option.waitFor();
      await option.dispatchEvent('mousedown');
    }
    await page.getByRole('button', { name: '查找路径' }).click();
    const steps = page.locator('.explorer-panel .path-node');
    await steps.first().waitFor();
    expect(await steps.first().textContent()).toContain('天津大学');
    expect(await steps.last().textContent()).toContain('江苏扬州高新区科协');
    expect(await canvasNodeIds('node.path')).toEqual(expect.arrayContaining(['university:天津大学', 'association:江苏扬州高新区科协']));
  });

  it('loads the whole graph and filters it by type', async () => {
    const { page } = browser;
    const overview = (await (await fetch(`${server.url}/api/graph/all`)).json()) as { nodes: unknown[] };
    await page.getByRole('tab', { name: '实体探索' }).click();
    await page.getByRole('button', { name: '载入全图' }).click();
    await expect.poll(async () => (await canvasNodeIds()).length, { timeout: 30_000 }).toBe(overview.nodes.length);
    expect(await page.locator('.canvas-status').textContent()).toContain(`${overview.nodes.length} / ${overview.nodes.length} 个节点`);
    await screenshot(page, 'explorer-whole-graph');

    await page.getByLabel('显示品牌活动').uncheck();
    await page.getByLabel('显示平台').uncheck();
    const visible = await canvasNodeIds('node:visible');
    expect(visible.length).toBeLessThan(overview.nodes.length);
    expect(visible.some((id) => id.startsWith('initiative:') || id.startsWith('platform:'))).toBe(false);

    await page.locator('#graph-chapter').selectOption('科学普及');
    await expect.poll(async () => (await canvasNodeIds('node:visible')).length).toBeLessThan(visible.length);
    const inChapter = await canvasNodeIds('node:visible');
    expect(inChapter).toContain('case:32');
    expect(inChapter).not.toContain('case:1');
    expect(browser.pageErrors).toEqual([]);
  });
});
