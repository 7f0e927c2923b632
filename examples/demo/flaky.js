// Demo target: works for a few seconds, then crashes, so psv has something to restart.
const lifetime = 3000 + Math.floor(Math.random() * 4000);
console.log(`flaky ${process.pid}: up, will crash in ${lifetime} ms`);
setTimeout(() => {
  console.error(`flaky ${process.pid}: crashing`);
  process.exit(1);
}, lifetime);
