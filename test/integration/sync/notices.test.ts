import { expect, it } from 'vitest';
import { describeOnEachBackend, managerCaller, openTerminal } from './fixture';

describeOnEachBackend("the municipality's notices at the counter", (server, tempDir) => {
  it('are listed newest first, unread until shown, and marked read by whoever saw them', async () => {
    const t = await openTerminal(tempDir(), { terminalNumber: 61 });
    const call = managerCaller(t);
    await t.engine.enroll({ serverUrl: server().url, activationCode: await server().newActivationCode() });
    expect(await call('notices.list', {})).toEqual({ items: [], unread: 0 });

    for (const [fa, en] of [
      ['ساعت کار دفترها در روز تعطیل: ۸ تا ۱۲', 'Offices open 8 to 12 on the holiday'],
      ['تعرفهٔ پسماند از اول ماه تغییر می‌کند', ''],
    ] as const) {
      const posted = await server().admin('POST', '/v1/admin/notices', { text: { fa, en: en || fa } });
      expect(posted.status).toBe(201);
    }
    expect(await t.engine.syncNow()).toMatchObject({ ok: true });
    expect(t.engine.status().unreadNotices).toBe(2);

    const listed = await call('notices.list', {});
    expect(listed.unread).toBe(2);
    expect(listed.items.map((n) => n.text.fa)).toEqual([
      'تعرفهٔ پسماند از اول ماه تغییر می‌کند',
      'ساعت کار دفترها در روز تعطیل: ۸ تا ۱۲',
    ]);
    expect(listed.items.every((n) => n.readAt === null)).toBe(true);

    const first = listed.items[1]?.id as string;
    const marked = await call('notices.markRead', { ids: [first, first, 'not-a-notice'] });
    expect(marked.unread).toBe(1);
    const readAt = marked.items.find((n) => n.id === first)?.readAt ?? null;
    expect(readAt).not.toBeNull();
    expect(readAt).toBeLessThanOrEqual(t.core.now());
    expect(marked.items.find((n) => n.id !== first)?.readAt).toBeNull();
    expect(t.engine.status().unreadNotices).toBe(1);
    // Read once: marking it again changes nothing and adds nothing to the trail.
    await call('notices.markRead', { ids: [first] });
    const trail = t.core.db
      .prepare("SELECT actor_username AS who, details FROM audit_log WHERE action = 'notices_read'")
      .all() as { who: string; details: string }[];
    expect(trail).toHaveLength(1);
    expect(trail[0]?.who).toBe('manager');
    expect(JSON.parse(trail[0]?.details ?? '{}')).toEqual({ count: 1, ids: [first] });
    await t.close();
  });
});
