// The JavaScript API as a page or node would use it: the package made by `make js` is loaded in node
// and its three functions are checked, including errors thrown for malformed arguments and the
// TypeScript declarations wasm-bindgen wrote. Prints `N passed, N failed`.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import assert from 'node:assert/strict';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, '..', 'target', 'js', 'node');
const require = createRequire(import.meta.url);
const layerlab = require(join(pkg, 'layerlab_js.js'));

const tests = {
  'parse returns instructions, diagnostics, lints and the dump'() {
    const result = layerlab.parse('FROM alpine:3.20\nRUN apt-get install curl\nFORM x\n');
    assert.deepEqual(result.instructions.map((i) => i.keyword), ['FROM', 'RUN', 'FORM']);
    const error = result.diagnostics.find((d) => d.severity === 'error');
    assert.match(error.message, /unknown instruction: FORM \(did you mean FROM\?\)/);
    assert.equal(error.span.line, 3);
    assert.equal('FROM alpine:3.20\nRUN apt-get install curl\nFORM x\n'.slice(error.span.start, error.span.end).startsWith('FORM'), true);
    assert.ok(Array.isArray(result.lints));
    assert.equal(layerlab.parse('FROM a\nCMD ["b"]\n').dump, '(from "a")\n(cmd "b")\n');
    assert.equal(layerlab.parse('CMD [5]\n').dump, null);
  },
  'build returns events, the plain log, the image and docker history'() {
    const result = layerlab.build('FROM alpine:3.20\nCOPY a.txt /\nENTRYPOINT ["cat"]\nCMD ["/a.txt"]\n', { 'a.txt': 'A\n' }, { tag: 'x:1', now: 1732000000000 });
    assert.equal(result.outcome, 'succeeded', result.error);
    assert.match(result.log, /#\d+ \[2\/2\] COPY a.txt \//);
    assert.match(result.image.id, /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual(result.image.config.Entrypoint, ['cat']);
    assert.match(result.history, /^IMAGE {10}CREATED/);
    assert.ok(result.events.length > 5);
    // Deterministic: the same input at the same time gives the same image.
    const again = layerlab.build('FROM alpine:3.20\nCOPY a.txt /\nENTRYPOINT ["cat"]\nCMD ["/a.txt"]\n', { 'a.txt': 'A\n' }, { tag: 'x:1', now: 1732000000000 });
    assert.equal(again.image.id, result.image.id);
  },
  'build reports failures and crashes as results'() {
    const failed = layerlab.build('FROM ubuntu:24.04\nRUN apt-get install -y curl\n');
    assert.equal(failed.outcome, 'failed');
    assert.match(failed.log, /E: Unable to locate package curl/);
    const crashed = layerlab.build('FROM alpine:3.20\nRUN echo 1\nRUN echo 2\n', {}, { crashAt: 3 });
    assert.equal(crashed.outcome, 'crashed');
  },
  'resolveRun combines ENTRYPOINT, CMD, arguments and -e (S-EP-3, S-RUN-3)'() {
    const image = layerlab.build('FROM alpine:3.20\nENV MODE=image\nENTRYPOINT ["sleep"]\nCMD ["5"]\n').image;
    const run = layerlab.resolveRun(image, ['10'], { env: ['MODE=flag'] });
    assert.deepEqual(run.argv, [{ text: 'sleep', source: 'entrypoint' }, { text: '10', source: 'args' }]);
    assert.ok(run.env.includes('MODE=flag'));
    const inspectConfig = { Entrypoint: null, Cmd: ['/bin/sh', '-c', 'echo $HOME'] };
    assert.equal(layerlab.resolveRun(inspectConfig).shellScript, 'echo $HOME');
    assert.throws(() => layerlab.resolveRun({ Cmd: null }), /no command specified/);
  },
  'malformed arguments throw clear errors'() {
    assert.throws(() => layerlab.build('FROM alpine', { 'a.txt': 5 }), /context/);
    assert.throws(() => layerlab.build('FROM alpine', {}, { noCache: 'yes' }), /options/);
  },
  'the TypeScript declarations name the result types'() {
    const dts = readFileSync(join(pkg, 'layerlab_js.d.ts'), 'utf8');
    for (const line of ['export function parse(text: string): ParseResult;', 'export interface BuildResult {',
      'export function build(dockerfile: string, context?: Record<string, string>, options?: BuildOptions): BuildResult;',
      'export function resolveRun(image: RunConfig | { config: RunConfig }, args?: string[], options?: RunOptions): RunResult;']) {
      assert.ok(dts.includes(line), `missing from the .d.ts: ${line}`);
    }
  },
};

let passed = 0;
let failed = 0;
for (const [name, run] of Object.entries(tests)) {
  try {
    run();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.message}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
