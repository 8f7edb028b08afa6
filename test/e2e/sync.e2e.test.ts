import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { insertUser } from '../../electron/core/accounts/mutations';
import { hashPassword } from '../../electron/core/accounts/passwords';
import { seedDemo } from '../../server/seed-demo';
import { startServer, type RunningServer } from '../../server/server';
import { formatTehranDateTime } from '../../shared/jalali';
import { formatTrackingCode } from '../../shared/tracking-code';
import { toPersianDigits } from '../../shared/text/normalize';
import { quote } from '../integration/sync/fixture-pricing';
import { newTransaction, SAMPLE_FIELDS } from '../support/transactions';
import { closeBrowser, launchApp, type AppUnderTest } from './harness';
import { managerApproval } from '../support/core';
import sampleCatalog from '../../resources/catalog/sample-catalog.json';

const MANAGER = { username: 'manager', password: 'correct horse 1404', fullName: 'زهرا احمدی' };
const OPERATOR = { username: 'operator1', password: 'operator pass 1404', fullName: 'رضا کریمی' };
const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The engine's own triggers wait an hour: in these tests the button does the syncing. */
const BUTTON_ONLY = {
  nudgeDelayMs: HOUR,
  intervalMs: HOUR,
  backoff: { baseMs: HOUR, capMs: HOUR },
  random: () => 1,
  timeoutMs: 5_000,
};

let app: AppUnderTest | null = null;
let server: RunningServer | null = null;
const serverDir = mkdtempSync(join(tmpdir(), 'pishkhan-e2e-server-'));

afterEach(async () => {
  await app?.close();
  app = null;
  await server?.close();
  server = null;
});
afterAll(async () => {
  await closeBrowser();
  rmSync(serverDir, { recursive: true, force: true });
});

/** The reference server in this process over loopback, on PGlite in a temp folder (the same folder on a restart). */
function startReferenceServer(port = 0): Promise<RunningServer> {
  return startServer({ dataDir: serverDir, port, adminToken: ADMIN_TOKEN });
}

/** What the municipality's staff see: the office's transactions, through the admin API. */
async function heldByServer(url: string): Promise<{ id: string; trackingCode: string; status: string }[]> {
  const all: { id: string; trackingCode: string; status: string }[] = [];
  let cursor: string | null = '';
  while (cursor !== null) {
    const response = await fetch(
      `${url}/v1/admin/transactions?office=1234&limit=500${cursor ? `&cursor=${cursor}` : ''}`,
      { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } },
    );
    expect(response.status).toBe(200);
    const page = (await response.json()) as { items: typeof all; nextCursor: string | null };
    all.push(...page.items);
    cursor = page.nextCursor;
  }
  return all;
}

/** First-run setup of office 1234 with this terminal number, as the setup screen does it. */
async function setUpOffice(a: AppUnderTest, terminalNumber: number): Promise<void> {
  const setup = await a.dispatcher.call('setup-script', 'setup.createOffice', {
    officeName: 'دفتر پیشخوان شمارهٔ ۱۲',
    officeCode: '1234',
    district: 3,
    terminalNumber,
    manager: MANAGER,
  });
  expect(setup.ok).toBe(true);
}

async function logIn(page: Page, who: { username: string; password: string }): Promise<void> {
  await page.getByLabel('نام کاربری').fill(who.username);
  await page.getByLabel('رمز عبور').fill(who.password);
  await page.getByRole('button', { name: 'ورود' }).click();
  await expect.poll(() => page.getByRole('navigation', { name: 'بخش‌های برنامه' }).isVisible()).toBe(true);
}

async function openSync(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'بخش‌های برنامه' })
    .getByRole('button', { name: 'همگام‌سازی', exact: true })
    .click();
  await expect
    .poll(() => page.getByRole('heading', { name: 'همگام‌سازی با شهرداری', level: 1 }).isVisible())
    .toBe(true);
}

/** A free citizen request served at the counter, with the keyboard; answers the tracking code shown. */
async function serveAtCounter(a: AppUnderTest, page: Page): Promise<string> {
  await page.keyboard.press('Alt+n');
  const search = page.getByRole('combobox', { name: /جست‌وجوی خدمت/ });
  await search.fill('شکایت');
  await expect.poll(() => page.getByRole('listbox', { name: 'خدمات' }).getByRole('option').count()).toBe(1);
  await search.press('Enter');
  await expect.poll(() => page.getByTestId('chosen-service').textContent()).toBe('درخواست یا شکایت شهروندی');
  await page.getByLabel('کد ملی', { exact: true }).fill('۰۴۹۹۳۷۰۸۹۹');
  await page.getByLabel('نام', { exact: true }).fill('علی');
  await page.getByLabel('نام خانوادگی').fill('رضایی');
  const fields = SAMPLE_FIELDS['citizen-request'] ?? {};
  const subject = page.getByLabel('موضوع');
  if ((await subject.evaluate((el) => el.tagName)) === 'SELECT')
    await subject.selectOption(fields['subject'] ?? '');
  else await subject.fill(fields['subject'] ?? '');
  await page.getByLabel('شرح درخواست').fill(fields['description'] ?? '');
  await page.keyboard.press('Control+s');
  const shown = page.getByTestId('saved-tracking-code');
  await expect.poll(() => shown.isVisible()).toBe(true);
  const row = a.core.db
    .prepare('SELECT tracking_code FROM transactions ORDER BY created_at DESC, rowid DESC LIMIT 1')
    .get() as { tracking_code: string };
  expect(await shown.textContent()).toBe(toPersianDigits(formatTrackingCode(row.tracking_code)));
  return row.tracking_code;
}

describe('sync in Chromium', () => {
  it('a manager enrolls, the operator’s sale is delivered exactly once, offline it waits with the error, and is delivered after the server returns', async () => {
    server = await startReferenceServer();
    const demo = await seedDemo(server.db, {
      now: Date.now(),
      catalogFile: resolve('resources/catalog/sample-catalog.json'),
    });
    const port = server.port;
    app = await launchApp({ sync: BUTTON_ONLY });
    const a = app;
    await setUpOffice(a, 1);
    insertUser(
      a.core.db,
      {
        username: OPERATOR.username,
        fullName: OPERATOR.fullName,
        role: 'operator',
        passwordHash: await hashPassword(OPERATOR.password),
      },
      a.core.now(),
    );
    const { page } = a;
    await page.reload();
    await logIn(page, MANAGER);
    await expect
      .poll(() => page.getByTestId('sync-indicator').textContent())
      .toContain('همگام‌سازی ثبت‌نشده');

    // Not enrolled: the manager gets the enrollment form.
    await openSync(page);
    expect(await page.getByTestId('sync-state').textContent()).toBe('ثبت‌نشده');
    const form = page.getByRole('form', { name: 'ثبت باجه در سامانهٔ شهرداری' });
    await form.getByRole('button', { name: 'ثبت باجه' }).click();
    await expect.poll(() => form.getByText('این خانه را پر کنید.').count()).toBe(2);
    await form.getByLabel('نشانی سرور شهرداری').fill('sync.karaj');
    await form.getByLabel('کد فعال‌سازی').fill('ABCD-EFGH-JKMN');
    await form.getByRole('button', { name: 'ثبت باجه' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('نشانی سرور درست نیست');
    await form.getByLabel('نشانی سرور شهرداری').fill(server.url);
    await form.getByRole('button', { name: 'ثبت باجه' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('کد فعال‌سازی درست نیست');
    await a.screenshot('70-sync-enroll-error');

    // Typed as read over the phone: lower case, with spaces.
    await form.getByLabel('کد فعال‌سازی').fill(demo.activationCode.toLowerCase().replace(/(.{4})/g, '$1 '));
    await form.getByRole('button', { name: 'ثبت باجه' }).click();
    await expect.poll(() => page.getByText(/باجهٔ ۱ دفتر «.*» در سامانهٔ .* ثبت شد/).isVisible()).toBe(true);
    // Enrolling starts the engine: its first run reaches the server.
    await expect.poll(() => page.getByTestId('sync-state').textContent(), { timeout: 15_000 }).toBe('برخط');
    expect(await page.getByTestId('sync-terminal').textContent()).toContain('کد دفتر ۱۲۳۴');
    await a.screenshot('71-sync-enrolled');

    // The operator serves a citizen and syncs from the Sync screen.
    await page.getByRole('button', { name: 'خروج' }).click();
    await logIn(page, OPERATOR);
    const first = await serveAtCounter(a, page);
    await openSync(page);
    await expect.poll(() => page.getByTestId('sync-pending').textContent()).toBe('۱');
    // An operator sees the list but cannot enroll or requeue.
    expect(await page.getByRole('form', { name: 'ثبت باجه در سامانهٔ شهرداری' }).count()).toBe(0);
    await a.screenshot('72-sync-one-pending');
    await page.getByRole('button', { name: 'همگام‌سازی اکنون' }).click();
    const result = page.getByTestId('sync-result');
    await expect.poll(() => result.textContent()).toContain('۱ مورد به شهرداری رسید');
    await expect.poll(() => page.getByTestId('sync-pending').textContent()).toBe('۰');
    expect(await page.getByTestId('sync-state').textContent()).toBe('برخط');
    // Last synced, in the Jalali calendar and Tehran time.
    const syncedAt = a.sync.status().lastSyncAt ?? 0;
    expect(await page.getByTestId('sync-last-success').textContent()).toBe(
      toPersianDigits(formatTehranDateTime(syncedAt)),
    );
    await a.screenshot('73-sync-delivered');
    expect((await heldByServer(server.url)).filter((tx) => tx.trackingCode === first)).toHaveLength(1);

    // The server goes away: the next sale waits, and the screen says why.
    await server.close();
    server = null;
    const second = await serveAtCounter(a, page);
    await openSync(page);
    await expect.poll(() => page.getByTestId('sync-pending').textContent()).toBe('۱');
    await page.getByRole('button', { name: 'همگام‌سازی اکنون' }).click();
    await expect.poll(() => result.textContent()).toContain('به سرور شهرداری دسترسی نیست');
    expect(await result.textContent()).toContain('۱ مورد همچنان در صف است');
    expect(await page.getByTestId('sync-state').textContent()).toBe('آفلاین');
    expect(await page.getByTestId('sync-pending').textContent()).toBe('۱');
    await expect.poll(() => page.getByTestId('sync-indicator').textContent()).toContain('آفلاین، ۱ در صف');
    await a.screenshot('74-sync-offline');

    // Back on the same address, and the PC's network comes back: nobody presses anything (the
    // engine's timers here are an hour long), the window's 'online' event has it sync at once.
    server = await startReferenceServer(port);
    await page.context().setOffline(true);
    await page.context().setOffline(false);
    await expect.poll(() => page.getByTestId('sync-state').textContent()).toBe('برخط');
    expect(await page.getByTestId('sync-pending').textContent()).toBe('۰');
    await expect.poll(() => page.getByTestId('sync-indicator').textContent()).toBe('برخط');
    await a.screenshot('75-sync-back-online');
    const held = await heldByServer(server.url);
    expect(held.filter((tx) => tx.trackingCode === first)).toHaveLength(1);
    expect(held.filter((tx) => tx.trackingCode === second)).toHaveLength(1);
    expect(a.problems).toEqual([]);
  });

  it('warns a manager about a PC clock 3 days slow, shows a refusal and a conflict with what to do, and sends the fixed item again', async () => {
    server = await startReferenceServer();
    const demo = await seedDemo(server.db, {
      now: Date.now(),
      catalogFile: resolve('resources/catalog/sample-catalog.json'),
    });
    app = await launchApp({ core: { now: () => Date.now() - 3 * DAY }, sync: BUTTON_ONLY });
    const a = app;
    await setUpOffice(a, 2);
    const { page } = a;
    await page.reload();
    await logIn(page, MANAGER);
    await openSync(page);
    const form = page.getByRole('form', { name: 'ثبت باجه در سامانهٔ شهرداری' });
    await form.getByLabel('نشانی سرور شهرداری').fill(server.url);
    await form.getByLabel('کد فعال‌سازی').fill(demo.activationCode);
    await form.getByRole('button', { name: 'ثبت باجه' }).click();
    await expect.poll(() => page.getByTestId('sync-state').textContent(), { timeout: 15_000 }).toBe('برخط');
    // The server's clock, learned from its answers: this PC is 3 days behind, and syncs anyway.
    await expect.poll(() => page.getByTestId('clock-warning').textContent()).toContain('۳ روز عقب‌تر از');

    async function sell(): Promise<{ id: string; trackingCode: string }> {
      const total = quote(a.core.now(), 'waste-fee');
      const r = await a.dispatcher.call(
        'page-1',
        'transactions.create',
        newTransaction('waste-fee', [{ method: 'cash', amount: total, tendered: total }]),
      );
      if (!r.ok) throw new Error(r.error.code);
      return r.value as { id: string; trackingCode: string };
    }
    const delivered = await sell();
    await page.getByRole('button', { name: 'همگام‌سازی اکنون' }).click();
    const result = page.getByTestId('sync-result');
    await expect.poll(() => result.textContent()).toContain('۱ مورد به شهرداری رسید');

    // Conflict: the delivered sale's id sent again with another body. Refusal: a fee the server's pricing disputes.
    a.core.db
      .prepare(
        "UPDATE outbox SET body = json_set(body, '$.citizen.firstName', 'دیگری'), state = 'pending' WHERE entity_id = ?",
      )
      .run(delivered.id);
    const refused = await sell();
    const body = (
      a.core.db.prepare('SELECT body FROM outbox WHERE entity_id = ?').get(refused.id) as { body: string }
    ).body;
    a.core.db
      .prepare(
        "UPDATE outbox SET body = json_set(body, '$.total', json_extract(body, '$.total') + 1) WHERE entity_id = ?",
      )
      .run(refused.id);
    // The refused sale was voided at the counter: its void waits beside it.
    const voided = await a.dispatcher.call('page-1', 'transactions.void', {
      id: refused.id,
      ...managerApproval('شهروند از پرداخت منصرف شد'),
    });
    expect(voided.ok).toBe(true);
    await page.getByRole('button', { name: 'همگام‌سازی اکنون' }).click();
    await expect.poll(() => result.textContent()).toContain('۳ مورد را شهرداری نپذیرفت');
    await expect.poll(() => page.getByTestId('attention-row').count()).toBe(3);
    expect(await page.getByTestId('sync-attention-count').textContent()).toBe('۳');
    const conflictRow = page
      .getByTestId('attention-row')
      .filter({ hasText: toPersianDigits(formatTrackingCode(delivered.trackingCode)) });
    expect(await conflictRow.textContent()).toContain('ناهمخوانی');
    expect(await conflictRow.textContent()).toContain('چیزی بازنویسی نشد');
    // Each reason in words, not the server's code.
    expect(await conflictRow.textContent()).not.toContain('different_body');
    const refusedRow = page
      .getByTestId('attention-row')
      .filter({ hasText: toPersianDigits(formatTrackingCode(refused.trackingCode)) });
    expect(await refusedRow.count()).toBe(2);
    const saleRow = refusedRow.filter({ hasText: 'با جمع کل آن نمی‌خواند' }).first();
    expect(await saleRow.textContent()).toContain('تراکنش');
    expect(await saleRow.textContent()).toContain('به پشتیبانی شهرداری خبر دهید');
    expect(await saleRow.textContent()).not.toContain('totals_mismatch');
    const voidRow = refusedRow.filter({ hasText: 'منتظر تراکنش خود است' });
    expect(await voidRow.textContent()).toContain('همراه همان تراکنش دوباره فرستاده می‌شود');
    // It goes with its sale, so it has no button of its own.
    expect(await voidRow.getByRole('button').count()).toBe(0);
    await a.screenshot('76-sync-needs-attention');

    // The cause fixed, the manager sends it again, with the keyboard.
    a.core.db.prepare('UPDATE outbox SET body = ? WHERE id = ?').run(body, refused.id);
    await saleRow.getByRole('button', { name: 'ارسال دوباره' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText('مورد دوباره در صف ارسال قرار گرفت.').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('sync-pending').textContent()).toBe('۲');
    await page.getByRole('button', { name: 'همگام‌سازی اکنون' }).click();
    await expect.poll(() => result.textContent()).toContain('۲ مورد به شهرداری رسید');
    await expect.poll(() => page.getByTestId('attention-row').count()).toBe(1);
    const held = await heldByServer(server.url);
    expect(held.filter((tx) => tx.trackingCode === refused.trackingCode)).toEqual([
      expect.objectContaining({ status: 'voided' }),
    ]);
    // The conflicting body was set aside, not stored: the server still holds that sale once.
    expect(held.filter((tx) => tx.trackingCode === delivered.trackingCode)).toHaveLength(1);
    await a.screenshot('77-sync-requeued');

    // A reason this version does not know (a newer server's) is shown by its code, for support.
    a.core.db
      .prepare(
        "UPDATE outbox SET last_error = 'rejected: a_newer_servers_reason' WHERE state = 'needs_attention'",
      )
      .run();
    await page.getByRole('button', { name: 'همگام‌سازی اکنون' }).click();
    const unknownRow = page.getByTestId('attention-row');
    await expect.poll(() => unknownRow.textContent()).toContain('a_newer_servers_reason');
    expect(await unknownRow.textContent()).toContain('این نسخهٔ برنامه آن را نمی‌شناسد');
    expect(a.problems).toEqual([]);
  });

  it('after a restore the trail forks: the Sync screen says to ask the municipality, and once it accepts, «ارسال دوباره» delivers it', async () => {
    server = await startReferenceServer();
    const url = server.url;
    const demo = await seedDemo(server.db, {
      now: Date.now(),
      catalogFile: resolve('resources/catalog/sample-catalog.json'),
    });
    app = await launchApp({ sync: BUTTON_ONLY });
    const a = app;
    await setUpOffice(a, 3);
    const { page } = a;
    await page.reload();
    await logIn(page, MANAGER);
    await openSync(page);
    const form = page.getByRole('form', { name: 'ثبت باجه در سامانهٔ شهرداری' });
    await form.getByLabel('نشانی سرور شهرداری').fill(url);
    await form.getByLabel('کد فعال‌سازی').fill(demo.activationCode);
    await form.getByRole('button', { name: 'ثبت باجه' }).click();
    await expect.poll(() => page.getByTestId('sync-state').textContent(), { timeout: 15_000 }).toBe('برخط');

    const manager = async (
      name: 'backups.create' | 'backups.restore' | 'transactions.create',
      input: unknown,
    ) => {
      const r = await a.dispatcher.call('page-1', name, input);
      if (!r.ok) throw new Error(`${name}: ${r.error.code}`);
      return r.value as Record<string, unknown>;
    };
    const sell = () => {
      const total = quote(a.core.now(), 'waste-fee');
      return manager(
        'transactions.create',
        newTransaction('waste-fee', [{ method: 'cash', amount: total, tendered: total }]),
      );
    };
    const syncNow = page.getByRole('button', { name: 'همگام‌سازی اکنون' });
    const result = page.getByTestId('sync-result');
    await sell();
    await syncNow.click();
    await expect.poll(() => result.textContent()).toContain('۱ مورد به شهرداری رسید');
    const backup = await manager('backups.create', {});
    await sell();
    await sell();
    await syncNow.click();
    await expect.poll(() => result.textContent()).toContain('۲ مورد به شهرداری رسید');
    await manager('backups.restore', {
      file: backup['file'],
      password: MANAGER.password,
      acceptUnsyncedLoss: false,
    });

    // Everyone logs in again to the restored database; its trail now forks from the municipality's.
    await page.reload();
    await logIn(page, MANAGER);
    await openSync(page);
    await syncNow.click();
    const row = page.getByTestId('attention-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('ردپای عملیات');
    expect(await row.textContent()).toContain('از پشتیبانی شهرداری بخواهید آن را بررسی و تأیید کند');
    expect(await row.textContent()).not.toContain('audit_');
    await a.screenshot('78-sync-audit-fork');

    // Municipal staff accept the fork through the admin API.
    const admin = (path: string, init: RequestInit = {}) =>
      fetch(`${url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      });
    const breaks = (await (await admin('/v1/admin/audit/breaks?office=1234')).json()) as {
      items: { id: number; terminal: number; acceptedAt: number | null }[];
    };
    const open = breaks.items.find((b) => b.terminal === 3 && b.acceptedAt === null);
    expect(open).toBeDefined();
    const accepted = await admin(`/v1/admin/audit/breaks/${open?.id}/accept`, {
      method: 'POST',
      body: JSON.stringify({ note: 'بازگردانی از پشتیبان؛ بررسی و تأیید شد' }),
    });
    expect(accepted.status).toBe(200);

    await row.getByRole('button', { name: 'ارسال دوباره' }).click();
    await expect.poll(() => page.getByText('مورد دوباره در صف ارسال قرار گرفت.').isVisible()).toBe(true);
    await syncNow.click();
    await expect.poll(() => row.count()).toBe(0);
    const trails = (await (await admin('/v1/admin/offices/1234/audit')).json()) as {
      terminals: { terminal: number; headSeq: number; headHash: string }[];
    };
    const head = trails.terminals.find((t) => t.terminal === 3);
    const restoredAt = (
      a.core.db.prepare("SELECT seq FROM audit_log WHERE action = 'database_restored'").get() as {
        seq: number;
      }
    ).seq;
    // The server's chain now runs through the restore's own entry and is this terminal's, hash for
    // hash (entries written since, such as this sync run's, go with the next run).
    expect(head?.headSeq).toBeGreaterThanOrEqual(restoredAt);
    const localAtHead = a.core.db.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(head?.headSeq) as
      { hash: string } | undefined;
    expect(head?.headHash).toBe(localAtHead?.hash);
    await a.screenshot('79-sync-audit-fork-accepted');
    expect(a.problems).toEqual([]);
  });

  it('a revoked terminal keeps its sales queued, the manager enrolls it again with a new code, and they are delivered under the same terminal', async () => {
    server = await startReferenceServer();
    const url = server.url;
    const demo = await seedDemo(server.db, {
      now: Date.now(),
      catalogFile: resolve('resources/catalog/sample-catalog.json'),
    });
    app = await launchApp({ sync: BUTTON_ONLY });
    const a = app;
    await setUpOffice(a, 4);
    const enrolled = await a.sync.enroll({ serverUrl: url, activationCode: demo.activationCode });
    const admin = (path: string, body: unknown) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect(
      (await admin(`/v1/admin/terminals/${enrolled.terminalId}/revoke`, { reason: 'PC stolen' })).status,
    ).toBe(200);
    const { page } = a;
    await page.reload();
    await logIn(page, MANAGER);
    const total = quote(a.core.now(), 'waste-fee');
    const sale = await a.dispatcher.call(
      'page-1',
      'transactions.create',
      newTransaction('waste-fee', [{ method: 'cash', amount: total, tendered: total }]),
    );
    if (!sale.ok) throw new Error(sale.error.code);
    const { trackingCode } = sale.value as { trackingCode: string };
    expect(await a.sync.syncNow()).toMatchObject({ ok: false, error: { code: 'terminal_revoked' } });

    await openSync(page);
    await expect
      .poll(() =>
        page.getByRole('alert').filter({ hasText: 'کد فعال‌سازی تازه‌ای از شهرداری بگیرید' }).isVisible(),
      )
      .toBe(true);
    expect(await page.getByTestId('sync-pending').textContent()).not.toBe('۰');
    const form = page.getByRole('form', { name: 'ثبت دوبارهٔ این باجه' });
    expect(await form.getByText(url).isVisible()).toBe(true);
    await a.screenshot('7a-sync-revoked');
    const code = (await (await admin('/v1/admin/offices/1234/activation-codes', {})).json()) as {
      activationCode: string;
    };
    await form.getByLabel('کد فعال‌سازی').fill(code.activationCode);
    await form.getByRole('button', { name: 'ثبت دوباره' }).click();
    await expect
      .poll(() => page.getByText(/باجهٔ ۴ دفتر «.*» دوباره در سامانهٔ .* ثبت شد/).isVisible())
      .toBe(true);
    await expect.poll(() => page.getByTestId('sync-pending').textContent(), { timeout: 15_000 }).toBe('۰');
    expect(await page.getByTestId('sync-state').textContent()).toBe('برخط');
    expect(await form.count()).toBe(0);
    await a.screenshot('7b-sync-enrolled-again');
    expect((await heldByServer(url)).filter((tx) => tx.trackingCode === trackingCode)).toHaveLength(1);
    expect(a.sync.status().terminal?.id).toBe(enrolled.terminalId);
    expect(a.problems).toEqual([]);
  });

  it('a manager whose office code was mistyped at setup corrects it when enrollment says the code is another office’s, and enrolls', async () => {
    server = await startReferenceServer();
    const demo = await seedDemo(server.db, {
      now: Date.now(),
      catalogFile: resolve('resources/catalog/sample-catalog.json'),
    });
    app = await launchApp({ sync: BUTTON_ONLY });
    const a = app;
    const setup = await a.dispatcher.call('setup-script', 'setup.createOffice', {
      officeName: 'دفتر پیشخوان شمارهٔ ۱۲',
      officeCode: '1243',
      district: 3,
      terminalNumber: 5,
      manager: MANAGER,
    });
    expect(setup.ok).toBe(true);
    const { page } = a;
    await page.reload();
    await logIn(page, MANAGER);
    await openSync(page);
    const form = page.getByRole('form', { name: 'ثبت باجه در سامانهٔ شهرداری' });
    // Typed with Persian digits, as on a Persian keyboard.
    await form.getByLabel('نشانی سرور شهرداری').fill(toPersianDigits(server.url));
    await form.getByLabel('کد فعال‌سازی').fill(demo.activationCode);
    await form.getByRole('button', { name: 'ثبت باجه' }).click();
    await expect
      .poll(() => form.getByRole('alert').textContent())
      .toContain('این کد فعال‌سازی برای دفتر دیگری است');

    const correct = page.getByRole('form', { name: 'اصلاح کد دفتر و شمارهٔ باجه' });
    expect(await correct.getByLabel('کد دفتر (۴ رقم)').inputValue()).toBe('1243');
    await correct.getByLabel('کد دفتر (۴ رقم)').fill('۱۲۳۴');
    await a.screenshot('7c-sync-correct-office');
    await correct.getByRole('button', { name: 'ذخیره' }).click();
    await expect
      .poll(() => form.getByRole('status').textContent())
      .toBe('ذخیره شد: کد دفتر ۱۲۳۴، شمارهٔ باجه ۵. دوباره با همان کد فعال‌سازی ثبت کنید.');
    expect(await correct.count()).toBe(0);
    await expect.poll(() => page.getByTestId('office-line').textContent()).toContain('کد دفتر ۱۲۳۴');
    expect(a.core.office()).toMatchObject({ code: '1234', terminalNumber: 5 });

    await form.getByRole('button', { name: 'ثبت باجه' }).click();
    await expect.poll(() => page.getByText(/باجهٔ ۵ دفتر «.*» در سامانهٔ .* ثبت شد/).isVisible()).toBe(true);
    const audit = a.core.db
      .prepare("SELECT details FROM audit_log WHERE action = 'office_identity_corrected'")
      .all() as { details: string }[];
    expect(audit.map((r) => JSON.parse(r.details) as unknown)).toEqual([
      { fromOfficeCode: '1243', fromTerminalNumber: 5, officeCode: '1234', terminalNumber: 5 },
    ]);
    expect(a.problems).toEqual([]);
  });

  it('tells the office that the municipality published a catalog this version cannot read, and that the app must be updated', async () => {
    server = await startReferenceServer();
    const url = server.url;
    const demo = await seedDemo(server.db, {
      now: Date.now(),
      catalogFile: resolve('resources/catalog/sample-catalog.json'),
    });
    // This version cannot read the municipality's next catalog: a newer server's rule.
    const newer = 'karaj-1405.9';
    const olderApp: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).includes('/v1/pull') || response.status !== 200) return response;
      const page = (await response.json()) as {
        changes: { type: string; catalogVersion?: string; catalog?: { services: unknown } }[];
      };
      for (const change of page.changes)
        if (change.catalogVersion === newer && change.catalog)
          change.catalog.services = [{ code: 'future-service', rule: { kind: 'not-known-here' } }];
      return new Response(JSON.stringify(page), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    };
    app = await launchApp({ sync: { ...BUTTON_ONLY, fetch: olderApp } });
    const a = app;
    await setUpOffice(a, 6);
    await a.sync.enroll({ serverUrl: url, activationCode: demo.activationCode });
    const published = await fetch(`${url}/v1/admin/catalogs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ catalogVersion: newer, catalog: { ...sampleCatalog, catalogVersion: newer } }),
    });
    expect(published.status).toBe(201);
    const { publishedAt } = (await published.json()) as { publishedAt: number };
    expect(await a.sync.syncNow()).toMatchObject({ ok: true, catalogs: 0 });

    const { page } = a;
    await page.reload();
    await logIn(page, MANAGER);
    await openSync(page);
    const notice = page.getByRole('alert').filter({ hasText: 'این نسخهٔ برنامه نمی‌تواند آن را بخواند' });
    await expect.poll(() => notice.isVisible()).toBe(true);
    expect(await notice.textContent()).toContain('برنامه را به‌روز کنید');
    expect(await notice.textContent()).toContain(toPersianDigits(formatTehranDateTime(publishedAt)));
    expect(await notice.locator('bdi').textContent()).toBe(newer);
    expect(await page.getByTestId('sync-state').textContent()).toBe('برخط');
    await a.screenshot('7d-sync-catalog-refused');
    expect(a.problems).toEqual([]);
  });
});
