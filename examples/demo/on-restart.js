// Demo restart script: psv runs it before each re-spawn of "flaky".
console.log(`restart script: ${process.env.PSV_TARGET} (pid ${process.env.PSV_PID}) went down: ${process.env.PSV_REASON}`);
