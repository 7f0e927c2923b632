// The Node floor for N targets: bench/floor-supervisor.mjs's loop ("child
// exited → spawn it again", nothing else) over N children.
// usage: node floor-multi.mjs SCRIPT N   (child i runs: /bin/bash -c SCRIPT t<i>)
import { spawn } from 'node:child_process';

const [script, n] = process.argv.slice(2);
function start(i) {
  const child = spawn('/bin/bash', ['-c', script, `t${i}`], { stdio: 'ignore', detached: true });
  child.once('exit', () => start(i));
}
for (let i = 0; i < Number(n); i++) start(i);
process.on('SIGTERM', () => process.exit(0));
