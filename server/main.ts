/**
 * Entry point of `npm start`. It checks the runtime first and only then loads the application, so
 * an unsupported Node prints one clear line instead of a stack trace from deep inside a library.
 */
const REQUIRED_NODE_MAJOR = 24;
const isDeno = 'Deno' in globalThis;
const nodeMajor = Number(process.versions.node.split('.')[0]);

if (!isDeno && nodeMajor < REQUIRED_NODE_MAJOR) {
  console.error(
    `Emhana needs Node.js ${REQUIRED_NODE_MAJOR} or newer; this is ${process.version}. ` +
      'Run it through npm (npm start), which uses the Node pinned in package.json.',
  );
  process.exit(1);
}

const { run } = await import('./run.ts');
await run();
