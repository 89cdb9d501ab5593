// Layerlab's JavaScript API from node: parse a Dockerfile, build it, read `docker history`, and see
// what `docker run` would start. Build the package first with `make js`, then run
// `node js/example.mjs`. In a page, load target/js/web/layerlab_js.js as an ES module and call its
// default export (init) before these functions; see js/README.md.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const layerlab = require('../target/js/node/layerlab_js.js');

const dockerfile = `FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY app.py .
ENTRYPOINT ["python3"]
CMD ["app.py"]
`;

const parsed = layerlab.parse(dockerfile);
console.log(`${parsed.instructions.length} instructions, ${parsed.diagnostics.length} diagnostics`);

const result = layerlab.build(dockerfile, {
  'requirements.txt': 'flask\n',
  'app.py': 'print("hello")\n',
}, { tag: 'demo:latest' });
console.log(result.log);
console.log(result.history);

const run = layerlab.resolveRun(result.image, ['-c', 'print(42)'], { env: ['DEBUG=1'] });
console.log(run.argv.map((w) => `${w.text} (${w.source})`).join(' '));
