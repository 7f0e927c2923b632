// Demo target: prints a line every second, forever.
let n = 0;
setInterval(() => console.log(`ticker ${process.pid}: tick ${++n}`), 1000);
