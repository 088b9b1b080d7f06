// The committed icons are what `npm run icons` makes from build/icon.svg, in the sizes each platform's installer needs.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../helpers.js';

const build = join(import.meta.dirname, '..', '..', 'build');
/** Linux hicolor sizes (16–512) plus the 1024 px macOS source. */
const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

let fresh: string;
beforeAll(async () => {
  fresh = await tempDir('sb-icons-');
  execFileSync(process.execPath, [join(import.meta.dirname, '..', '..', 'scripts', 'icons.mjs'), '--out', fresh], { stdio: 'pipe' });
});
afterAll(async () => removeDir(fresh));

describe('app icons', () => {
  it('has one PNG per size, each as large as its name says', () => {
    const names = readdirSync(join(build, 'icons')).sort();
    expect(names).toEqual(PNG_SIZES.map((s) => `${s}x${s}.png`).sort());
    for (const size of PNG_SIZES) {
      expect(pngSize(readFileSync(join(build, 'icons', `${size}x${size}.png`)))).toEqual({ width: size, height: size });
    }
  });

  it('matches a fresh render of icon.svg byte for byte (run `npm run icons` after editing the SVG)', () => {
    for (const file of ['icon.ico', 'icon.icns', ...PNG_SIZES.map((s) => `icons/${s}x${s}.png`)]) {
      expect(readFileSync(join(build, file)).equals(readFileSync(join(fresh, file))), file).toBe(true);
    }
  });

  it('has a Windows .ico from 16 to 256 px (electron-builder refuses one without 256)', () => {
    const ico = readFileSync(join(build, 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]); // reserved, type 1 = icon
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + i * 16] || 256); // width 0 means 256
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });

  it('has a macOS .icns whose elements hold PNGs of the size their type stands for', () => {
    const icns = readFileSync(join(build, 'icon.icns'));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const TYPE_SIZE: Record<string, number> = { icp4: 16, icp5: 32, icp6: 64, ic07: 128, ic08: 256, ic09: 512, ic10: 1024, ic11: 32, ic12: 64, ic13: 256, ic14: 512 };
    const seen: string[] = [];
    for (let at = 8; at < icns.length; ) {
      const type = icns.subarray(at, at + 4).toString('ascii');
      const length = icns.readUInt32BE(at + 4);
      expect(TYPE_SIZE[type], type).toBeDefined();
      expect(pngSize(icns.subarray(at + 8, at + length)), type).toEqual({ width: TYPE_SIZE[type], height: TYPE_SIZE[type] });
      seen.push(type);
      at += length;
    }
    expect(seen.sort()).toEqual(Object.keys(TYPE_SIZE).sort());
  });
});
