// The MV3 manifest; every permission is justified in README.md "Privacy".
import { defineManifest } from '@crxjs/vite-plugin';
import pkg from './package.json' with { type: 'json' };

export default defineManifest({
  manifest_version: 3,
  name: 'Lookalike: find similar fashion',
  description: pkg.description,
  version: pkg.version,
  icons: { 16: 'icons/icon16.png', 48: 'icons/icon48.png', 128: 'icons/icon128.png' },
  action: { default_popup: 'src/popup/index.html', default_title: 'Lookalike' },
  background: { service_worker: 'src/background/index.ts', type: 'module' },
  content_scripts: [
    { matches: ['<all_urls>'], js: ['src/content/index.iife.ts'], all_frames: true, run_at: 'document_start' },
  ],
  permissions: ['contextMenus', 'storage', 'unlimitedStorage', 'offscreen'],
  host_permissions: ['<all_urls>'],
  // Cross-origin isolation gives extension pages SharedArrayBuffer: the offscreen document runs
  // the model's WASM threads with it (issue #4).
  // (Chrome's manifest keys; @crxjs's manifest type does not list them yet.)
  ...({ cross_origin_embedder_policy: { value: 'require-corp' }, cross_origin_opener_policy: { value: 'same-origin' } } as object),
  content_security_policy: {
    extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
  },
});
