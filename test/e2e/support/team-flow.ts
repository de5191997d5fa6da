/// <reference lib="dom" />
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from './app.ts';
import { launchBrowser, screenshot, watchErrors } from './browser.ts';

/**
 * Two colleagues and an outsider, each in their own browser context: sign up, build a team by
 * invite link, annotate a dataset and see each other's notes live, keep a shared collection.
 * The same flow runs on the embedded database (teams.test.ts) and on PostgreSQL (teams-postgres.test.ts).
 */
export function teamFlow(
  label: string,
  env: () => NodeJS.ProcessEnv,
  options: { screenshots: boolean } = { screenshots: true },
) {
  describe(`web app: teams, annotations and collections (${label})`, () => {
    let app: RunningApp;
    let browser: Browser;
    const contexts: BrowserContext[] = [];
    let alice: Page;
    let bob: Page;
    let carol: Page;
    const errors: string[][] = [];
    let collectionUrl = '';
    let teamUrl = '';
    const shot = (page: Page, name: string) => (options.screenshots ? screenshot(page, name) : Promise.resolve());

    async function person(): Promise<Page> {
      const context = await browser.newContext({
        baseURL: app.url,
        viewport: { width: 1280, height: 900 },
        acceptDownloads: true,
      });
      contexts.push(context);
      const page = await context.newPage();
      errors.push(watchErrors(page));
      return page;
    }

    async function signUp(page: Page, name: string) {
      await page.goto('/sign-up');
      await page.getByLabel('Name').fill(name);
      await page.getByLabel('Email').fill(`${name.toLowerCase()}-${Date.now()}@example.test`);
      await page.getByLabel('Password').fill('correct horse battery staple');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByTestId('account-menu').locator('summary', { hasText: name }).waitFor();
    }

    const annotations = (page: Page) => page.getByTestId('annotation');

    beforeAll(async () => {
      app = await startApp(env());
      browser = await launchBrowser();
      alice = await person();
      bob = await person();
      carol = await person();
    }, 600_000);

    afterAll(async () => {
      for (const c of contexts) await c.close();
      await browser?.close();
      await app?.stop();
    });

    it('signs up three people', async () => {
      await signUp(alice, 'Alice');
      await signUp(bob, 'Bob');
      await signUp(carol, 'Carol');
    });

    it('creates a team and brings Bob in with an invite link', async () => {
      await alice.goto('/teams');
      await alice.getByLabel('Team name').fill('Radiology');
      await alice.getByRole('button', { name: 'Create' }).click();
      await alice.getByTestId('team-page').waitFor();
      teamUrl = new URL(alice.url()).pathname;
      await alice.getByLabel('Role for the invitee').selectOption('member');
      await alice.getByRole('button', { name: 'Create invite link' }).click();
      const link = (await alice.getByTestId('invite-link').textContent())!;
      expect(link).toMatch(/\/invite\/[\w-]{20,}$/);

      await bob.goto(new URL(link).pathname);
      await bob.getByRole('button', { name: 'Accept the invitation' }).click();
      await bob.getByRole('link', { name: 'Open the team' }).click();
      await bob.getByTestId('team-page').waitFor();
      expect(await bob.getByTestId('member').allTextContents()).toEqual(
        expect.arrayContaining([expect.stringContaining('Alice'), expect.stringContaining('Bob')]),
      );
      await alice.reload();
      await alice.getByTestId('member').nth(1).waitFor();
      // A new team's empty sections say so rather than staying blank.
      await alice.locator('#team-collections').getByText('No collections yet.').waitFor();
      await alice.locator('#activity').getByText('No annotations yet.').waitFor();
      await shot(alice, 'team');
    });

    it('shows each teammate the other’s annotations without a reload', async () => {
      await alice.goto('/datasets/drive');
      await bob.goto('/datasets/drive');
      const composer = alice.getByTestId('annotation-composer');
      await composer
        .getByLabel('Note (Markdown)')
        .fill('Masks on the **test split** differ between the two observers. <script>alert(1)</script>');
      await composer.getByLabel('Tags (comma-separated)').fill('masks, observers');
      await composer.getByRole('button', { name: 'Post' }).click();
      await annotations(alice).first().waitFor();

      // Bob's page was open before Alice posted: her note arrives by polling.
      await annotations(bob).filter({ hasText: 'test split' }).waitFor({ timeout: 15_000 });
      expect(await annotations(bob).first().textContent()).toContain('Alice');
      // Markdown renders, raw HTML does not.
      expect(await bob.locator('[data-testid="annotation"] strong').first().textContent()).toBe('test split');
      expect(await bob.locator('[data-testid="annotation"] script').count()).toBe(0);

      const bobComposer = bob.getByTestId('annotation-composer').last();
      await bobComposer.getByLabel('Kind').selectOption('rating');
      await bobComposer.getByLabel('Rating (1–5)').selectOption('4');
      await bobComposer.getByLabel('Note (Markdown)').fill('Good for a first baseline.');
      await bobComposer.getByRole('button', { name: 'Post' }).click();
      await annotations(alice).filter({ hasText: 'first baseline' }).waitFor({ timeout: 15_000 });
      await shot(alice, 'dataset-annotations');
    });

    it('lets people reply and edit their own notes, and shows conflicting edits', async () => {
      const mine = annotations(alice).filter({ hasText: 'test split' });
      await mine.getByRole('button', { name: 'Reply' }).click();
      await alice.getByRole('form', { name: 'Reply' }).getByLabel('Note (Markdown)').fill('Agreed, use observer 1.');
      await alice.getByRole('form', { name: 'Reply' }).getByRole('button', { name: 'Reply' }).click();
      await annotations(bob).filter({ hasText: 'observer 1' }).waitFor({ timeout: 15_000 });

      // Bob cannot edit Alice's note: he is a member, not its author.
      expect(
        await annotations(bob).filter({ hasText: 'test split' }).first().getByRole('button', { name: 'Edit' }).count(),
      ).toBe(0);

      // Alice opens an editor, then saves from a second tab first: the first editor must show the conflict.
      await annotations(alice).first().getByRole('button', { name: 'Edit' }).click();
      const other = await alice.context().newPage();
      await other.goto('/datasets/drive');
      // The first annotation is Alice's note (threads read oldest first); a text filter would stop matching mid-edit.
      const again = annotations(other).first();
      await again.filter({ hasText: 'test split' }).waitFor();
      await again.getByRole('button', { name: 'Edit' }).click();
      await again.getByRole('textbox').first().fill('Edited in the other tab.');
      await again.getByRole('button', { name: 'Save' }).click();
      // Wait for the editor to close, which it does once the save is stored: the textarea's own text
      // already holds the draft, so waiting for the text alone could close the tab mid-request.
      await again.getByRole('textbox').first().waitFor({ state: 'detached' });
      await again.getByText('Edited in the other tab.').waitFor();
      await other.close();

      const editor = alice.locator('[data-testid="annotation"] form').first();
      await editor.getByRole('textbox').first().fill('Edited in the first tab.');
      await editor.getByRole('button', { name: 'Save' }).click();
      const conflict = alice.getByTestId('conflict');
      await conflict.waitFor();
      expect(await conflict.textContent()).toContain('Edited in the other tab.');
      await conflict.getByRole('button', { name: 'Save my draft over it' }).click();
      await annotations(bob).filter({ hasText: 'Edited in the first tab.' }).waitFor({ timeout: 15_000 });
    });

    it('shows an outsider none of it', async () => {
      await carol.goto('/datasets/drive');
      await carol.getByText('Join or create a team').waitFor();
      expect(await annotations(carol).count()).toBe(0);
      expect(await carol.content()).not.toContain('first baseline');
    });

    it('creates a team collection, adds datasets, reorders by keyboard and drag, shares and exports it', async () => {
      await alice.goto('/collections');
      const form = alice.getByTestId('create-collection');
      await form.getByLabel('Title').fill('Retina vessels');
      await form.getByLabel('Belongs to').selectOption({ label: 'Radiology' });
      await form.getByRole('button', { name: 'Create' }).click();
      await alice.getByTestId('collection-page').waitFor();
      collectionUrl = alice.url();

      for (const id of ['drive', 'stare', 'chase-db1']) {
        await alice.goto(`/datasets/${id}`);
        await alice.getByLabel('Choose a collection').selectOption({ label: 'Radiology / Retina vessels' });
        await alice.getByRole('button', { name: 'Add', exact: true }).click();
        await alice.getByRole('status').filter({ hasText: 'Added' }).waitFor();
      }
      await alice.goto(collectionUrl);
      const order = () =>
        alice.getByTestId('collection-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-dataset')));
      await expect.poll(order).toEqual(['drive', 'stare', 'chase-db1']);

      // Keyboard: focus the move-down button of the first row and press Enter.
      await alice.getByRole('button', { name: 'Move down: DRIVE' }).focus();
      await alice.keyboard.press('Enter');
      await expect.poll(order).toEqual(['stare', 'drive', 'chase-db1']);
      await alice.waitForLoadState('networkidle').catch(() => undefined);

      // Mouse: the last row's handle onto the first row.
      await mouseDrag(alice, handle(alice, 'chase-db1'), handle(alice, 'stare'), 'CHASE_DB1 is over position 1 of 3.');
      await expect.poll(order).toEqual(['chase-db1', 'stare', 'drive']);
      await alice.reload();
      await expect.poll(order).toEqual(['chase-db1', 'stare', 'drive']);

      // Keyboard on the handle: Space lifts, an arrow moves, Space drops; each step is announced.
      await handle(alice, 'drive').focus();
      await alice.keyboard.press('Space');
      await expect.poll(() => handle(alice, 'drive').getAttribute('aria-pressed')).toBe('true');
      // dnd-kit listens for the arrow keys only from a zero-delay timer after the lift; a timer set now
      // fires after that one, so the arrow cannot arrive first (the likely cause of a timeout seen once).
      await alice.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
      await alice.keyboard.press('ArrowUp');
      await alice.getByText('DRIVE is over position 2 of 3.').waitFor({ state: 'attached' });
      await alice.keyboard.press('Space');
      await expect.poll(order).toEqual(['chase-db1', 'drive', 'stare']);
      await alice.waitForLoadState('networkidle').catch(() => undefined);

      // Touch: on a phone, a finger drags STARE back above DRIVE. Touch events that scroll the page instead, or
      // rows that only know the mouse's drag-and-drop events, leave the order unchanged and fail here.
      const phoneContext = await browser.newContext({
        baseURL: app.url,
        storageState: await alice.context().storageState(),
        viewport: { width: 390, height: 844 },
        hasTouch: true,
        isMobile: true,
      });
      contexts.push(phoneContext);
      const phone = await phoneContext.newPage();
      errors.push(watchErrors(phone));
      await phone.goto(collectionUrl);
      const phoneOrder = () =>
        phone.getByTestId('collection-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-dataset')));
      await expect.poll(phoneOrder).toEqual(['chase-db1', 'drive', 'stare']);
      await touchDrag(phone, handle(phone, 'stare'), handle(phone, 'drive'), 'STARE is over position 2 of 3.');
      await expect.poll(phoneOrder).toEqual(['chase-db1', 'stare', 'drive']);
      await phone.waitForLoadState('networkidle').catch(() => undefined);
      await alice.reload();
      await expect.poll(order).toEqual(['chase-db1', 'stare', 'drive']);

      // A note on an item.
      await alice.getByLabel('Note: DRIVE').fill('The classic one.');
      await alice.getByRole('button', { name: 'Save note' }).click();
      await expect.poll(() => alice.getByRole('button', { name: 'Save note' }).count()).toBe(0);

      // Public link: Carol, an outsider, can read it through the link only.
      await alice.getByLabel('Visibility').selectOption('public_link');
      const link = (await alice.getByTestId('share-link').textContent())!;
      await shot(alice, 'collection');
      await carol.goto(new URL(link).pathname);
      await carol.getByTestId('shared-collection').waitFor();
      expect(await carol.getByTestId('collection-item').count()).toBe(3);
      await carol.goto(new URL(collectionUrl).pathname);
      await carol
        .getByRole('alert')
        .filter({ hasText: /No collection/ })
        .waitFor();

      // Export JSON and BibTeX as downloads.
      const [json] = await Promise.all([
        alice.waitForEvent('download'),
        alice.getByRole('button', { name: 'JSON' }).click(),
      ]);
      const content = JSON.parse(await streamText(await json.createReadStream()));
      expect(content.datasets.map((d: { id: string }) => d.id)).toEqual(['chase-db1', 'stare', 'drive']);
      expect(content.datasets[2].note).toBe('The classic one.');
      const [bib] = await Promise.all([
        alice.waitForEvent('download'),
        alice.getByRole('button', { name: 'BibTeX' }).click(),
      ]);
      expect(bib.suggestedFilename()).toMatch(/\.bib$/);
    });

    it('shows the team page with its collections and recent annotations, also in Chinese', async () => {
      await bob.goto('/teams');
      await bob.getByRole('link', { name: 'Radiology' }).click();
      await bob.getByTestId('team-page').waitFor();
      await bob.getByRole('link', { name: 'Retina vessels' }).waitFor();
      await bob.locator('#activity').getByText('first baseline').waitFor();
      await bob.getByTestId('lang-toggle').click();
      await expect.poll(() => bob.locator('html').getAttribute('lang')).toBe('zh-CN');
      await bob.getByRole('heading', { name: '最新标注' }).waitFor();
      await shot(bob, 'team-zh');
    });

    it('renames the team, hands it to Bob, and lets only the new owner delete it', async () => {
      await alice.goto(teamUrl);
      const settings = alice.locator('#team-settings');
      await settings.getByLabel('Team name', { exact: true }).fill('Radiology lab');
      await settings.getByRole('button', { name: 'Rename' }).click();
      await alice.getByRole('heading', { level: 1, name: 'Radiology lab' }).waitFor();

      await settings.getByLabel('New owner').selectOption({ label: 'Bob (Member)' });
      await settings.getByRole('button', { name: 'Transfer ownership' }).click();
      await settings.getByText('Make Bob the owner of “Radiology lab”?').waitFor();
      await settings.getByRole('button', { name: 'Yes, transfer' }).click();
      await settings.getByText('Only the owner can hand the team over or delete it.').waitFor();
      expect(await alice.getByTestId('team-page').locator('header').textContent()).toContain('Admin');
      expect(await settings.getByRole('button', { name: 'Delete team' }).count()).toBe(0);

      // Bob reads Chinese since the last test: the confirmation works in either language.
      await bob.goto(teamUrl);
      const bobSettings = bob.locator('#team-settings');
      const del = bobSettings.getByRole('button', { name: '删除团队' });
      await bobSettings.getByLabel('输入团队名称以确认').fill('Radiology');
      expect(await del.isDisabled()).toBe(true);
      await bobSettings.getByLabel('输入团队名称以确认').fill('Radiology lab');
      await del.click();
      await bob.waitForURL(/\/teams$/);
      await bob.getByText('您还没有加入任何团队。').waitFor();
      await alice.goto('/teams');
      await alice.getByText('You are not in a team yet.').waitFor();
    });

    it('signs out everywhere', async () => {
      const second = await alice.context().browser()!.newContext({ baseURL: app.url });
      contexts.push(second);
      await alice.getByTestId('account-menu').locator('summary').click();
      await alice.getByRole('button', { name: 'Sign out everywhere' }).click();
      await alice.getByRole('link', { name: 'Sign in' }).waitFor();
      await alice.goto('/teams');
      await alice.waitForURL(/\/sign-in\?next=/);
    });

    it('raised no uncaught errors in any page', () => {
      expect(errors.flat()).toEqual([]);
    });
  });
}

const handle = (page: Page, datasetId: string) =>
  page.locator(`[data-testid="collection-item"][data-dataset="${datasetId}"]`).getByTestId('drag-handle');

async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  if (!box) throw new Error('element has no box');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/**
 * Presses on `from`, moves in small steps onto `to`, and lets go once the screen-reader announcement says the row is
 * over its new place (as a person lets go when they see it there), like a hand on a mouse.
 */
async function mouseDrag(page: Page, from: Locator, to: Locator, announced: string): Promise<void> {
  const a = await centre(from);
  const b = await centre(to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 12 });
  await page.getByText(announced).waitFor({ state: 'attached', timeout: 10_000 });
  await page.mouse.up();
}

/**
 * The same with a finger: touch points through Chromium's input pipeline (DevTools protocol), which applies
 * touch-action and turns an unhandled drag into a scroll, exactly as a phone does.
 */
async function touchDrag(page: Page, from: Locator, to: Locator, announced: string): Promise<void> {
  const a = await centre(from);
  const b = await centre(to);
  const cdp = await page.context().newCDPSession(page);
  const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', point?: { x: number; y: number }) =>
    cdp.send('Input.dispatchTouchEvent', { type, touchPoints: point ? [point] : [] });
  await touch('touchStart', a);
  const steps = 12;
  for (let i = 1; i <= steps; i++) {
    await touch('touchMove', { x: a.x + ((b.x - a.x) * i) / steps, y: a.y + ((b.y - a.y) * i) / steps });
  }
  await page.getByText(announced).waitFor({ state: 'attached', timeout: 10_000 });
  await touch('touchEnd');
  await cdp.detach();
}

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk.toString();
  return text;
}
