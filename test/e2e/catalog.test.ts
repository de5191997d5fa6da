/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from './support/app.ts';
import { launchBrowser, screenshot, watchErrors } from './support/browser.ts';

// The public catalog in a real browser against the production build: search, facets, Chinese, pages, language.
describe('web app: the catalog in a browser', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, baseURL: app.url });
    errors = watchErrors(page);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const count = async () => Number((await page.getByTestId('result-count').textContent())?.match(/\d+/)?.[0]);

  it('searches instantly, filters by facets and keeps the state in the URL', async () => {
    await page.goto('/');
    const everything = await count();
    expect(everything).toBeGreaterThan(100);

    await page.getByLabel('Search datasets').fill('liver');
    await page.waitForURL(/[?&]q=liver/);
    await expect.poll(count).toBeLessThan(everything);
    const liver = await count();
    expect(await page.getByTestId('dataset-card').first().textContent()).toMatch(/liver/i);

    // Tick CT in the modality facet: fewer or equal results, all CT, and the URL says so.
    await page.locator('aside fieldset[data-facet="modality"] input[data-value="ct"]').last().check();
    await page.waitForURL(/modality=ct/);
    const cards = () =>
      page.locator('[data-testid="results"]:not(.opacity-60) [data-testid="dataset-card"]').allTextContents();
    await expect.poll(async () => (await cards()).every((text) => text.includes('CT'))).toBe(true);
    expect(await count()).toBeLessThanOrEqual(liver);

    // The shared link restores the same search for someone else.
    const shared = page.url();
    const other = await browser.newPage({ baseURL: app.url });
    await other.goto(shared);
    expect(await other.getByLabel('Search datasets').inputValue()).toBe('liver');
    expect(await other.getByTestId('result-count').textContent()).toBe(
      await page.getByTestId('result-count').textContent(),
    );
    await other.close();
    await screenshot(page, 'explorer');

    // Back and forward step through the filter like any other page change.
    const ct = page.locator('aside fieldset[data-facet="modality"] input[data-value="ct"]').last();
    await page.goBack();
    await page.waitForURL((url) => !url.search.includes('modality=ct'));
    await expect.poll(() => ct.isChecked()).toBe(false);
    await expect.poll(count).toBe(liver);
    await page.goForward();
    await page.waitForURL(/modality=ct/);
    await expect.poll(() => ct.isChecked()).toBe(true);
  });

  it('finds lung-nodule datasets for a Chinese query', async () => {
    await page.goto(`/?q=${encodeURIComponent('肺结节')}`);
    const names = await page.getByTestId('dataset-card').locator('h3').allTextContents();
    expect(names).toEqual(expect.arrayContaining(['LUNA16', 'LIDC-IDRI']));
  });

  it('opens a dataset page with its facts, citation and provenance', async () => {
    await page.goto('/?q=drive');
    await page.getByRole('link', { name: 'DRIVE', exact: true }).first().click();
    await page.waitForURL(/\/datasets\/drive$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('DRIVE');
    expect(await page.getByRole('heading', { name: 'Citation' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Copy BibTeX' }).isVisible()).toBe(true);
    expect(await page.locator('#provenance').textContent()).toContain('fundus');
    await screenshot(page, 'dataset');
  });

  it('redirects an alias to the canonical address and suggests ids for unknown ones', async () => {
    await page.goto('/datasets/LC2500');
    await page.waitForURL(/\/datasets\/lc25000$/);
    await page.goto('/datasets/LUNA17');
    expect(await page.getByRole('alert').filter({ hasText: 'LUNA17' }).textContent()).toContain('LUNA16');
  });

  it('charts the catalog, and a bar opens the explorer filtered by it', async () => {
    await page.goto('/stats');
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    await screenshot(page, 'stats');
    await page.locator('#chart-modality .recharts-bar-rectangle').first().click();
    await page.waitForURL(/\/\?modality=/);
    expect(await count()).toBeGreaterThan(0);
  });

  it('compares datasets side by side with differences highlighted', async () => {
    await page.goto('/compare?ids=drive,stare,lits');
    const table = page.getByTestId('compare-table');
    expect(await table.locator('thead th').count()).toBe(4);
    expect(await table.locator('tr[data-differs="true"]').count()).toBeGreaterThan(0);
    await screenshot(page, 'compare');
  });

  it('switches to Chinese and remembers it', async () => {
    await page.goto('/');
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('浏览数据集');
    await page.reload();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('浏览数据集');
    await screenshot(page, 'explorer-zh');
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
  });

  it('fits a phone screen on every catalog page', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, baseURL: app.url });
    for (const path of ['/?q=breast', '/datasets/drive', '/stats', '/compare?ids=drive,stare']) {
      await phone.goto(path);
      const width = await phone.evaluate(() => document.documentElement.scrollWidth);
      expect(width, path).toBeLessThanOrEqual(390);
    }
    await phone.goto('/?q=breast');
    await screenshot(phone, 'explorer-phone');
    await phone.close();
  });

  it('sends security headers with a per-request CSP nonce', async () => {
    const a = await fetch(`${app.url}/`);
    const b = await fetch(`${app.url}/`);
    const csp = a.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(csp).not.toContain("'unsafe-inline' 'strict-dynamic'");
    expect(b.headers.get('content-security-policy')).not.toBe(csp);
    expect(a.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
    expect(a.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(a.headers.get('x-content-type-options')).toBe('nosniff');
    expect(a.headers.get('x-frame-options')).toBe('DENY');
    expect(a.headers.get('x-powered-by')).toBeNull();
  });

  it('refuses cross-site writes to tRPC', async () => {
    const response = await fetch(`${app.url}/api/trpc/teams.create`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'https://evil.example' },
      body: JSON.stringify({ json: { name: 'x' } }),
    });
    expect(response.status).toBe(403);
  });

  it('rate-limits sign-in attempts', async () => {
    const attempt = () =>
      fetch(`${app.url}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: app.url },
        body: JSON.stringify({ email: 'nobody@example.test', password: 'wrong password' }),
      }).then((r) => r.status);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push(await attempt());
    expect(statuses[0]).toBe(401);
    expect(statuses.at(-1)).toBe(429);
  });

  it('keeps server secrets out of the browser bundle', async () => {
    const html = await (await fetch(`${app.url}/`)).text();
    const scripts = [...html.matchAll(/src="(\/_next\/static\/[^"]+\.js)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      const js = await (await fetch(`${app.url}${src}`)).text();
      expect(js).not.toContain('e2e-secret-e2e-secret');
      expect(js).not.toContain('BETTER_AUTH_SECRET');
      // The catalog's records stay on the server: the seed file name appears in every record.
      expect(js).not.toContain('001_325eea2dbb8a75cc');
    }
  });

  it('raised no uncaught errors in the page', () => {
    expect(errors).toEqual([]);
  });
});
