import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../shared/result';

type Messages = { [key: string]: string | Messages };

const I18N_DIR = 'renderer/i18n';
const LANGS = ['fa', 'en'] as const;

function flatten(messages: Messages, prefix: string): string[] {
  return Object.entries(messages).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : flatten(v, `${prefix}${k}.`),
  );
}

function keysOf(lang: string): Set<string> {
  const dir = join(I18N_DIR, lang);
  return new Set(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) =>
        flatten(JSON.parse(readFileSync(join(dir, f), 'utf8')) as Messages, `${f.replace(/\.json$/, '')}.`),
      ),
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'i18n' ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(e.name) ? [path] : [];
  });
}

/** Keys passed to t('…') or t(`…${x}…`) in the renderer; templates become patterns. */
function usedKeys(): { file: string; key: string; pattern: RegExp }[] {
  const used: { file: string; key: string; pattern: RegExp }[] = [];
  for (const file of sourceFiles('renderer')) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*(['`])([^'`]+)\1/g)) {
      const key = m[2] as string;
      const escaped = key
        .split(/\$\{[^}]+\}/)
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^.]+');
      used.push({ file, key, pattern: new RegExp(`^${escaped}$`) });
    }
  }
  return used;
}

describe('translations', () => {
  const keys = Object.fromEntries(LANGS.map((l) => [l, keysOf(l)])) as Record<
    (typeof LANGS)[number],
    Set<string>
  >;

  it('has the same keys in Persian and English', () => {
    expect([...keys.fa].filter((k) => !keys.en.has(k))).toEqual([]);
    expect([...keys.en].filter((k) => !keys.fa.has(k))).toEqual([]);
  });

  it('has no empty message', () => {
    for (const lang of LANGS) {
      for (const f of readdirSync(join(I18N_DIR, lang))) {
        expect(readFileSync(join(I18N_DIR, lang, f), 'utf8')).not.toMatch(/:\s*""/);
      }
    }
  });

  it('has every key the renderer uses, in both languages', () => {
    const used = usedKeys();
    expect(used.length).toBeGreaterThan(20);
    const missing = used.flatMap(({ file, key, pattern }) =>
      LANGS.filter((l) => ![...keys[l]].some((k) => pattern.test(k))).map((l) => `${l}: ${key} (${file})`),
    );
    expect(missing).toEqual([]);
  });

  it('has a message for every error code the core can return', () => {
    for (const lang of LANGS) {
      expect(ERROR_CODES.filter((code) => !keys[lang].has(`errors.${code}`))).toEqual([]);
    }
  });
});
