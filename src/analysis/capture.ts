// The live capture moved to platform/ (capture-live.ts, dumps-*.ts): its tools are the OS's.
// This name stays for test/incidents.test.ts, which checks the Windows dump command.
export { windowsDumpCommand } from '../platform/dumps-windows.js';
