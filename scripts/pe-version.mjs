// Reads what a Windows executable says about itself, without running it: the
// strings of its version resource (VS_VERSIONINFO: FileVersion, ProductName,
// ...) and whether it is a .NET assembly (it has a CLR header). Used by
// scripts/build-exe.mjs to check the WinSW it ships, and by the archive test.

/**
 * The value of the version-resource string `key` (e.g. 'FileVersion'), or null.
 * Each entry is a String structure: a UTF-16 key, NUL-terminated, padding to a
 * 32-bit boundary, then the UTF-16 value, NUL-terminated.
 */
export function versionString(buffer, key) {
  const needle = Buffer.from(`${key}\0`, 'utf16le');
  for (let at = buffer.indexOf(needle); at >= 0; at = buffer.indexOf(needle, at + 2)) {
    // The key starts 6 bytes into its structure (wLength, wValueLength, wType); structures are 32-bit aligned.
    if ((at - 6) % 4 !== 0) continue;
    let start = at + needle.length;
    start += (4 - (start % 4)) % 4;
    let end = start;
    while (end + 1 < buffer.length && buffer.readUInt16LE(end) !== 0) end += 2;
    return buffer.toString('utf16le', start, end);
  }
  return null;
}

/** Whether the PE file in `buffer` is a .NET assembly: its COM descriptor (CLR header) directory is set. */
export function isDotNetAssembly(buffer) {
  const pe = buffer.readUInt32LE(0x3c);
  if (buffer.toString('latin1', pe, pe + 4) !== 'PE\0\0') throw new Error('not a PE file');
  const optional = pe + 24;
  const dirs = optional + (buffer.readUInt16LE(optional) === 0x20b ? 112 : 96);
  return buffer.readUInt32LE(dirs + 8 * 14) !== 0; // IMAGE_DIRECTORY_ENTRY_COM_DESCRIPTOR
}
