// Parse throughput in node, on the corpus, in one interleaved run: Layerlab's parser compiled to wasm,
// the `parse-dockerfile` crate compiled to the same wasm (same profile, same string passing), and the
// npm `dockerfile-ast` (the parser behind the VS Code Dockerfile language server) in plain JavaScript.
// Each call parses one file and reads its instruction count. Run by `make bench`, which first builds
// target/js-bench/ (release, with the `peer-bench` feature).
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const require = createRequire(import.meta.url);
const wasm = require(join(root, 'target', 'js-bench', 'layerlab_js.js'));
const { DockerfileParser } = require(join(root, 'e2e', 'node_modules', 'dockerfile-ast'));

const corpus = process.env.LAYERLAB_CORPUS ?? join(root, '..', 'shared', 'corpus');
if (!existsSync(corpus)) {
  console.log(`corpus not found at ${corpus}: set LAYERLAB_CORPUS; skipped`);
  process.exit(0);
}
const files = [];
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith('.Dockerfile')) files.push(path);
  }
};
walk(corpus);
files.sort();
const texts = files.map((f) => readFileSync(f, 'utf8'));
const megabytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1e6;

const parsers = {
  'layerlab (wasm)': (t) => wasm.parseCount(t),
  'parse-dockerfile (wasm)': (t) => wasm.peerParseCount(t),
  'dockerfile-ast (js)': (t) => DockerfileParser.parse(t).getInstructions().length,
};
const rounds = Number(process.env.BENCH_ROUNDS ?? 10);
const time = Object.fromEntries(Object.keys(parsers).map((k) => [k, 0]));
let checksum = 0;
// One warm-up round lets the JIT and the wasm tiers settle before timing.
for (const parse of Object.values(parsers)) for (const t of texts) checksum += parse(t);
for (let round = 0; round < rounds; round++) {
  for (const [name, parse] of Object.entries(parsers)) {
    const start = process.hrtime.bigint();
    for (const t of texts) checksum += parse(t);
    time[name] += Number(process.hrtime.bigint() - start) / 1e9;
  }
}
const mbs = Object.fromEntries(Object.entries(time).map(([k, s]) => [k, (megabytes * rounds) / s]));
console.log(`node ${process.version}: ${texts.length} files, ${megabytes.toFixed(2)} MB, ${rounds} interleaved rounds`);
for (const [name, rate] of Object.entries(mbs)) console.log(`${name.padEnd(26)} ${rate.toFixed(1).padStart(8)} MB/s`);
const vsPeer = mbs['layerlab (wasm)'] / mbs['parse-dockerfile (wasm)'];
const vsAst = mbs['layerlab (wasm)'] / mbs['dockerfile-ast (js)'];
console.log(`ratio vs parse-dockerfile (wasm): ${vsPeer.toFixed(2)}x  (goal >= 1.0x: ${vsPeer >= 1 ? 'met' : 'not met'})`);
console.log(`ratio vs dockerfile-ast (js):     ${vsAst.toFixed(1)}x  (goal >= 50x: ${vsAst >= 50 ? 'met' : 'not met'})  (checksum ${checksum})`);
