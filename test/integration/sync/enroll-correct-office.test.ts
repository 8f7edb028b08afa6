import { expect, it } from 'vitest';
import { describeOnEachBackend, openTerminal } from './fixture';

describeOnEachBackend(
  'correcting the office code and terminal number that enrollment refused',
  (server, tempDir) => {
    it('enrolls once the manager corrected a mistyped office code and a number another PC has', async () => {
      const first = await openTerminal(tempDir(), { terminalNumber: 61 });
      await first.engine.enroll({
        serverUrl: server().url,
        activationCode: await server().newActivationCode(),
      });

      // Set up as office 1243 (a typo of 1234), with the first PC's number.
      const t = await openTerminal(tempDir(), { officeCode: '1243', terminalNumber: 61 });
      const code = await server().newActivationCode();
      await expect(t.engine.enroll({ serverUrl: server().url, activationCode: code })).rejects.toMatchObject({
        code: 'office_mismatch',
      });
      expect(
        await t.dispatcher.call('w', 'sync.correctOffice', { officeCode: '1234', terminalNumber: 61 }),
      ).toMatchObject({ ok: true });
      await expect(t.engine.enroll({ serverUrl: server().url, activationCode: code })).rejects.toMatchObject({
        code: 'terminal_number_taken',
      });
      expect(
        await t.dispatcher.call('w', 'sync.correctOffice', { officeCode: '1234', terminalNumber: 62 }),
      ).toMatchObject({ ok: true });
      // The refusals did not use the code up.
      expect(await t.engine.enroll({ serverUrl: server().url, activationCode: code })).toMatchObject({
        terminalNumber: 62,
        office: { code: '1234' },
      });
      const sale = await t.save();
      expect(sale.trackingCode).not.toBe((await first.save()).trackingCode);
      expect(await t.engine.syncNow()).toMatchObject({ ok: true, delivered: 1 });
      expect(await first.engine.syncNow()).toMatchObject({ ok: true, delivered: 1 });
      // Enrolled: frozen from now on.
      expect(
        await t.dispatcher.call('w', 'sync.correctOffice', { officeCode: '1234', terminalNumber: 63 }),
      ).toMatchObject({ ok: false, error: { code: 'office_identity_frozen' } });
      await t.close();
      await first.close();
    });
  },
);
