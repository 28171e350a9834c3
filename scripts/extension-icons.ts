/**
 * Draws the extension's toolbar icons (extension/public/icon/<size>.png): a white « P » on the
 * State's blue (#000091), in a rounded square. Run once: `npx tsx scripts/extension-icons.ts`.
 * Plain PNG encoding with node:zlib, 4×4 supersampling for smooth edges; no image library needed.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BLUE = [0, 0, 145] as const;

/** Coverage of the shape at (x, y) in a unit square: 'bg', 'fg' or 'out'. */
function shape(x: number, y: number): 'out' | 'bg' | 'fg' {
  const r = 0.2;
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return 'out';
  const stem = x >= 0.3 && x <= 0.43 && y >= 0.2 && y <= 0.8;
  // Bowl: a ring around (0.5, 0.39), right half, joined to the stem by two bars.
  const dx = (x - 0.5) / 0.22;
  const dy = (y - 0.39) / 0.19;
  const d = dx * dx + dy * dy;
  const ring = x >= 0.5 && d <= 1 && d >= 0.42;
  const thickness = 0.19 * (1 - Math.sqrt(0.42)); // the ring's thickness at its top and bottom
  const bars = x >= 0.3 && x <= 0.5 && ((y >= 0.2 && y <= 0.2 + thickness) || (y <= 0.58 && y >= 0.58 - thickness));
  return stem || ring || bars ? 'fg' : 'bg';
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size: number): Buffer {
  const rows: Buffer[] = [];
  const s = 4;
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let px = 0; px < size; px++) {
      let bg = 0;
      let fg = 0;
      for (let sy = 0; sy < s; sy++)
        for (let sx = 0; sx < s; sx++) {
          const kind = shape((px + (sx + 0.5) / s) / size, (py + (sy + 0.5) / s) / size);
          if (kind === 'bg') bg++;
          else if (kind === 'fg') fg++;
        }
      const covered = bg + fg;
      const alpha = covered / (s * s);
      const white = covered ? fg / covered : 0;
      const o = 1 + px * 4;
      row[o] = Math.round(BLUE[0] + (255 - BLUE[0]) * white);
      row[o + 1] = Math.round(BLUE[1] + (255 - BLUE[1]) * white);
      row[o + 2] = Math.round(BLUE[2] + (255 - BLUE[2]) * white);
      row[o + 3] = Math.round(alpha * 255);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const size of [16, 32, 48, 128]) {
  writeFileSync(new URL(`../extension/public/icon/${size}.png`, import.meta.url), png(size));
}
