import { describe, expect, it } from 'vitest';
import { NOTICES_SHOWN } from '../../../../electron/core/notices/notices';
import { setUpOffice, startCore } from '../../../support/core';
import { useTempDirs } from '../../../support/tempdir';

describe("the municipality's notices, more of them unread than the list shows", () => {
  const tempDir = useTempDirs();

  it('are all read once the latest are shown: the count does not stay up for the older ones', async () => {
    const t = startCore(tempDir());
    await setUpOffice(t);
    const insert = t.core.db.prepare(
      'INSERT INTO notices (id, seq, text_fa, text_en, at, received_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const count = NOTICES_SHOWN + 5;
    for (let seq = 1; seq <= count; seq++)
      insert.run(`n-${seq}`, seq, `اطلاعیهٔ ${seq}`, `Notice ${seq}`, seq, seq);
    const listed = await t.call('notices.list', {});
    if (!listed.ok) throw new Error(listed.error.code);
    expect(listed.value.unread).toBe(count);
    expect(listed.value.items).toHaveLength(NOTICES_SHOWN);
    expect(listed.value.items[0]?.id).toBe(`n-${count}`);

    const marked = await t.call('notices.markRead', { ids: listed.value.items.map((n) => n.id) });
    expect(marked).toMatchObject({ ok: true, value: { unread: 0 } });
    // A notice that came after the list was shown stays unread.
    insert.run('n-late', count + 1, 'تازه', 'New', count + 1, count + 1);
    const again = await t.call('notices.markRead', { ids: [`n-${count}`] });
    expect(again).toMatchObject({ ok: true, value: { unread: 1 } });
    const trail = t.core.db.prepare("SELECT details FROM audit_log WHERE action = 'notices_read'").all() as {
      details: string;
    }[];
    expect(trail.map((r) => JSON.parse(r.details).count)).toEqual([count]);
    await t.close();
  });
});
