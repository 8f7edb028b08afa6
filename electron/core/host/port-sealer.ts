import type { Sealer } from '../sync';
import type { SealAnswer, SealRequest } from './messages';

/**
 * A Sealer for the core's thread that has the main process do the work (Electron's safeStorage is
 * there only): each seal or unseal is a request over the worker's port, answered by id.
 */
export class PortSealer implements Sealer {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(bytes: Buffer): void; reject(error: Error): void }>();

  constructor(private readonly post: (request: SealRequest) => void) {}

  seal(plain: Buffer): Promise<Buffer> {
    return this.ask('seal', plain);
  }

  unseal(sealed: Buffer): Promise<Buffer> {
    return this.ask('unseal', sealed);
  }

  /** The host's answer to one of this sealer's requests. */
  answer(message: SealAnswer): void {
    const waiter = this.waiting.get(message.id);
    if (!waiter) return;
    this.waiting.delete(message.id);
    if (message.ok) waiter.resolve(Buffer.from(message.bytes));
    else waiter.reject(new Error(`the host could not ${message.message}`));
  }

  /** The port is closing: nothing will answer the requests still waiting. */
  abandon(): void {
    for (const waiter of this.waiting.values()) waiter.reject(new Error('the core is closing'));
    this.waiting.clear();
  }

  private ask(op: SealRequest['op'], bytes: Buffer): Promise<Buffer> {
    const id = this.nextId++;
    return new Promise<Buffer>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.post({ type: 'seal', id, op, bytes: new Uint8Array(bytes) });
    });
  }
}
