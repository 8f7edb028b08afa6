import { describe, expect, it } from 'vitest';
import { normalizeServerUrl } from '../../../../electron/core/sync/enroll';

describe('normalizeServerUrl', () => {
  it.each([
    ['http://۱۹۲.۱۶۸.۱.۱۰', 'http://192.168.1.10'],
    ['http://١٩٢.١٦٨.١.١٠:٨٠٨٠/', 'http://192.168.1.10:8080'],
    ['http://192.168.1.10:۸۰۸۰', 'http://192.168.1.10:8080'],
    ['http://۱۹۲٫۱۶۸٫۱٫۱۰', 'http://192.168.1.10'],
    ['https://sync۲.karaj.ir', 'https://sync2.karaj.ir'],
    ['\u200fhttps://sync.karaj.ir\u200e', 'https://sync.karaj.ir'],
    ['https://sync\u200c.karaj.ir/api/', 'https://sync.karaj.ir/api'],
    [' HTTPS://Sync.Karaj.IR//', 'https://sync.karaj.ir'],
  ])('reads %j as %s', (typed, url) => {
    expect(normalizeServerUrl(typed)).toBe(url);
  });

  it.each(['sync.karaj.ir', 'ftp://sync.karaj.ir', 'http://', '\u200f'])('refuses %j', (typed) => {
    expect(() => normalizeServerUrl(typed)).toThrow(expect.objectContaining({ code: 'request_refused' }));
  });
});
