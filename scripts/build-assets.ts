/** Build step (after tsc): the pages' stylesheet and icons, content-hashed and pre-compressed, into dist/public. */
import { buildAssets, builtAssetsDir } from '../src/web/assets/build-assets';

const started = Date.now();
const manifest = buildAssets();
process.stdout.write(`built ${Object.keys(manifest.files).length} page assets into ${builtAssetsDir()} in ${Date.now() - started} ms\n`);
