// `npm run icons`: render build/icon.svg to the icon files each installer needs, all committed, so
// `npm run dist` needs no extra step and electron-builder never downloads its icon converter:
//   build/icons/NxN.png  Linux (AppImage, deb: the hicolor theme sizes), and the sources of the two below
//   build/icon.ico       Windows (nsis, the .exe): 16–256 px
//   build/icon.icns      macOS (dmg, the .app): 16–1024 px, PNG payloads
// test/unit/icons.test.ts re-renders the SVG and fails when these files are out of date.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import pngToIco from 'png-to-ico';

const build = join(import.meta.dirname, '..', 'build');
/** Where to write: build/ itself, or `--out DIR` (the test compares a fresh render with the committed files). */
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? process.argv[outArg + 1] : build;
const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** .icns element types with a PNG payload and the pixel size each holds (the @2x ones reuse a larger PNG). */
const ICNS_TYPES = [
  ['icp4', 16], ['icp5', 32], ['icp6', 64], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024],
  ['ic11', 32], ['ic12', 64], ['ic13', 256], ['ic14', 512],
];

function renderPng(svg, size) {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' }).render().asPng();
}

/** An .icns file: 'icns' + total length, then per element its type, its length (header included) and the PNG. */
function icns(pngs) {
  const elements = ICNS_TYPES.map(([type, size]) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(8 + pngs[size].length, 4);
    return Buffer.concat([head, pngs[size]]);
  });
  const body = Buffer.concat(elements);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + body.length, 4);
  return Buffer.concat([head, body]);
}

const svg = readFileSync(join(build, 'icon.svg'));
const pngs = {};
mkdirSync(join(out, 'icons'), { recursive: true });
for (const size of PNG_SIZES) {
  pngs[size] = renderPng(svg, size);
  writeFileSync(join(out, 'icons', `${size}x${size}.png`), pngs[size]);
}
writeFileSync(join(out, 'icon.ico'), await pngToIco(ICO_SIZES.map((s) => pngs[s])));
writeFileSync(join(out, 'icon.icns'), icns(pngs));
console.log(`icons: ${PNG_SIZES.length} PNGs, icon.ico (${ICO_SIZES.length} sizes), icon.icns (${ICNS_TYPES.length} elements) in ${out}`);
