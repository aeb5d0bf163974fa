const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `Node ${process.versions.node} is running; this repo needs Node 24 (installed by npm as node_modules/.bin/node). Run through npm scripts, e.g. "npm test".`,
  );
  process.exit(1);
}
