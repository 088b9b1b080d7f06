// Connector logos come from Simple Icons or a monogram; no emoji reaches the renderer (a machine without an
// emoji font shows an empty box for each).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BRAND_SLUGS, glyphFor, monogramLetters } from '../../src/shared/brand.js';
import { BUILTIN_CONNECTORS } from '../../src/engine/connectors/builtin/index.js';

const root = join(import.meta.dirname, '..', '..');
/** Emoji and pictographs, plus the variation selector that turns a symbol into an emoji. */
const EMOJI = /[\p{Extended_Pictographic}\u{FE0F}\u{1F1E6}-\u{1F1FF}]/u;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(tsx?|css|html)$/.test(name) ? [path] : [];
  });
}

describe('connector logos', () => {
  it('gives every built-in connector a Simple Icons logo or a monogram, never its raw icon text', () => {
    for (const c of BUILTIN_CONNECTORS) {
      expect(c.icon === '' || BRAND_SLUGS.includes(c.icon), `${c.id}: icon '${c.icon}' is neither '' nor a known slug`).toBe(true);
      const glyph = glyphFor(c);
      if (glyph.kind === 'brand') {
        expect(glyph.path).toMatch(/^M[\d.\-\s,A-Za-z]+$/);
        expect(glyph.color).toMatch(/^#[0-9A-F]{6}$/i);
      } else {
        expect(glyph.letters).toMatch(/^\p{Lu}{1,2}$/u);
      }
    }
    expect(glyphFor(BUILTIN_CONNECTORS.find((c) => c.id === 'github')!).kind).toBe('brand');
    expect(glyphFor(BUILTIN_CONNECTORS.find((c) => c.id === 'slack')!)).toMatchObject({ kind: 'monogram', letters: 'S' });
  });

  it('makes a monogram from a custom connector name, with a colour that depends only on the id', () => {
    expect(monogramLetters('Acme billing API')).toBe('AB');
    expect(monogramLetters('  (internal) tools ')).toBe('IT');
    expect(monogramLetters('***')).toBe('?');
    const a = glyphFor({ id: 'acme', name: 'Acme', icon: '🚀' });
    expect(a).toMatchObject({ kind: 'monogram', letters: 'A' });
    expect(glyphFor({ id: 'acme', name: 'Other name', icon: '' }).color).toBe(a.color);
  });

  it('has no emoji anywhere in the renderer or in the connector definitions it shows', () => {
    const scanned = [...files(join(root, 'src', 'renderer')), ...files(join(root, 'src', 'engine', 'connectors'))];
    expect(scanned.length).toBeGreaterThan(20);
    const found = scanned.flatMap((path) =>
      readFileSync(path, 'utf8')
        .split('\n')
        .flatMap((line, i) => (EMOJI.test(line) ? [`${path.slice(root.length + 1)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });
});
