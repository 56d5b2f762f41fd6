// Images and pages for the capture tests, made at test time from the shared query photo (never committed).
import { join } from 'node:path';
import sharp from 'sharp';
import { SHARED } from '../../scripts/lib/chromium.ts';

export type Served = Record<string, { type: string; body: Buffer; headers?: Record<string, string> }>;

const TSHIRT = join(SHARED, 'fixtures/queries/tshirt.jpg');
const CHECKSHIRT = join(SHARED, 'fixtures/queries/checkshirt.jpg');

/** One photo in every format and shape the capture tests need. */
export async function images(): Promise<Served> {
  const base = sharp(TSHIRT);
  const padded = base.clone().resize(400, 400, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } });
  const upright = await base.clone().jpeg().toBuffer();
  const served: Served = {
    '/img/tshirt.jpg': { type: 'image/jpeg', body: upright },
    '/img/tshirt-small.jpg': { type: 'image/jpeg', body: await base.clone().resize(120).jpeg().toBuffer() },
    '/img/tshirt.webp': { type: 'image/webp', body: await base.clone().webp().toBuffer() },
    '/img/tshirt.avif': { type: 'image/avif', body: await base.clone().avif().toBuffer() },
    '/img/tshirt.gif': { type: 'image/gif', body: await base.clone().gif().toBuffer() },
    '/img/tshirt-transparent.png': { type: 'image/png', body: await padded.clone().png().toBuffer() },
    '/img/tshirt-white.jpg': { type: 'image/jpeg', body: await padded.clone().flatten({ background: '#ffffff' }).jpeg({ quality: 95 }).toBuffer() },
    // Pixels stored on their side, with EXIF orientation 6 telling viewers to turn them upright.
    '/img/tshirt-exif.jpg': { type: 'image/jpeg', body: await base.clone().rotate(-90).withMetadata({ orientation: 6 }).jpeg().toBuffer() },
    '/img/checkshirt-progressive.jpg': { type: 'image/jpeg', body: await sharp(CHECKSHIRT).jpeg({ progressive: true }).toBuffer() },
    '/img/shirt.svg': { type: 'image/svg+xml', body: Buffer.from(SHIRT_SVG) },
    '/img/corrupt.jpg': { type: 'image/jpeg', body: Buffer.concat([upright.subarray(0, 20), Buffer.alloc(3000, 7)]) },
  };
  return served;
}

export const SHIRT_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="400" viewBox="0 0 60 80"><rect width="60" height="80" fill="#fff"/><path d="M18 12l-14 9 6 11 6-3v39h28V29l6 3 6-11-14-9c-2 5-7 8-12 8s-10-3-12-8z" fill="#c62828"/></svg>`;

export const TRANSPARENT_GIF = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

export interface CaptureCase {
  name: string;
  html: string;
  /** What to right-click. */
  click: string;
  /** The image URL the search must have used ('' for pixels read in the page). */
  expectSrc: RegExp;
}

const box = 'width:240px;height:280px';

export const CAPTURE_CASES: CaptureCase[] = [
  {
    name: '<img srcset sizes>: the largest candidate, not the thumbnail shown',
    html: `<img id="t" src="/img/tshirt-small.jpg" srcset="/img/tshirt-small.jpg 120w, /img/tshirt.jpg 570w" sizes="120px">`,
    click: '#t',
    expectSrc: /\/img\/tshirt\.jpg$/,
  },
  {
    name: '<picture><source>: the largest source',
    html: `<picture><source type="image/webp" srcset="/img/tshirt-small.jpg 120w, /img/tshirt.webp 570w"><img id="t" src="/img/tshirt-small.jpg" width="200"></picture>`,
    click: '#t',
    expectSrc: /\/img\/tshirt\.webp$/,
  },
  {
    name: 'lazy loading: 1x1 placeholder with data-src',
    html: `<img id="t" src="${TRANSPARENT_GIF}" data-src="/img/tshirt.jpg" loading="lazy" style="${box}">`,
    click: '#t',
    expectSrc: /\/img\/tshirt\.jpg$/,
  },
  {
    name: 'lazy loading: data-srcset',
    html: `<img id="t" src="${TRANSPARENT_GIF}" data-srcset="/img/tshirt-small.jpg 120w, /img/tshirt.avif 570w" style="${box}">`,
    click: '#t',
    expectSrc: /\/img\/tshirt\.avif$/,
  },
  {
    name: 'lazy loading: data-lazy',
    html: `<img id="t" src="/img/placeholder.gif" data-lazy="/img/tshirt.gif" style="${box}">`,
    click: '#t',
    expectSrc: /\/img\/tshirt\.gif$/,
  },
  {
    name: 'CSS background-image on the element',
    html: `<div id="t" style="${box};background:url('/img/tshirt.jpg') center/contain no-repeat"></div>`,
    click: '#t',
    expectSrc: /\/img\/tshirt\.jpg$/,
  },
  {
    name: 'CSS background-image on an ancestor',
    html: `<div style="${box};background-image:url('/img/tshirt.webp');background-size:cover"><p><span id="t">New in</span></p></div>`,
    click: '#t',
    expectSrc: /\/img\/tshirt\.webp$/,
  },
  {
    name: 'CSS ::before background',
    html: `<style>#t{position:relative;${box}} #t::before{content:"";position:absolute;inset:0;background:url('/img/tshirt.jpg') center/contain no-repeat}</style><div id="t"></div>`,
    click: '#t',
    expectSrc: /\/img\/tshirt\.jpg$/,
  },
  {
    name: 'CSS image-set(): the highest resolution',
    html: `<div id="t" style="${box};background-size:contain;background-image:image-set(url('/img/tshirt-small.jpg') 1x, url('/img/tshirt.jpg') 2x)"></div>`,
    click: '#t',
    expectSrc: /\/img\/tshirt\.jpg$/,
  },
  {
    name: 'a transparent link overlay covering the image',
    html: `<div style="position:relative;${box}"><img src="/img/tshirt.jpg" style="${box}"><a id="t" href="#p" style="position:absolute;inset:0"></a></div><div><img src="/img/tshirt-small.jpg"></div>`,
    click: '#t',
    expectSrc: /\/img\/tshirt\.jpg$/,
  },
  {
    name: 'an image inside an open shadow root',
    html: `<product-card id="host"></product-card><script>document.getElementById('host').attachShadow({mode:'open'}).innerHTML='<img id="t" src="/img/tshirt.jpg" style="${box}">';</script>`,
    click: '#host >> #t',
    expectSrc: /\/img\/tshirt\.jpg$/,
  },
  {
    name: 'a data: URL image',
    html: `<img id="t" style="${box}"><script>fetch('/img/tshirt-small.jpg').then(r=>r.blob()).then(b=>{const f=new FileReader();f.onload=()=>{document.getElementById('t').src=f.result};f.readAsDataURL(b)})</script>`,
    click: '#t',
    expectSrc: /^$/,
  },
  {
    name: 'a blob: URL image',
    html: `<img id="t" style="${box}"><script>fetch('/img/tshirt.jpg').then(r=>r.blob()).then(b=>{document.getElementById('t').src=URL.createObjectURL(b)})</script>`,
    click: '#t',
    expectSrc: /^blob:/,
  },
  {
    name: 'a <canvas>',
    html: `<canvas id="t" width="300" height="330"></canvas><script>const i=new Image();i.onload=()=>document.getElementById('t').getContext('2d').drawImage(i,0,0,300,330);i.src='/img/tshirt.jpg'</script>`,
    click: '#t',
    expectSrc: /^$/,
  },
  {
    name: 'an inline <svg>',
    html: SHIRT_SVG.replace('<svg ', '<svg id="t" '),
    click: '#t',
    expectSrc: /^$/,
  },
  {
    name: 'an <svg><image>',
    html: `<svg id="t" width="240" height="280"><image href="/img/tshirt.jpg" width="240" height="280"/></svg>`,
    click: '#t image',
    expectSrc: /\/img\/tshirt\.jpg$/,
  },
  {
    name: 'an SVG file in <img>',
    html: `<img id="t" src="/img/shirt.svg" style="${box}">`,
    click: '#t',
    expectSrc: /\/img\/shirt\.svg$/,
  },
  {
    name: 'a <video poster>',
    html: `<video id="t" poster="/img/tshirt.jpg" width="240" height="280"></video>`,
    click: '#t',
    expectSrc: /\/img\/tshirt\.jpg$/,
  },
  {
    name: 'a progressive JPEG',
    html: `<img id="t" src="/img/checkshirt-progressive.jpg" style="${box}">`,
    click: '#t',
    expectSrc: /checkshirt-progressive\.jpg$/,
  },
];
