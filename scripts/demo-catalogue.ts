// `tsx scripts/demo-catalogue.ts DIR`: writes a small synthetic catalogue (drawn garments, made-up
// names) in the same layout as the default source: DIR/images/<id>.jpg and DIR/styles.csv.
// Used for the README screenshot and as an example of pointing Lookalike at another catalogue.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';

const COLOURS: Record<string, string> = {
  Red: '#c62828', Navy: '#1a237e', Black: '#212121', White: '#f5f5f5', Green: '#2e7d32',
  Yellow: '#f9a825', Pink: '#ec407a', Grey: '#78909c',
};

/** Each garment as SVG paths in a 60x80 box, filled with `c`. */
const GARMENTS: Record<string, { type: string; gender: string; svg: (c: string) => string }> = {
  'T-shirt': { type: 'Tshirts', gender: 'Men', svg: (c) => `<path d="M18 12l-14 9 6 11 6-3v39h28V29l6 3 6-11-14-9c-2 5-7 8-12 8s-10-3-12-8z" fill="${c}" stroke="#0003"/>` },
  Shirt: { type: 'Shirts', gender: 'Men', svg: (c) => `<path d="M18 10l-13 8 2 42 9-2v12h28V58l9 2 2-42-13-8-12 9z" fill="${c}" stroke="#0003"/><path d="M30 19v50" stroke="#0004"/><circle cx="32" cy="30" r="1.2"/><circle cx="32" cy="42" r="1.2"/><circle cx="32" cy="54" r="1.2"/>` },
  Dress: { type: 'Dresses', gender: 'Women', svg: (c) => `<path d="M23 8h14l-2 14 4 10 11 40H10l11-40 4-10z" fill="${c}" stroke="#0003"/>` },
  Trousers: { type: 'Trousers', gender: 'Men', svg: (c) => `<path d="M17 6h26l4 68h-12l-5-50-5 50H13z" fill="${c}" stroke="#0003"/>` },
  Sneaker: { type: 'Casual Shoes', gender: 'Men', svg: (c) => `<path d="M6 50c0-8 4-14 10-14 4 6 12 7 18 4l18 8c4 2 4 6 4 9H6z" fill="${c}" stroke="#0003"/><path d="M6 57h50v5H6z" fill="#eee" stroke="#0003"/>` },
  Handbag: { type: 'Handbags', gender: 'Women', svg: (c) => `<path d="M20 30c0-14 20-14 20 0" fill="none" stroke="#333" stroke-width="3"/><rect x="10" y="30" width="40" height="34" rx="4" fill="${c}" stroke="#0003"/>` },
  Watch: { type: 'Watches', gender: 'Unisex', svg: (c) => `<rect x="24" y="4" width="12" height="72" rx="3" fill="${c}"/><circle cx="30" cy="40" r="14" fill="#fafafa" stroke="#333" stroke-width="3"/><path d="M30 40V31M30 40l6 3" stroke="#333" stroke-width="2"/>` },
};

export async function drawGarment(garment: string, colour: string, width = 60, height = 80, background = '#fff'): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 60 80" preserveAspectRatio="xMidYMid meet"><rect x="-100" y="-100" width="300" height="300" fill="${background}"/>${GARMENTS[garment].svg(COLOURS[colour])}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

export async function writeDemoCatalogue(dir: string): Promise<number> {
  mkdirSync(join(dir, 'images'), { recursive: true });
  const rows = ['id,gender,masterCategory,subCategory,articleType,baseColour,season,year,usage,productDisplayName'];
  let id = 1;
  for (const [garment, { type, gender }] of Object.entries(GARMENTS)) {
    for (const colour of Object.keys(COLOURS)) {
      writeFileSync(join(dir, 'images', `${id}.jpg`), await drawGarment(garment, colour));
      rows.push(`${id},${gender},Demo,Demo,${type},${colour},All,2026,Casual,Demo ${colour} ${garment}`);
      id++;
    }
  }
  writeFileSync(join(dir, 'styles.csv'), `${rows.join('\n')}\n`);
  return id - 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = resolve(process.argv[2] ?? 'demo-catalogue');
  const count = await writeDemoCatalogue(dir);
  console.log(`demo-catalogue: wrote ${count} drawn items to ${dir}`);
}
