import { randomUUID } from 'node:crypto';
import { openCore } from '../../../electron/core/core';
import { createDispatcher } from '../../../electron/core/ipc/dispatch';

/**
 * Saves transactions in a loop and prints each tracking code only after its save returned (after
 * the durable commit) — what a receipt printer would have printed. The parent kills it at random.
 */
async function main(): Promise<void> {
  const dataDir = process.argv[2] ?? '';
  const core = openCore({ dataDir });
  const dispatcher = createDispatcher(core);
  if (!core.office()) {
    const setup = await dispatcher.call('child', 'setup.createOffice', {
      officeName: 'دفتر آزمون',
      officeCode: '1234',
      district: 1,
      terminalNumber: 1,
      manager: { username: 'manager', fullName: 'مدیر', password: 'crash test password' },
    });
    if (!setup.ok) throw new Error(setup.error.code);
  } else {
    const login = await dispatcher.call('child', 'session.login', {
      username: 'manager',
      password: 'crash test password',
    });
    if (!login.ok) throw new Error(login.error.code);
  }
  process.stdout.write('ready\n');
  // The permit request's fee (computed by the parent from the same tariff), paid in cash and card.
  const permitTotal = Number(process.env['PERMIT_TOTAL']);
  for (let i = 0; ; i++) {
    const permit = i % 2 === 0;
    const r = await dispatcher.call('child', 'transactions.create', {
      id: randomUUID(),
      serviceCode: permit ? 'building-permit-request' : 'citizen-request',
      citizen: { nationalId: '0499370899', firstName: 'علی', lastName: 'رضایی', mobile: null },
      fields: permit
        ? { fileCode: 'K-1', ownerNationalId: '0084575948', address: 'کرج', postalCode: '3145678913' }
        : { subject: 'question', description: 'پرسش' },
      payments: permit
        ? [
            { method: 'cash', amount: 50_000, tendered: 100_000 },
            { method: 'card', amount: permitTotal - 50_000, reference: '123456789012' },
          ]
        : [],
    });
    if (!r.ok) throw new Error(r.error.code);
    process.stdout.write(`${(r.value as { trackingCode: string }).trackingCode}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(String(error instanceof Error ? error.stack : error));
  process.exit(3);
});
