// Preloaded into every child (node --import): the start script holds the write end of the child's
// stdin, so end-of-file means the start script is gone, even if it was SIGKILLed. The child then
// stops the way it would on SIGTERM instead of living on as an orphan holding its port.
process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM'));
process.stdin.resume();
process.stdin.unref();
