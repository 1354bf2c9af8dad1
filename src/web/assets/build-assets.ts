import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { brotliCompressSync, constants, crc32, deflateSync, gzipSync } from 'node:zlib';

/** Where the sources of the assets live (styles, favicon): src/web/assets, whether the code runs from src/ or dist/src/. */
export const assetSources = (): string => join(projectRoot(), 'src', 'web', 'assets');

/** The built assets: `<root>/dist/public` (the same place whether the app runs from src/ or from dist/src/). */
export const builtAssetsDir = (): string => join(projectRoot(), 'dist', 'public');

export interface AssetManifest {
  /** Hash of every source that went into the build: a stale build is rebuilt in development. */
  sourceHash: string;
  /** Logical name → file name under /assets (content-hashed, except the favicon.ico browsers ask for by name). */
  files: Record<string, string>;
}

export function projectRoot(from = __dirname): string {
  let dir = from;
  for (;;) {
    try {
      statSync(join(dir, 'package.json'));
      return dir;
    } catch {
      const up = dirname(dir);
      if (up === dir) throw new Error('No se encontró la raíz del proyecto (package.json)');
      dir = up;
    }
  }
}

function* filesUnder(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full);
    else if (/\.(scss|svg)$/.test(entry.name)) yield full;
  }
}

/** Hash of the sources (styles, favicon) and of the design system's version. */
export function sourceHash(sourceDir = assetSources()): string {
  const h = createHash('sha256');
  for (const file of [...filesUnder(sourceDir)].sort()) h.update(relative(sourceDir, file)).update(readFileSync(file));
  try {
    h.update(JSON.parse(readFileSync(join(projectRoot(), 'node_modules', 'govuk-frontend', 'package.json'), 'utf8')).version);
  } catch {
    // Not installed (production image): the built manifest is used as it is.
  }
  return h.digest('hex').slice(0, 16);
}

const hashed = (name: string, body: Buffer): string => {
  const dot = name.lastIndexOf('.');
  return `${name.slice(0, dot)}.${createHash('sha256').update(body).digest('hex').slice(0, 12)}${name.slice(dot)}`;
};

/**
 * Compiles the stylesheet with Sass (GOV.UK Frontend's components the pages use, plus ours; compressed), names every
 * asset by its content hash, and writes each beside its brotli and gzip versions, so the server sends bytes it
 * never compresses per request. Atomic: a new folder replaces the old one.
 */
export function buildAssets(outDir = builtAssetsDir(), sourceDir = assetSources()): AssetManifest {
  // sass is a build-time dependency only (the production image serves the built files).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sass = require('sass') as typeof import('sass');
  const css = Buffer.from(
    sass.compile(join(sourceDir, 'styles', 'site.scss'), {
      loadPaths: [join(projectRoot(), 'node_modules')],
      style: 'compressed',
      quietDeps: true,
    }).css,
  );
  const favicon = readFileSync(join(sourceDir, 'favicon.svg'));
  const outputs: Array<[string, string, Buffer]> = [
    ['site.css', hashed('site.css', css), css],
    ['favicon.svg', hashed('favicon.svg', favicon), favicon],
    ['favicon.ico', 'favicon.ico', faviconIco()],
  ];
  const tmp = `${outDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(join(tmp, 'assets'), { recursive: true });
  for (const [, file, body] of outputs) {
    writeFileSync(join(tmp, 'assets', file), body);
    if (!file.endsWith('.ico')) {
      writeFileSync(join(tmp, 'assets', `${file}.br`), brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      writeFileSync(join(tmp, 'assets', `${file}.gz`), gzipSync(body, { level: 9 }));
    }
  }
  const manifest: AssetManifest = {
    sourceHash: sourceHash(sourceDir),
    files: Object.fromEntries(outputs.map(([name, file]) => [name, file])),
  };
  writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2));
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(dirname(outDir), { recursive: true });
  renameSync(tmp, outDir);
  return manifest;
}

/**
 * The favicon browsers request by name (/favicon.ico): the SVG's mark drawn as a 32×32 PNG inside an ICO
 * container, 4× supersampled. Pure code, so the build needs no image tool.
 */
export function faviconIco(): Buffer {
  const size = 32;
  const rgba = Buffer.alloc(size * size * 4);
  const blue = [0x0b, 0x3b, 0x69];
  const sky = [0x49, 0x97, 0xd0];
  const segDist = (px: number, py: number, ax: number, ay: number, bx: number, by: number) => {
    const t = Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    return Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
  };
  const inRounded = (x: number, y: number) => {
    const r = 6;
    const cx = Math.min(Math.max(x, r), size - r);
    const cy = Math.min(Math.max(y, r), size - r);
    return Math.hypot(x - cx, y - cy) <= r;
  };
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const px = x + (sx + 0.5) / 4;
          const py = y + (sy + 0.5) / 4;
          if (!inRounded(px, py)) continue;
          const check = Math.min(segDist(px, py, 8, 13.5, 13, 18.5), segDist(px, py, 13, 18.5, 24, 7.5)) <= 1.75;
          const colour = check ? [255, 255, 255] : py >= 24 && py < 28 ? sky : blue;
          acc[0] += colour[0];
          acc[1] += colour[1];
          acc[2] += colour[2];
          acc[3] += 255;
        }
      }
      const covered = acc[3] / 255;
      const i = (y * size + x) * 4;
      rgba[i] = covered ? Math.round(acc[0] / covered) : 0;
      rgba[i + 1] = covered ? Math.round(acc[1] / covered) : 0;
      rgba[i + 2] = covered ? Math.round(acc[2] / covered) : 0;
      rgba[i + 3] = Math.round(acc[3] / 16);
    }
  }
  const png = encodePng(size, size, rgba);
  const header = Buffer.alloc(22);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(size, 6);
  header.writeUInt8(size, 7);
  header.writeUInt8(0, 8); // no palette
  header.writeUInt8(0, 9);
  header.writeUInt16LE(1, 10); // planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(png.length, 14);
  header.writeUInt32LE(22, 18); // offset of the image
  return Buffer.concat([header, png]);
}

function encodePng(width: number, height: number, rgba: Buffer): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(6, 9); // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
