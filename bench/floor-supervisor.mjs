// The floor for restart latency: the barest supervisor Node can be, a loop of
// "child exited → spawn it again" with nothing else in it.
import { spawn } from 'node:child_process';

const [file, ...args] = JSON.parse(process.argv[2]);
function start() {
  const child = spawn(file, args, { stdio: 'ignore', detached: true });
  child.once('exit', start);
}
start();
process.on('SIGTERM', () => process.exit(0));
